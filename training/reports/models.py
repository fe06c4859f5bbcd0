"""Bulk exports (a team's certificates, shadowing logs and reports, zipped in the background) and the
stored renderings of report PDFs that downloads and exports serve."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from training.teams.models import Team
from training.workflow.models import Enrollment

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


class ReportKind(models.TextChoices):
    SHADOWING_LOG = "shadowing_log", "Shadowing log"
    ENGINEER_REPORT = "engineer_report", "Onboarding report"
    TEAM_REPORT = "team_report", "Team report"


ENROLLMENT_KINDS = (ReportKind.SHADOWING_LOG, ReportKind.ENGINEER_REPORT)


class RenderStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class RenderedReport(models.Model):
    """A report PDF made by the background worker from data whose SHA-256 is ``data_hash``
    (``training.reports.rendered``): a download of the same data is this file, never a new render.
    One row per (kind, subject, data): an enrollment's shadowing log or onboarding report, or a
    team's report (whose data includes which enrollments the viewer may see)."""

    kind = models.CharField(max_length=16, choices=ReportKind.choices)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="rendered_reports")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="rendered_reports")
    data_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=9, choices=RenderStatus.choices, default=RenderStatus.QUEUED)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True, max_length=200)
    error = models.TextField(blank=True)
    # Whose view of the data it was asked for: a team report shows the enrollments they may see.
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # When the status last changed: a render queued or started longer ago than
    # ``rendered.RENDER_TIMEOUT`` is taken for lost and queued again.
    changed_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=ENROLLMENT_KINDS, enrollment__isnull=False, team__isnull=True)
                           | Q(kind=ReportKind.TEAM_REPORT, team__isnull=False, enrollment__isnull=True)),
                name="rendered_report_subject_fits_kind"),
            models.UniqueConstraint(fields=["kind", "enrollment", "data_hash"], condition=Q(enrollment__isnull=False),
                                    name="rendered_report_one_per_enrollment_data"),
            models.UniqueConstraint(fields=["kind", "team", "data_hash"], condition=Q(team__isnull=False),
                                    name="rendered_report_one_per_team_data"),
            models.CheckConstraint(condition=~Q(status=RenderStatus.READY) | ~Q(file=""),
                                   name="rendered_report_ready_has_file"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.enrollment or self.team} ({self.get_status_display()})"

    @property
    def subject(self):
        return self.enrollment if self.kind in ENROLLMENT_KINDS else self.team

    @property
    def is_ready(self):
        return self.status == RenderStatus.READY

    @property
    def is_failed(self):
        return self.status == RenderStatus.FAILED


@receiver(post_delete, sender=RenderedReport)
def _rendered_report_file_delete(sender, instance, **kwargs):
    """A rendering's file goes with its row, whether the row was replaced by a newer rendering or
    went with its enrollment or team (a cascade sends this signal for each row too); once the
    deletion is committed, so a rolled-back one keeps its file."""
    if instance.file:
        name = instance.file.name
        transaction.on_commit(lambda: instance.file.storage.delete(name))
