"""Readiness levels: named milestones before "ready for on-call" ("Support rota", "Escalation
backup"), which a track declares at the end of a stage (its front matter's ``levels:``, kept on
``Track.levels``). The engineer's manager grants one once every required step up to that stage is
done, and may revoke it with a reason. A level never makes anyone eligible for on-call: only the
final sign-off does.

Each decision is an append-only ``LevelSignOff``: the current state of a level is its latest
decision (a level granted again after a revocation is a new row)."""

from django.conf import settings
from django.db import models

from training.audit.models import AppendOnlyModel, AppendOnlyQuerySet
from training.tracks.frontmatter import LEVEL_NAME_MAX
from training.tracks.models import Stage
from training.workflow.models import Enrollment

User = settings.AUTH_USER_MODEL


class LevelAction(models.TextChoices):
    GRANTED = "granted", "Granted"
    REVOKED = "revoked", "Revoked"


class LevelSignOff(AppendOnlyModel):
    """The manager's decision on one readiness level of an enrollment: granted (with an optional
    comment) or revoked (with its reason)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="level_signoffs")
    level = models.CharField(max_length=LEVEL_NAME_MAX, help_text="The level's name, as the track declares it.")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+",
                              help_text="The stage at whose end the level is reached.")
    action = models.CharField(max_length=8, choices=LevelAction.choices)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True, help_text="The manager's comment on a grant; the reason of a revocation.")
    at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "readiness level sign-off"
        indexes = [models.Index(fields=["enrollment", "level"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(action="revoked") | ~models.Q(comment=""),
                                   name="level_revocation_has_reason"),
        ]

    def __str__(self):
        return f"{self.level}: {self.get_action_display().lower()} by {self.by} at {self.at:%Y-%m-%d %H:%M}"
