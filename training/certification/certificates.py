"""Certificates: the services that issue and revoke them, and the reads the verification page
makes.

A certificate is issued inside the manager's final sign-off (``receivers`` answers the
workflow's ``enrollment_signed_off`` in its transaction). Its PDF is rendered once, stored with
Django's storage API and fingerprinted with SHA-256; downloads serve the stored file, never a new
render.
"""

import secrets
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from training import access, pdf
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.credentials import pdfsign
from training.errors import TrainingError
from training.teams.models import person_name
from training.tracks.models import Track
from training.workflow.models import Enrollment, EnrollmentStatus, SignOffAction
from training.workflow.services import signoff_record

from . import credential, signals
from .codes import new_code, normalise_code, sha256_of, verification_url
from .eligibility import eligibility_sync
from .models import Certificate
from .rules import next_expiry

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _address(scheme, netloc):
    parts = urlsplit(f"//{netloc}")
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme)


def site_url_warning(request, user):
    """For a training admin: a warning when ``SITE_URL`` (printed on every certificate, its QR code
    and its verification link) names another host than the one serving this page, else ""."""
    if not access.may_revoke_certificates(user):
        return ""
    site = urlsplit(settings.SITE_URL)
    if _address(site.scheme, site.netloc) == _address(request.scheme, request.get_host()):
        return ""
    return (f"SITE_URL is {settings.SITE_URL}, but this page was served by {request.get_host()}: certificates "
            f"print {site.netloc} in their verification link and QR code. Set SITE_URL to the site's public "
            "address.")


def qr_svg(url):
    """The QR code of ``url`` as inline SVG markup (no external reference to fetch)."""
    return segno.make(url, error="m").svg_inline(scale=1, border=2, dark="#111", omitsize=True)


# --- Issue and revoke ------------------------------------------------------------------------


@transaction.atomic
def certificate_issue(*, enrollment, signer):
    """Issue the certificate of a signed-off enrollment: code, dates, PDF stored with its hash.
    Called in the transaction of the final sign-off (``receivers``); refuses a second certificate."""
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
    credential.credential_attach(certificate)
    content = render_certificate(certificate)
    certificate.sha256 = sha256_of([content])
    certificate.pdf.save(f"{code}.pdf", ContentFile(content), save=False)
    certificate.full_clean()
    certificate.save()
    signals.certificate_issued.send(sender=Certificate, certificate=certificate)
    return certificate


def certificate_context(certificate):
    """What the certificate shows besides its record: the verification link, as a QR code too, and
    the page where its code can be entered by hand."""
    url = verification_url(certificate.code)
    return {"certificate": certificate, "verify_url": url, "qr_svg": qr_svg(url),
            "lookup_url": settings.SITE_URL + reverse("public:verify_lookup")}


def render_certificate(certificate):
    """The certificate's PDF: PDF/A-3b with its signed credential attached (``credential.jwt``),
    itself signed by the organisation (PAdES), when the certificate has a credential."""
    context = certificate_context(certificate)
    if not certificate.credential:
        return pdf.render_pdf("training/pdf/certificate.html", context)
    content = pdf.render_pdf("training/pdf/certificate.html", context, archival=True, attachments=[
        (pdfsign.ATTACHMENT, certificate.credential, "Open Badges 3.0 credential of this certificate (VC-JWT)")])
    return pdfsign.sign(content, reason=f"Certificate {certificate.display_code} of readiness for on-call")


@transaction.atomic
def certificate_reissue(*, certificate, by):
    """A training admin re-issues a certificate from before credentials as a signed one: same code,
    same dates, a new PDF with its credential; the earlier PDF still verifies as an earlier copy."""
    if not access.may_revoke_certificates(by):
        raise TrainingError("Only a training admin can re-issue a certificate.")
    certificate = Certificate.objects.select_for_update(of=("self",)).select_related(
        "track", "engineer").get(pk=certificate.pk)
    if certificate.revoked_at:
        raise TrainingError("A revoked certificate is not re-issued.")
    if certificate.credential:
        raise TrainingError("This certificate already carries a signed credential.")
    credential.credential_attach(certificate)
    content = render_certificate(certificate)
    certificate.earlier_sha256 = "\n".join(filter(None, [certificate.earlier_sha256, certificate.sha256]))
    certificate.sha256 = sha256_of([content])
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(content), save=False)
    certificate.save(update_fields=["credential_id", "credential", "status_list", "status_index", "earlier_sha256",
                                    "sha256", "pdf"])
    if certificate.expires_on and certificate.expires_on < timezone.localdate():
        credential.credential_status_set(certificate)
    record(kind=AuditKind.CREDENTIAL, subject=certificate.engineer,
           summary=f"Certificate {certificate.display_code} of {certificate.engineer_name} re-issued as a signed "
                   "credential (same code and dates).")
    return certificate


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
    credential.credential_status_set(certificate)
    signoff_record(enrollment=certificate.enrollment, action=SignOffAction.REVOKED, by=by,
                   comment=f"Certificate {certificate.display_code} revoked: {reason}")
    signals.certificate_revoked.send(sender=Certificate, certificate=certificate, by=by)
    eligibility_sync(engineers=[certificate.engineer])
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
