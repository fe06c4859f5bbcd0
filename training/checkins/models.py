"""Weekly check-ins: the mentor (or manager) and the engineer meet once a week of the track (a
track's stages are its weeks: stage 1 is week 1), note what they said, agree actions and each
rate their confidence. An action left open carries into the next week's check-in."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from training.workflow.models import Enrollment

User = settings.AUTH_USER_MODEL
WEEK = datetime.timedelta(days=7)
# A check-in is overdue once its week ended more than this long ago without one.
GRACE = datetime.timedelta(days=7)


def week_starts(enrollment, week):
    """The first day of ``week`` (1 for the first) of the enrollment."""
    return enrollment.start_date + WEEK * (week - 1)


def week_due(enrollment, week):
    """The day week ``week``'s check-in is due: the end of that week, counted from the start date."""
    return enrollment.start_date + WEEK * week


class HeldBy(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Training admin"


class Owner(models.TextChoices):
    ENGINEER = "engineer", "Engineer"
    MENTOR = "mentor", "Mentor"


CONFIDENCE = [(n, str(n)) for n in range(1, 6)]


class CheckIn(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="checkins")
    week = models.PositiveSmallIntegerField()
    held_at = models.DateField()
    held_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="checkins_held")
    held_as = models.CharField(max_length=8, choices=HeldBy.choices)
    notes = models.TextField(blank=True)
    mentor_confidence = models.PositiveSmallIntegerField(choices=CONFIDENCE)
    engineer_confidence = models.PositiveSmallIntegerField(choices=CONFIDENCE, null=True, blank=True)
    engineer_notes = models.TextField(blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="When the engineer added their rating.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrollment", "week"]
        verbose_name = "check-in"
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "week"], name="checkin_once_per_week"),
            models.CheckConstraint(condition=Q(week__gte=1), name="checkin_week_from_1"),
            models.CheckConstraint(condition=Q(mentor_confidence__gte=1, mentor_confidence__lte=5),
                                   name="checkin_mentor_confidence_1_5"),
            models.CheckConstraint(condition=Q(engineer_confidence__isnull=True)
                                   | Q(engineer_confidence__gte=1, engineer_confidence__lte=5),
                                   name="checkin_engineer_confidence_1_5"),
        ]

    def __str__(self):
        return f"Week {self.week} check-in of {self.enrollment}"


class CheckInAction(models.Model):
    """An action agreed at a check-in. One still open at the next check-in is written there again
    (``from_week`` keeps the week it was first agreed), ticked or not: each check-in keeps what
    stood that day."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    owner = models.CharField(max_length=8, choices=Owner.choices, default=Owner.ENGINEER)
    done = models.BooleanField(default=False)
    from_week = models.PositiveSmallIntegerField(help_text="The week the action was first agreed.")

    class Meta:
        ordering = ["checkin", "pk"]
        verbose_name = "check-in action"

    def __str__(self):
        return self.text

    @property
    def carried(self):
        return self.from_week != self.checkin.week
