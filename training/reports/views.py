"""Shadowing logs, onboarding reports and bulk exports. Thin: every read and write is in
``onboarding``, ``rendered`` and ``exports``; every URL naming an object the user may not see
answers 404. A PDF is never rendered here: its download is a stored file, or a page that waits
for the background worker."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from training import access
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.downloads import csv_response, download_name
from training.errors import TrainingError
from training.teams.models import person_name
from training.workflow.models import Enrollment

from . import exports, onboarding, rendered, waiting
from .models import ExportJob, ReportKind


def _enrollment_for(request, pk):
    return get_object_or_404(Enrollment.objects.visible_to(request.user).with_people(), pk=pk)


def _team_for(request, slug):
    return get_object_or_404(access.reportable_teams(request.user).prefetch_related("managers"), slug=slug)


# --- Shadowing log and onboarding reports --------------------------------------------------------

# The report PDFs: how a file is named for its engineer, what the pages call it, and the names
# of its download, status and retry URLs.
PDF_NAMES = {
    ReportKind.SHADOWING_LOG: ("shadowing-log", "shadowing log", "shadowing_log"),
    ReportKind.ENGINEER_REPORT: ("onboarding-report", "onboarding report", "engineer_report"),
    ReportKind.TEAM_REPORT: ("team-report", "team report", "team_report"),
}


def _report_pdf(request, kind, pk=None, slug=None):
    """What a report PDF's pages need, for a subject the user may see (404 otherwise)."""
    file_kind, label, url_name = PDF_NAMES[kind]
    if kind == ReportKind.TEAM_REPORT:
        subject = _team_for(request, slug)
        key, name, filename = slug, subject.name, f"{subject.slug}-{file_kind}.pdf"
        back = (reverse("training:team"), "My team")
    else:
        subject = _enrollment_for(request, pk)
        key, name, filename = pk, person_name(subject.engineer), download_name(subject.engineer, file_kind, "pdf")
        back = (reverse("training:enrollment_detail", args=[pk]), name)
    urls = {f"{action}_url": reverse(f"training:{url_name}_{action}", args=[key])
            for action in ("pdf", "status", "retry")}
    return subject, filename, {"kind": kind, "label": label, "name": name, "back_url": back[0],
                               "back_label": back[1], **urls}


@never_cache
@require_GET
def report_pdf(request, kind, pk=None, slug=None):
    """A report PDF: the stored file when its data is unchanged; otherwise a page that waits for
    the background worker to make it (202) and downloads it then, or says it failed (503)."""
    subject, filename, context = _report_pdf(request, kind, pk, slug)
    report = rendered.report_request(kind=kind, subject=subject, user=request.user)
    stored = rendered.report_open(report) if report.is_ready else None
    return waiting.file_or_waiting_page(request, report, stored, filename, context)


@never_cache
@require_GET
def report_status(request, kind, pk=None, slug=None):
    """The fragment the waiting page polls (``waiting.progress_fragment``)."""
    subject, _filename, context = _report_pdf(request, kind, pk, slug)
    report = rendered.report_request(kind=kind, subject=subject, user=request.user)
    return waiting.progress_fragment(request, report, context)


@require_POST
def report_retry(request, kind, pk=None, slug=None):
    """"Try again" after a failed rendering: queue it again, then back to the download."""
    subject, _filename, context = _report_pdf(request, kind, pk, slug)
    rendered.report_retry(kind=kind, subject=subject, user=request.user)
    return redirect(context["pdf_url"])


@require_GET
def engineer_report_csv(request, pk):
    enrollment = _enrollment_for(request, pk)
    return csv_response(onboarding.engineer_report_csv(onboarding.engineer_report(enrollment)),
                        download_name(enrollment.engineer, "onboarding-report", "csv"))


@require_GET
def team_report_csv(request, slug):
    team = _team_for(request, slug)
    rows = onboarding.team_rows(onboarding.team_enrollments(team=team, user=request.user))
    return csv_response(onboarding.team_report_csv(rows=rows), f"{team.slug}-team-report.csv")


# --- Bulk export -------------------------------------------------------------------------------


@require_POST
def export_start(request, slug):
    team = _team_for(request, slug)
    try:
        job = exports.export_job_start(team=team, by=request.user)
    except TrainingError as exc:
        messages.error(request, str(exc))
        return redirect("training:team")
    record(kind=AuditKind.EXPORT, summary=f"bulk export of team {team.slug} started (job {job.pk})")
    return redirect("training:export_detail", pk=job.pk)


def _job_for(request, pk):
    """An export job is its requester's alone: anyone else gets 404."""
    return get_object_or_404(ExportJob.objects.select_related("team"), pk=pk, requester=request.user)


@require_GET
def export_list(request):
    jobs = ExportJob.objects.filter(requester=request.user).select_related("team")[:20]
    return render(request, "training/export_list.html",
                  {"jobs": jobs, "retention_days": settings.EXPORT_RETENTION_DAYS})


@require_GET
def export_detail(request, pk):
    return render(request, "training/export_detail.html", {"job": _job_for(request, pk)})


@never_cache
@require_GET
def export_status(request, pk):
    """The progress fragment htmx polls every second until the job is finished."""
    return render(request, "training/includes/export_progress.html", {"job": _job_for(request, pk)})


@require_GET
def export_download(request, pk):
    job = _job_for(request, pk)
    if not job.file:
        raise Http404("This export has no file yet.")
    return FileResponse(job.file.open("rb"), as_attachment=True, content_type="application/zip",
                        filename=exports.export_filename(job))
