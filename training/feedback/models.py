"""A step's usefulness as the engineers of its track rate it (gaps are the library's GapReport), and
the rotation of document reviews among a team's certified engineers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from content.models import Document
from training.teams.models import Team
from training.tracks.models import Step


class StepRating(models.Model):
    """How useful one engineer found one step, 1 (not at all) to 5 (very); one per engineer, changeable."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_ratings")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField()
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "step"], name="step_rating_once_per_step"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="step_rating_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.user} rated {self.step} {self.score}/5"


class ReviewRotation(models.Model):
    """A team's turn-taking for the reviews of some documents: its certified engineers review them
    one after another (round-robin, in the order they joined Shiftready), skipping anyone on leave.
    Set up by a training admin in the Django admin; each "Mark reviewed" of one of its documents
    moves the turn on (``training.feedback.rotation``)."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="review_rotation")
    documents = models.ManyToManyField(Document, related_name="review_rotations", blank=True)
    last_reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", help_text="Whose turn it was at the last review.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Review rotation of {self.team}"


class Leave(models.Model):
    """A person away from ``starts`` to ``ends`` (both days included): their turn in a review
    rotation passes to the next person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leaves")
    starts = models.DateField()
    ends = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-starts"]
        constraints = [models.CheckConstraint(condition=Q(ends__gte=models.F("starts")), name="leave_ends_after_start")]

    def __str__(self):
        return f"{self.user} on leave {self.starts} – {self.ends}"
