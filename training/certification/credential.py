"""A certificate as a verifiable credential: what it claims (``claim_of``), signing it into the
certificate at issue (``credential_attach``), the status list kept in step with revocations and
expiry (``credential_status_sync``), and what an uploaded file proves (``upload_check``)."""

import json
import uuid
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from training.credentials import openbadges, status, vcjwt
from training.credentials import verify as checks

from .codes import grouped, sha256_of, verification_url
from .models import Certificate

PDF_MAGIC = b"%PDF-"


def achievement_url(track_slug, version):
    return f"{vcjwt.issuer_id()}achievements/{track_slug}/v{version}"


def claim_of(certificate):
    engineer = certificate.engineer
    track = certificate.track
    teams = tuple(engineer.teams.order_by("name").values_list("name", flat=True))
    return openbadges.Claim(
        credential_id=f"urn:uuid:{certificate.credential_id}", engineer_name=certificate.engineer_name,
        engineer_email=engineer.email or "", achievement_id=achievement_url(track.slug, certificate.track_version),
        achievement_name=track.name, achievement_description=track.description,
        criteria=(f"Completed every step of the {track.name} (version {certificate.track_version}): reading, "
                  "exercises, quizzes, shadowing and the scenario validation, then signed off by a manager as ready "
                  "for on-call."),
        version=certificate.track_version, teams=teams, issued_on=certificate.issued_on,
        expires_on=certificate.expires_on, signer_name=certificate.signer_name, code=grouped(certificate.code),
        verify_url=verification_url(certificate.code),
    )


def credential_attach(certificate):
    """Give an unsaved or credential-less certificate its credential: an id, a place in the status
    list, the signed VC-JWT."""
    status_list, index = status.status_allocate()
    certificate.credential_id = uuid.uuid4()
    certificate.status_list, certificate.status_index = status_list, index
    document = openbadges.credential(claim_of(certificate), status=status.status_entry(status_list.pk, index))
    certificate.credential = vcjwt.sign(document)
    return certificate


def decoded(certificate):
    """The credential's JSON, as its signature covers it (for the ``.json`` download)."""
    if not certificate.credential:
        return None
    _header, claims = vcjwt.verify(certificate.credential)
    return claims


def credential_status_set(certificate):
    """Set the certificate's bit when it is revoked (``certificates``) or expired."""
    if certificate.status_list_id is not None:
        status.status_set(certificate.status_list_id, [certificate.status_index])


def credential_status_sync(today=None):
    """The daily run: set the bit of every credential whose certificate expired or was revoked
    (one write per list). Returns how many bits changed."""
    today = today or timezone.localdate()
    rows = (Certificate.objects.filter(status_list__isnull=False)
            .filter(Q(revoked_at__isnull=False) | Q(expires_on__lt=today))
            .values_list("status_list_id", "status_index"))
    by_list = defaultdict(list)
    for list_id, index in rows:
        by_list[list_id].append(index)
    return sum(status.status_set(list_id, indices) for list_id, indices in by_list.items())


# --- What an uploaded file proves ---------------------------------------------------------------


def _by_credential(claims):
    credential_id = str((claims or {}).get("id", ""))
    if not credential_id.startswith("urn:uuid:"):
        return None
    try:
        return Certificate.objects.select_related("track").filter(credential_id=uuid.UUID(credential_id[9:])).first()
    except ValueError:
        return None


def _by_hash(digest):
    return (Certificate.objects.select_related("track")
            .filter(Q(sha256=digest) | Q(earlier_sha256__contains=digest)).first())


def upload_check(upload, *, expected=None):
    """``(report, certificate)`` for an uploaded certificate PDF, ``.jwt`` or ``.json``: every check
    made, and the certificate it turned out to be (None when it is none of ours). With
    ``expected`` (the page of one certificate) it also checks the file is that certificate's."""
    content = b"".join(upload.chunks())
    if content.startswith(PDF_MAGIC):
        report = checks.verify_pdf(content)
        digest = sha256_of([content])
        stored = _by_hash(digest)
        if stored is not None and digest != stored.sha256 and not report.signed:
            # A PDF from before credentials, byte for byte as we stored it: what it can prove.
            report = checks.Report()
            report.add("It is a certificate PDF we issued", True,
                       f"Byte for byte the copy stored on {stored.issued_on.isoformat()} (SHA-256 {digest[:16]}…), "
                       "issued before certificates carried a signature; it has since been re-issued with one.")
        elif stored is not None and not stored.credential:
            report = checks.Report()
            report.add("It is a certificate PDF we issued", True,
                       f"Byte for byte the stored copy (SHA-256 {digest[:16]}…). It was issued before certificates "
                       "carried a signature and a credential: a training admin can re-issue it with them.")
        certificate = _by_credential(report.claims) or stored
    else:
        try:
            text = content.decode("utf-8-sig").strip()
        except UnicodeDecodeError:
            text = ""
        if text.startswith("{"):
            report = checks.verify_json(text)
            certificate = _by_credential(report.claims)
            if report.claims is not None and not report.signed:
                issued = decoded(certificate) if certificate else None
                report.add("It is exactly the credential we issued", issued is not None and issued == report.claims,
                           "Every field matches the signed credential we keep." if issued == report.claims
                           else "It differs from every credential we issued.")
        elif text.count(".") == 2:
            report = checks.verify_token(text)
            certificate = _by_credential(report.claims)
        else:
            report = checks.Report()
            report.add("The file is a certificate or a credential", False,
                       "Upload the certificate PDF, its credential (.jwt) or the credential's JSON (.json).")
            return report, None
    if expected is not None:
        report.add("It belongs to this certificate", certificate is not None and certificate.pk == expected.pk,
                   f"Code {expected.display_code}." if certificate is not None and certificate.pk == expected.pk
                   else "It belongs to another certificate, or to none of ours.")
    return report, certificate


def credential_json(certificate):
    return json.dumps(decoded(certificate), indent=2, ensure_ascii=False)


def credential_url(certificate):
    """Where anyone downloads the certificate's signed credential, or None when it has none."""
    if not certificate.credential:
        return None
    return settings.SITE_URL + reverse("public:credential_jwt", args=[grouped(certificate.code)])
