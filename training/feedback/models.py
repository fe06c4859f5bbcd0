"""A step's usefulness as the engineers of its track rate it (gaps are the library's GapReport)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

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
