"""The first on-call weeks with a backup. After the final sign-off the manager schedules the
engineer's first primary shift and names a backup (someone eligible for on-call on the engineer's
team); the track's countdown steps (``Step.before_first_shift``) become a dated checklist the
engineer ticks; once the backed-up weeks are over the manager confirms the engineer "on the rota
without backup"."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from training.tracks.models import Step
from training.workflow.models import Enrollment

User = settings.AUTH_USER_MODEL
WEEK = datetime.timedelta(days=7)
MAX_BACKED_WEEKS = 8


class FirstShiftsQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The plans ``user`` may see: those of the enrollments they may see, and those naming
        them the backup."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(enrollment__in=Enrollment.objects.visible_to(user).values("pk")) | Q(backup=user))

    def waiting(self):
        """Not confirmed on the rota yet."""
        return self.filter(on_rota_at__isnull=True)


class FirstShifts(models.Model):
    """The first on-call shifts of an enrollment signed off as ready: when the first primary shift
    starts, who backs the engineer up and for how many weeks, and when they went on the rota alone."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE, related_name="first_shifts")
    first_shift_at = models.DateTimeField(help_text="When the engineer's first primary shift starts.")
    backed_weeks = models.PositiveSmallIntegerField(default=2, help_text="Weeks on call with the backup.")
    backup = models.ForeignKey(User, on_delete=models.PROTECT, related_name="first_shifts_backed")
    scheduled_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)
    on_rota_at = models.DateTimeField(null=True, blank=True, help_text="Confirmed on the rota without backup.")
    on_rota_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = FirstShiftsQuerySet.as_manager()

    class Meta:
        verbose_name = "first on-call shifts"
        verbose_name_plural = "first on-call shifts"
        constraints = [
            models.CheckConstraint(condition=Q(backed_weeks__gte=1, backed_weeks__lte=MAX_BACKED_WEEKS),
                                   name="first_shifts_backed_weeks_1_8"),
            models.CheckConstraint(condition=Q(on_rota_at__isnull=True) | Q(on_rota_by__isnull=False),
                                   name="first_shifts_on_rota_by_someone"),
        ]

    def __str__(self):
        return f"First on-call shifts of {self.enrollment}"

    @property
    def first_shift_on(self):
        return timezone.localdate(self.first_shift_at)

    @property
    def backed_until(self):
        """The first day the engineer may be on the rota without backup: the backed-up weeks are over."""
        return self.first_shift_on + WEEK * self.backed_weeks

    def due_on(self, step):
        """The day a countdown step is due: its time before the first shift, as a date."""
        return timezone.localdate(self.first_shift_at - step.before_first_shift)


class CountdownTick(models.Model):
    """The engineer ticked a step of the countdown to their first shift."""

    first_shifts = models.ForeignKey(FirstShifts, on_delete=models.CASCADE, related_name="ticks")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+")
    ticked_at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["first_shifts", "step__order"]
        verbose_name = "countdown tick"
        constraints = [models.UniqueConstraint(fields=["first_shifts", "step"], name="countdown_tick_once")]

    def __str__(self):
        return f"{self.step} ticked"
