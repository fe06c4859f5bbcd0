"""Major incidents: what happened (title, date, severity, the documents it touched) and the
follow-ups the operations index asks for after one, each ticked with who and when."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from content.models import Document
from training.teams.models import Team

User = settings.AUTH_USER_MODEL


class Severity(models.TextChoices):
    P1 = "p1", "P1 · critical"
    P2 = "p2", "P2 · major"
    P3 = "p3", "P3 · minor"
    P4 = "p4", "P4 · low"


class FollowUp(models.TextChoices):
    """The checklist "After major incident" of the operations index, in its order."""

    RCA = "rca", "Root cause analysis written (Incident response guide)"
    RUNBOOKS = "runbooks", "Runbooks updated if procedures changed"
    TREES = "trees", "Decision trees updated if it was a new scenario"
    BRIEFED = "briefed", "Team briefed on the learnings"
    TRAINING = "training", "Needed training scheduled"
    REGRESSION = "regression", "Monitored for regression"


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user, teams):
        """The incidents of ``teams`` (those ``user`` may lead: ``access.reportable_teams``)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(team__in=teams)


class Incident(models.Model):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="incidents")
    title = models.CharField(max_length=200)
    occurred_on = models.DateField()
    severity = models.CharField(max_length=2, choices=Severity.choices)
    summary = models.TextField(blank=True, help_text="What happened, in a few lines.")
    documents = models.ManyToManyField(Document, blank=True, related_name="+",
                                       help_text="The runbooks and guides the incident touched.")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="incident_title_not_empty")]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("training:incident_detail", kwargs={"pk": self.pk})

    @property
    def reference(self):
        """How a change note names the incident ("Drain the queue first, after INC-7")."""
        return f"INC-{self.pk}"


class IncidentFollowUp(models.Model):
    """One follow-up ticked: by whom and when (unticking deletes it; the audit log keeps both)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="follow_ups")
    item = models.CharField(max_length=12, choices=FollowUp.choices)
    done_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident", "done_at"]
        constraints = [models.UniqueConstraint(fields=["incident", "item"], name="incident_follow_up_once")]

    def __str__(self):
        return f"{self.incident.reference}: {self.get_item_display()}"
