"""Shadowing logs, onboarding reports and bulk exports. Thin: every read and write is in
``onboarding`` and ``exports``; every URL naming an object the user may not see answers 404."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from training import access
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.downloads import csv_response, download_name, pdf_response
from training.errors import TrainingError
from training.workflow.models import Enrollment

from . import exports, onboarding
from .models import ExportJob


def _enrollment_for(request, pk):
    return get_object_or_404(Enrollment.objects.visible_to(request.user).with_people(), pk=pk)


def _team_for(request, slug):
    return get_object_or_404(access.reportable_teams(request.user).prefetch_related("managers"), slug=slug)


# --- Shadowing log and onboarding reports --------------------------------------------------------


@require_GET
def shadowing_log_pdf(request, pk):
    enrollment = _enrollment_for(request, pk)
    return pdf_response(onboarding.shadowing_log_pdf(enrollment),
                        download_name(enrollment.engineer, "shadowing-log", "pdf"))


@require_GET
def engineer_report_pdf(request, pk):
    enrollment = _enrollment_for(request, pk)
    return pdf_response(onboarding.engineer_report_pdf(onboarding.engineer_report(enrollment)),
                        download_name(enrollment.engineer, "onboarding-report", "pdf"))


@require_GET
def engineer_report_csv(request, pk):
    enrollment = _enrollment_for(request, pk)
    return csv_response(onboarding.engineer_report_csv(onboarding.engineer_report(enrollment)),
                        download_name(enrollment.engineer, "onboarding-report", "csv"))


@require_GET
def team_report_pdf(request, slug):
    team = _team_for(request, slug)
    rows = onboarding.team_rows(onboarding.team_enrollments(team=team, user=request.user))
    return pdf_response(onboarding.team_report_pdf(team=team, rows=rows), f"{team.slug}-team-report.pdf")


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
