"""Team assignments: a quiz to take, or a briefing document to read, given to every member of a
team (certified engineers included) with a due date, for a quarterly team assessment or as the
follow-up of an incident. Whether a member has done it is read from the quiz's attempts and the
library's reading records (``selectors``): the quiz engine and the library stay as they are."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from content.models import Document, DocumentVersion
from training.teams.models import Team

User = settings.AUTH_USER_MODEL


class AssignmentReason(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly team assessment"
    INCIDENT = "incident", "Incident follow-up"


class TeamAssignmentQuerySet(models.QuerySet):
    def for_teams(self, teams):
        return self.filter(team__in=teams)

    def quarterly(self):
        return self.filter(reason=AssignmentReason.QUARTERLY)

    def overdue(self, today):
        return self.filter(due_on__lt=today)


class TeamAssignment(models.Model):
    """A quiz (``quiz``) or a briefing to read (``document``, at ``document_version`` or a later
    one) for every member of ``team`` by ``due_on``."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="assignments")
    quiz = models.ForeignKey("assessments.Quiz", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    document_version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", help_text="The version to read (or a later one).")
    due_on = models.DateField()
    reason = models.CharField(max_length=10, choices=AssignmentReason.choices)
    # The incident it follows up (``training.incidents``, a layer above: named, not imported).
    incident = models.ForeignKey("training.Incident", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="assignments")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TeamAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quiz__isnull=False, document__isnull=True, document_version__isnull=True)
                | Q(quiz__isnull=True, document__isnull=False, document_version__isnull=False),
                name="assignment_quiz_or_briefing"),
            models.CheckConstraint(condition=Q(incident__isnull=True) | Q(reason="incident"),
                                   name="assignment_incident_is_a_follow_up"),
        ]
        indexes = [models.Index(fields=["team", "due_on"])]

    def __str__(self):
        return f"{self.title} for {self.team} by {self.due_on:%d %b %Y}"

    @property
    def title(self):
        return self.quiz.title if self.quiz_id else self.document.title

    @property
    def kind(self):
        return "quiz" if self.quiz_id else "briefing"

    def is_overdue(self, today=None):
        return self.due_on < (today or timezone.localdate())
