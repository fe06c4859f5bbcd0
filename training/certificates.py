"""Certificates and bulk exports: the services that issue and revoke certificates, the reads the
verification page makes, and the export job the background worker runs.

A certificate is issued inside the manager's final sign-off (``services.enrollment_sign_off``
calls ``certificate_issue`` in its transaction). Its PDF is rendered once, stored with Django's
storage API and fingerprinted with SHA-256; downloads serve the stored file, never a new render.
"""

import datetime
import hashlib
import logging
import re
import secrets
import tempfile
import zipfile

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from . import access, pdf
from .models import (
    CERTIFICATE_ALPHABET,
    CERTIFICATE_CODE_LENGTH,
    Certificate,
    Enrollment,
    EnrollmentStatus,
    ExportJob,
    ExportStatus,
    SignOffAction,
    Track,
    person_name,
)
from .recertification import next_expiry
from .services import TrainingError, _record

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
_CODE_RE = re.compile(f"^[{CERTIFICATE_ALPHABET}]{{{CERTIFICATE_CODE_LENGTH}}}$")
# Crockford decoding: case-insensitive, I and L read as 1, O as 0; dashes and spaces ignored.
_CROCKFORD_READS = str.maketrans({"I": "1", "L": "1", "O": "0", "-": None, " ": None})


# --- Codes ---------------------------------------------------------------------------------


def new_code():
    """A fresh verification code: 20 symbols of Crockford base32 from ``secrets`` (100 bits)."""
    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(CERTIFICATE_CODE_LENGTH))


def normalise_code(text):
    """The stored form of a code typed or read by a person, or "" if it cannot be one."""
    code = str(text or "").strip().upper().translate(_CROCKFORD_READS)
    return code if _CODE_RE.match(code) else ""


def grouped(code):
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def verification_url(code):
    return settings.SITE_URL + reverse("public:verify", args=[grouped(code)])


def qr_svg(url):
    """The QR code of ``url`` as inline SVG markup (no external reference to fetch)."""
    return segno.make(url, error="m").svg_inline(scale=1, border=2, dark="#111", omitsize=True)


def sha256_of(chunks):
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def download_name(user, kind, extension):
    """A file name the server builds: ``alice-okafor-certificate.pdf``."""
    return f"{slugify(person_name(user)) or 'engineer'}-{kind}.{extension}"


# --- Issue and revoke ------------------------------------------------------------------------


@transaction.atomic
def certificate_issue(*, enrollment, signer):
    """Issue the certificate of a signed-off enrollment: code, dates, PDF stored with its hash.
    Called by ``enrollment_sign_off`` in its transaction; refuses a second certificate."""
    enrollment = Enrollment.objects.select_for_update(of=("self",)).select_related(
        "track", "engineer", "renews__track").get(pk=enrollment.pk)
    if enrollment.status != EnrollmentStatus.READY:
        raise TrainingError("A certificate is issued only when the engineer is signed off as ready.")
    if Certificate.objects.filter(enrollment=enrollment).exists():
        raise TrainingError("This enrollment already has its certificate.")
    previous = enrollment.renews
    # A refresh enrollment renews the certificate of the main track (its current version).
    track = enrollment.track
    if previous is not None:
        track = Track.objects.current().filter(slug=previous.track.slug).first() or previous.track
    issued_on = timezone.localdate(enrollment.ready_at) if enrollment.ready_at else timezone.localdate()
    expires_on = next_expiry(track, completed_on=issued_on,
                             previous_expiry=previous.expires_on if previous else None)
    code = new_code()
    while Certificate.objects.filter(code=code).exists():  # 2**-100 per certificate; cheap to be sure
        code = new_code()
    certificate = Certificate(
        enrollment=enrollment, code=code, engineer=enrollment.engineer,
        engineer_name=person_name(enrollment.engineer), track=track, track_version=track.version,
        signer=signer, signer_name=person_name(signer), issued_on=issued_on, expires_on=expires_on,
        previous=previous,
    )
    content = render_certificate(certificate)
    certificate.sha256 = sha256_of([content])
    certificate.pdf.save(f"{code}.pdf", ContentFile(content), save=False)
    certificate.full_clean()
    certificate.save()
    return certificate


def render_certificate(certificate):
    url = verification_url(certificate.code)
    return pdf.render_pdf("training/pdf/certificate.html", {
        "certificate": certificate, "verify_url": url, "qr_svg": qr_svg(url),
        "lookup_url": settings.SITE_URL + reverse("public:verify_lookup"),
    })


@transaction.atomic
def certificate_revoke(*, certificate, by, reason):
    """A training admin revokes a certificate, with a reason; the sign-off record keeps it."""
    if not access.may_revoke_certificates(by):
        raise TrainingError("Only a training admin can revoke a certificate.")
    return certificate_revoke_unchecked(certificate=certificate, by=by, reason=reason)


def certificate_revoke_unchecked(*, certificate, by, reason):
    """The revocation itself, for callers that checked who may revoke (an admin, or the
    engineer's manager through a review)."""
    certificate = Certificate.objects.select_for_update(of=("self",)).select_related(
        "enrollment__track").get(pk=certificate.pk)
    if certificate.revoked_at:
        raise TrainingError("This certificate is already revoked.")
    reason = (reason or "").strip()
    if not reason:
        raise TrainingError("Give the reason for the revocation: it shows on the verification page.")
    certificate.revoked_at, certificate.revoked_by, certificate.revocation_reason = timezone.now(), by, reason
    certificate.full_clean()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    _record(enrollment=certificate.enrollment, action=SignOffAction.REVOKED, by=by,
            comment=f"Certificate {certificate.display_code} revoked: {reason}")
    return certificate


# --- Reads for the verification page ---------------------------------------------------------


def certificate_by_code(text):
    """The certificate a typed or scanned code names, or None."""
    code = normalise_code(text)
    if not code:
        return None
    return Certificate.objects.select_related("track").filter(code=code).first()


def upload_matches(certificate, upload):
    """Whether an uploaded file is byte-for-byte the issued PDF (same SHA-256)."""
    return secrets.compare_digest(sha256_of(upload.chunks()), certificate.sha256)


# --- Bulk export -----------------------------------------------------------------------------


@transaction.atomic
def export_job_start(*, team, by):
    """Queue a zip of the team's certificates, shadowing logs and reports for ``by``. A second
    click while one is queued or running gives back the same job."""
    from .tasks import build_export

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


def _export_folder(enrollment):
    name = slugify(person_name(enrollment.engineer)) or "engineer"
    return f"{name}-{enrollment.track.slug}-v{enrollment.track.version}"


def _export_part_files(job, enrollment_id):
    """The files of one part of an export: the team report (``enrollment_id`` None) or one
    enrollment's certificate, shadowing log and onboarding report."""
    from . import reports

    enrollments = reports.team_enrollments(team=job.team, user=job.requester)
    if enrollment_id is None:
        team_rows = reports.team_rows(list(enrollments))
        return [
            ("team-report.pdf", reports.team_report_pdf(team=job.team, rows=team_rows)),
            ("team-report.csv", reports.team_report_csv(rows=team_rows)),
        ]
    enrollment = enrollments.filter(pk=enrollment_id).first()
    if enrollment is None:  # withdrawn from the team since the job started
        return []
    folder = _export_folder(enrollment)
    out = []
    certificate = getattr(enrollment, "certificate", None)
    if certificate is not None:
        with certificate.pdf.open("rb") as stored:
            out.append((f"{folder}/certificate.pdf", stored.read()))
    out.append((f"{folder}/shadowing-log.pdf", reports.shadowing_log_pdf(enrollment)))
    report = reports.engineer_report(enrollment)
    out.append((f"{folder}/onboarding-report.pdf", reports.engineer_report_pdf(report)))
    out.append((f"{folder}/onboarding-report.csv", reports.engineer_report_csv(report)))
    return out


def _export_part_name(job_id, index):
    return f"exports/parts/{job_id}/{index:05d}.zip"


def _export_parts_delete(job_id, total):
    from django.core.files.storage import default_storage

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
    from . import reports
    from .tasks import build_export_part

    job = ExportJob.objects.select_related("team", "requester").get(pk=job_id)
    if job.status != ExportStatus.QUEUED:
        return job
    if not access.reportable_teams(job.requester).filter(pk=job.team_id).exists():
        return _export_failed(job, "You no longer manage this team.")
    try:
        ids = list(reports.team_enrollments(team=job.team, user=job.requester).values_list("pk", flat=True))
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
    from django.core.files.storage import default_storage

    from .tasks import assemble_export

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
    from django.core.files.storage import default_storage

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

