"""Bulk exports: a zip of a team's certificates, shadowing logs and reports for its requester,
built by the background worker (the tasks at the end of this module) in parts that several
workers build side by side, then assembled."""

import datetime
import logging
import secrets
import tempfile
import zipfile

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import task

from training import access
from training.errors import TrainingError
from training.teams.models import person_name

from . import onboarding, rendered
from .models import ExportJob, ExportStatus

logger = logging.getLogger(__name__)


@transaction.atomic
def export_job_start(*, team, by):
    """Queue a zip of the team's certificates, shadowing logs and reports for ``by``. A second
    click while one is queued or running gives back the same job."""
    if not access.reportable_teams(by).filter(pk=team.pk).exists():
        raise TrainingError("You can only export the teams you manage.")
    running = ExportJob.objects.filter(
        requester=by, team=team, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
    ).first()
    if running:
        return running
    job = ExportJob(requester=by, team=team)
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: build_export.enqueue(job_id=job.pk))
    return job


def _export_folder(enrollment, enrollments):
    """``alice-okafor-standard-v2``; ``…-enrollment-<id>`` when the export holds another enrollment
    of the engineer in the same track version (one withdrawn, one current): never one path twice."""
    name = slugify(person_name(enrollment.engineer)) or "engineer"
    folder = f"{name}-{enrollment.track.slug}-v{enrollment.track.version}"
    twins = enrollments.filter(engineer_id=enrollment.engineer_id, track_id=enrollment.track_id)
    return f"{folder}-enrollment-{enrollment.pk}" if twins.exclude(pk=enrollment.pk).exists() else folder


def _export_part_files(job, enrollment_id):
    """The files of one part of an export: the team report (``enrollment_id`` None) or one
    enrollment's certificate, shadowing log and onboarding report. A PDF whose data has not
    changed since it was last made is the stored one (``rendered``); one made here is stored."""
    enrollments = onboarding.team_enrollments(team=job.team, user=job.requester)
    if enrollment_id is None:
        team_rows = onboarding.team_rows(list(enrollments))
        snapshot = rendered.team_report_snapshot(job.team, team_rows)
        return [
            ("team-report.pdf", rendered.report_pdf(snapshot, by=job.requester)),
            ("team-report.csv", onboarding.team_report_csv(rows=team_rows)),
        ]
    enrollment = enrollments.filter(pk=enrollment_id).first()
    if enrollment is None:  # withdrawn from the team since the job started
        return []
    folder = _export_folder(enrollment, enrollments)
    out = []
    certificate = getattr(enrollment, "certificate", None)
    if certificate is not None:
        with certificate.pdf.open("rb") as stored:
            out.append((f"{folder}/certificate.pdf", stored.read()))
    report = onboarding.engineer_report(enrollment)
    log = rendered.shadowing_log_snapshot(report.enrollment, log=report.shadowing)
    out.append((f"{folder}/shadowing-log.pdf", rendered.report_pdf(log, by=job.requester)))
    out.append((f"{folder}/onboarding-report.pdf",
                rendered.report_pdf(rendered.engineer_report_snapshot(report), by=job.requester)))
    out.append((f"{folder}/onboarding-report.csv", onboarding.engineer_report_csv(report)))
    return out


def _export_part_name(job_id, index):
    return f"exports/parts/{job_id}/{index:05d}.zip"


def _export_parts_delete(job_id, total):
    for index in range(total):
        try:
            default_storage.delete(_export_part_name(job_id, index))
        except OSError:  # best effort: a part that was never written
            logger.warning("Could not delete part %s of export %s", index, job_id)


def export_job_run(*, job_id):
    """Start an export job (run by the background worker): check the requester still manages
    the team, then queue one part per file group (the team report, then one per enrollment) so
    several workers build them side by side. The part that completes the set queues the zip's
    assembly (``export_part_run``, ``export_assemble``). Progress counts the parts."""
    job = ExportJob.objects.select_related("team", "requester").get(pk=job_id)
    if job.status != ExportStatus.QUEUED:
        return job
    if not access.reportable_teams(job.requester).filter(pk=job.team_id).exists():
        return _export_failed(job, "You no longer manage this team.")
    try:
        ids = list(onboarding.team_enrollments(team=job.team, user=job.requester).values_list("pk", flat=True))
        parts = [None, *ids]
        started = ExportJob.objects.filter(pk=job.pk, status=ExportStatus.QUEUED).update(
            status=ExportStatus.RUNNING, total=len(parts), done=0)
        if not started:  # another worker started it
            return job
        for index, enrollment_id in enumerate(parts):
            build_export_part.enqueue(job_id=job.pk, index=index, enrollment_id=enrollment_id)
    except Exception as exc:
        logger.exception("Export %s failed", job.pk)
        return _export_failed(job, f"The export failed ({type(exc).__name__}). Try again; if it fails again, "
                                   "tell your training admin.")
    job.refresh_from_db()
    return job


def export_part_run(*, job_id, index, enrollment_id):
    """Build one part of an export into storage (an uncompressed zip of its files), count it
    with ``F()``, and, if it is the last one, queue the assembly: the count is incremented and
    read back in one transaction (a row lock on PostgreSQL, the write lock on SQLite), so exactly
    one part sees the set complete."""

    job = ExportJob.objects.select_related("team", "requester").get(pk=job_id)
    if job.status != ExportStatus.RUNNING:  # failed meanwhile: nothing more to build
        return job
    try:
        buffer = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)
        with buffer:
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
                for path, content in _export_part_files(job, enrollment_id):
                    archive.writestr(path, content)
            buffer.seek(0)
            name = _export_part_name(job.pk, index)
            if default_storage.exists(name):  # a rerun of the same part
                default_storage.delete(name)
            default_storage.save(name, buffer)
    except Exception as exc:
        logger.exception("Export %s failed (part %s)", job.pk, index)
        _export_parts_delete(job.pk, job.total)
        return _export_failed(job, f"The export failed ({type(exc).__name__}). Try again; if it fails again, "
                                   "tell your training admin.")
    with transaction.atomic():
        counted = ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(done=F("done") + 1)
        job = ExportJob.objects.select_for_update().get(pk=job.pk)
        last = bool(counted) and job.done == job.total
    if last:
        assemble_export.enqueue(job_id=job.pk)
    return job


def export_assemble(*, job_id):
    """Put the parts of a complete export into its zip (in part order: the team report, then
    each enrollment), store it and mark the job done."""
    job = ExportJob.objects.select_related("team", "requester").get(pk=job_id)
    if job.status != ExportStatus.RUNNING or job.done != job.total or job.file:
        return job
    try:
        with tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024) as buffer:
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for index in range(job.total):
                    with default_storage.open(_export_part_name(job.pk, index), "rb") as stored:
                        with zipfile.ZipFile(stored) as part:
                            for info in part.infolist():
                                archive.writestr(f"{job.team.slug}/{info.filename}", part.read(info))
            buffer.seek(0)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            job.file.save(f"{job.team.slug}-{stamp}-{secrets.token_hex(8)}.zip", buffer, save=False)
    except Exception as exc:
        logger.exception("Export %s failed (assembly)", job.pk)
        _export_parts_delete(job.pk, job.total)
        return _export_failed(job, f"The export failed ({type(exc).__name__}). Try again; if it fails again, "
                                   "tell your training admin.")
    job.status, job.finished_at = ExportStatus.DONE, timezone.now()
    job.save(update_fields=["file", "status", "finished_at"])
    _export_parts_delete(job.pk, job.total)
    return job


def exports_purge(*, now=None):
    """Delete the exports finished more than ``EXPORT_RETENTION_DAYS`` ago: their zip (and any
    part a failed one left) from storage, then the job. Exports hold every certificate and report
    of a team: they are not kept for ever. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    old = list(ExportJob.objects.filter(status__in=[ExportStatus.DONE, ExportStatus.FAILED],
                                        finished_at__lt=cutoff))
    for job in old:
        if job.file:
            job.file.delete(save=False)
        if job.status == ExportStatus.FAILED:
            _export_parts_delete(job.pk, job.total)
    ExportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    if old:
        logger.info("Deleted %d export(s) finished before %s", len(old), cutoff)
    return len(old)


def _export_failed(job, message):
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, error=message,
                                               finished_at=timezone.now())
    job.refresh_from_db()
    return job


def export_filename(job):
    return f"{job.team.slug}-export-{timezone.localtime(job.created_at):%Y-%m-%d}.zip"


# --- Background tasks (``python manage.py db_worker``) ------------------------------------------


@task()
def build_export(job_id):
    """Start a bulk export: queues one ``build_export_part`` per part, and the last part queues
    ``assemble_export``; the job records progress and the outcome."""
    job = export_job_run(job_id=job_id)
    return job.status


@task()
def build_export_part(job_id, index, enrollment_id=None):
    """One part of a bulk export (the team report, or one enrollment's files), into storage."""
    return export_part_run(job_id=job_id, index=index, enrollment_id=enrollment_id).status


@task()
def assemble_export(job_id):
    """The zip of a bulk export whose parts are all built."""
    return export_assemble(job_id=job_id).status
