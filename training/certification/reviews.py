"""The manager's periodic review of a certified engineer, and the refresh enrollment that renews
a certificate."""

from django.db import transaction
from django.utils import timezone

from training import access
from training.errors import TrainingError
from training.tracks.models import Track
from training.workflow.models import Enrollment, EnrollmentStatus, SignOffAction
from training.workflow.services import enrollment_create, signoff_record

from .certificates import certificate_revoke_unchecked
from .models import Certificate, CertificationReview, ReviewOutcome


def _may_review(user, certificate):
    return access.may_manage(user, certificate.enrollment)


@transaction.atomic
def refresh_enroll(*, certificate, by, target_date=None):
    """Enrol the engineer in the refresh track that renews ``certificate`` (the track itself when
    it names no refresh track)."""
    certificate = Certificate.objects.select_related("track", "engineer", "enrollment").get(pk=certificate.pk)
    main = Track.objects.current().filter(slug=certificate.track.slug).first() or certificate.track
    refresh = Track.objects.current().filter(slug=main.refresh_track_slug).first() if main.refresh_track_slug else main
    if refresh is None:
        raise TrainingError(f"The refresh track '{main.refresh_track_slug}' does not exist.")
    if Enrollment.objects.filter(engineer=certificate.engineer, renews__track__slug=main.slug,
                                 status=EnrollmentStatus.ACTIVE).exists():
        raise TrainingError("A refresh is already in progress for this certification.")
    enrollment = enrollment_create(
        engineer=certificate.engineer, track=refresh, by=by, mentor=certificate.enrollment.mentor,
        target_date=target_date or certificate.expires_on, renews=certificate,
    )
    return enrollment


@transaction.atomic
def review_record(*, certificate, by, outcome, notes="", on=None):
    """The manager's periodic review: fine, refresh needed (enrols in the refresh track) or
    revoke (the certificate is revoked with the notes as reason)."""
    certificate = Certificate.objects.select_for_update(of=("self",)).select_related(
        "enrollment__track", "engineer", "track").get(pk=certificate.pk)
    if by.pk == certificate.engineer_id:
        raise TrainingError("You cannot review your own certification.")
    if not _may_review(by, certificate):
        raise TrainingError("Only the engineer's manager can review this certification.")
    if certificate.revoked_at:
        raise TrainingError("This certificate is revoked.")
    if outcome not in ReviewOutcome.values:
        raise TrainingError("Choose an outcome: fine, refresh needed or revoke.")
    if outcome != ReviewOutcome.FINE and not notes.strip():
        raise TrainingError("Say why: a refresh or a revocation needs notes.")
    review = CertificationReview(certificate=certificate, reviewer=by, outcome=outcome, notes=notes.strip(),
                                 reviewed_on=on or timezone.localdate())
    review.full_clean()
    review.save()
    signoff_record(enrollment=certificate.enrollment, action=SignOffAction.REVIEWED, by=by,
                   comment=f"{review.get_outcome_display()}: {review.notes}".rstrip(": "))
    if outcome == ReviewOutcome.REFRESH:
        refresh_enroll(certificate=certificate, by=by)
    elif outcome == ReviewOutcome.REVOKE:
        certificate_revoke_unchecked(certificate=certificate, by=by, reason=f"Review: {review.notes}")
    return review
