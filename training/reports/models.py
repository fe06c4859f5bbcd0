"""Bulk exports: a team's certificates, shadowing logs and reports, zipped in the background."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from training.teams.models import Team

User = settings.AUTH_USER_MODEL


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Failed"


class ExportJob(models.Model):
    """A bulk export of a team's certificates, shadowing logs and reports, built in the
    background; the zip is for its requester only."""

    requester = models.ForeignKey(User, on_delete=models.CASCADE, related_name="export_jobs")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="export_jobs")
    status = models.CharField(max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True, max_length=200)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requester", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="export_done_within_total"),
        ]

    def __str__(self):
        return f"Export of {self.team} for {self.requester} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def percent(self):
        if self.status == ExportStatus.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0
