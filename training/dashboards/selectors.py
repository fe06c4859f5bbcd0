"""What the start pages show beside the training itself: each team row's certification cell."""

from django.utils.timesince import timesince

from training.teams.models import person_name
from training.workflow.models import EnrollmentStatus
from training.workflow.selectors import waiting_on


def _person(user):
    return "—" if user is None else person_name(user)


def team_row_display(row, *, certification, rereads, today, now):
    """Precompute what one team-page row shows (the template only prints strings): what it
    waits on, the time since the last activity, the certification cell."""
    row.waiting = waiting_on(row)
    row.certification = certification
    row.rereads = rereads
    row.engineer_name = _person(row.engineer)
    row.mentor_name = _person(row.mentor) if row.mentor_id else ""
    row.since = timesince(row.last_activity_at, now) if row.last_activity_at else ""
    row.overdue = row.status == EnrollmentStatus.ACTIVE and row.target_date is not None and row.target_date < today
    cell = None
    if certification is not None:
        certificate = certification.certificate
        cell = {"badge": certification.badge, "label": certification.label, "certificate": certificate}
        if certificate is not None:
            cell["expiry"] = (f"expires {certificate.expires_on.day} {certificate.expires_on:%b %Y}"
                              if certificate.expires_on else "no expiry")
            cell["reasons"] = "; ".join(certification.reasons)
            if certification.review_due:
                due = certification.review_due
                cell["review"] = f"review {due.day} {due:%b %Y}"
                cell["review_class"] = "text-danger" if due <= today else "text-secondary"
            cell["reviewable"] = certification.state not in ("revoked", "expired")
    row.cell = cell
    return row
