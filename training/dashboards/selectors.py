"""What the start pages show beside the training itself: the engineer's enrollments, each team
row as the strings it prints."""

from django.utils import dateformat
from django.utils.timesince import timesince
from django.utils.timezone import template_localtime

from training.levels.selectors import with_granted_levels
from training.teams.models import person_name
from training.workflow import prepared
from training.workflow.models import EnrollmentStatus
from training.workflow.selectors import enrollments_of, waiting_on


def _enrollments_of(engineer_id):
    # renews__track: the certifications reuse these enrollments instead of loading them again.
    # The readiness levels granted come in the same query (``with_granted_levels``).
    return with_granted_levels(enrollments_of(engineer_id).select_related("renews__track"))


def my_enrollments(engineer):
    """The engineer's enrollments (not withdrawn) with their people, tracks and the levels granted
    (compiled once per process: ``prepared``)."""
    return prepared.objects(_enrollments_of, engineer.pk)


def _person(user):
    return "—" if user is None else person_name(user)


def _day(value):
    """A date or moment as the pages print it: the ``date:"j M Y"`` filter's "3 Nov 2026"."""
    return dateformat.format(template_localtime(value), "j M Y") if value else ""


def _certification_cell(certification, today):
    if certification is None:
        return None
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
    return cell


def team_row_display(row, *, certification, rereads, checkin_overdue, level_badge, today, now):
    """What one team-page row shows, as a dict of strings and flags the template prints as they
    are (a dict: the template's lookups find each at once; no filter, no number to format): the
    engineer and mentor, the track, the progress, the time since the last activity, the target,
    what it waits on, the overdue check-in, the certification cell and the re-reads."""
    ready = row.status == EnrollmentStatus.READY
    return {
        "pk": row.pk,
        "engineer": _person(row.engineer),
        "mentor": _person(row.mentor) if row.mentor_id else "",
        "level_badge": level_badge,
        "levels_more": level_badge is not None and level_badge["count"] > 1,
        "track": row.track.name,
        "version": str(row.track.version),
        "percent": str(row.percent),
        "ready": ready,
        "since": timesince(row.last_activity_at, now) if row.last_activity_at else "",
        "target": _day(row.target_date) if not ready else "",
        "overdue": row.status == EnrollmentStatus.ACTIVE and row.target_date is not None and row.target_date < today,
        "ready_on": _day(row.ready_at) if ready else "",
        "waiting": waiting_on(row),
        "checkin": checkin_overdue and {"week": checkin_overdue.week, "text": checkin_overdue.text},
        "cell": _certification_cell(certification, today),
        "rereads": str(rereads) if rereads else "",
    }
