"""The state of each engineer's certification on each track, as of a day: not started, in
training, certified, due, expired or revoked, with the reasons; and the certificates expiring
soon."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from training.assignments.selectors import missed_assessments
from training.teams.models import ReviewCadence, Team
from training.tracks.models import TeamAssessment, Track
from training.workflow import prepared
from training.workflow.models import Enrollment, EnrollmentStatus, ShadowShift, ShiftState

from .models import Certificate, CertificationReview, ReviewOutcome
from .rules import CADENCE_MONTHS, add_months, due_on, review_due_on


class CertState:
    NOT_STARTED = "not_started"
    IN_TRAINING = "in_training"
    CERTIFIED = "certified"
    DUE = "due"
    EXPIRED = "expired"
    REVOKED = "revoked"

    LABELS = {
        NOT_STARTED: "Not started", IN_TRAINING: "In training", CERTIFIED: "Certified",
        DUE: "Due for recertification", EXPIRED: "Expired", REVOKED: "Revoked",
    }
    BADGES = {
        NOT_STARTED: "text-bg-light border", IN_TRAINING: "text-bg-info", CERTIFIED: "text-bg-success",
        DUE: "text-bg-warning", EXPIRED: "text-bg-danger", REVOKED: "text-bg-dark",
    }


@dataclass
class Certification:
    """One engineer's certification on one track (by slug), as of a day."""

    engineer: object
    track_slug: str
    state: str
    certificate: object = None
    due_on: datetime.date | None = None
    reasons: list = field(default_factory=list)
    renewing: object = None  # an active refresh enrollment
    review_due: datetime.date | None = None
    track: object = None  # the current version of the track (the rules in force)
    last_shift: datetime.date | None = None
    missed_assessment: str = ""  # why, when the track requires team assessments and one was missed

    @property
    def label(self):
        return CertState.LABELS[self.state]

    @property
    def badge(self):
        return CertState.BADGES[self.state]


def currency_lapsed(certificate, track, *, last_shift, today):
    """The track's currency rule: no confirmed on-call shift for ``currency_months`` (counted from
    the last shift, or the issue date)."""
    if not track.currency_months:
        return False
    since = max(filter(None, [last_shift, certificate.issued_on]))
    return add_months(since, track.currency_months) <= today


def currency_reason(track):
    return f"no confirmed on-call shift for {track.currency_months} months"


def _state_of(certificate, track, *, today, last_shift, open_refresh_review, renewing, missed_assessment=""):
    reasons = []
    if certificate.revoked_at:
        return CertState.REVOKED, reasons
    if certificate.expires_on is not None and certificate.expires_on < today:
        return CertState.EXPIRED, [f"expired on {certificate.expires_on:%d %b %Y}"]
    window_opens = due_on(certificate, track)
    if window_opens is not None and window_opens <= today:
        reasons.append(f"expires on {certificate.expires_on:%d %b %Y}")
    if currency_lapsed(certificate, track, last_shift=last_shift, today=today):
        reasons.append(currency_reason(track))
    if missed_assessment:
        reasons.append(missed_assessment)
    if open_refresh_review:
        reasons.append("a review asked for a refresh")
    if renewing is not None:
        reasons.append("refresh in progress")
    return (CertState.DUE if reasons else CertState.CERTIFIED), reasons


def _last_shift_date(shifts, group):
    return Subquery(shifts.filter(state=ShiftState.CONFIRMED).order_by().values(group)
                    .annotate(last=Max("date")).values("last")[:1])


BY_FREQUENCY = sorted(CADENCE_MONTHS, key=CADENCE_MONTHS.get)

# The queries of ``certifications``, each a function of lists of ids only: compiled once per process
# (``prepared``), as the team page and the engineer's home ask them on every visit.


def _certificates_of(engineer_ids):
    return Certificate.objects.filter(engineer_id__in=engineer_ids).select_related("track").order_by("issued_on", "pk")


def _tracks_in_force(engineer_ids):
    """The current version of every track the engineers hold a certificate of."""
    return Track.objects.current().filter(
        slug__in=Track.objects.filter(certificates__engineer_id__in=engineer_ids).values("slug"))


def _active_enrollments_of(engineer_ids):
    return Enrollment.objects.filter(engineer_id__in=engineer_ids, status=EnrollmentStatus.ACTIVE).select_related(
        "track", "renews__track")


def _facts_of(engineer_ids):
    return get_user_model().objects.filter(pk__in=engineer_ids).annotate(
        hosted=_last_shift_date(ShadowShift.objects.filter(host=OuterRef("pk")), "host"),
        shadowed=_last_shift_date(ShadowShift.objects.filter(progress__enrollment__engineer=OuterRef("pk")),
                                  "progress__enrollment__engineer"),
        **{f"cadence_{cadence}": Exists(Team.objects.filter(members=OuterRef("pk"), review_cadence=cadence))
           for cadence in BY_FREQUENCY},
    ).values_list("pk", "hosted", "shadowed", *(f"cadence_{cadence}" for cadence in BY_FREQUENCY))


def _reviews_of(certificate_ids):
    return (CertificationReview.objects.filter(certificate__in=certificate_ids).values_list("certificate_id")
            .annotate(last=Max("reviewed_on"), refreshes=Count("pk", filter=Q(outcome=ReviewOutcome.REFRESH))))


def _engineer_facts(engineer_ids):
    """``{engineer id: (last confirmed shift on call or shadowing, team review cadence)}`` in one
    query: the currency rule counts confirmed shifts the engineer hosted (was on call) or
    shadowed; the cadence is the most frequent of the engineer's teams' cadences."""
    facts = {}
    for pk, hosted, shadowed, *cadences in prepared.rows(_facts_of, engineer_ids):
        last_shift = max(filter(None, [hosted, shadowed]), default=None)
        cadence = next((c for c, held in zip(BY_FREQUENCY, cadences, strict=True) if held), ReviewCadence.NONE)
        facts[pk] = (last_shift, cadence)
    return facts


def certifications(engineers, *, today=None, enrollments=None):
    """``{(engineer_id, track_slug): Certification}`` for every track each engineer has touched,
    in a fixed number of queries whatever the number of engineers (five; four when the caller
    passes ``enrollments``: the engineers' active enrollments with ``track`` and
    ``renews__track``; up to three more when a track asks for team assessments)."""
    today = today or timezone.localdate()
    engineer_ids = [e.pk for e in engineers]
    by_id = {e.pk: e for e in engineers}
    latest = {}
    for certificate in prepared.objects(_certificates_of, engineer_ids):
        latest[(certificate.engineer_id, certificate.track.slug)] = certificate
    current_tracks = {t.slug: t for t in prepared.objects(_tracks_in_force, engineer_ids)} if latest else {}
    if enrollments is None:
        enrollments = prepared.objects(_active_enrollments_of, engineer_ids)
    enrollments = [e for e in enrollments if e.status == EnrollmentStatus.ACTIVE and e.engineer_id in by_id]
    facts = _engineer_facts(engineer_ids) if latest else {}
    # One more query, and only when a track in force asks for team assessments (``team_assessment``).
    missed = {}
    if any(current_tracks.get(slug, c.track).team_assessment == TeamAssessment.REQUIRED
           for (_engineer, slug), c in latest.items()):
        missed = missed_assessments(engineer_ids, today=today)
    refresh_reviews, last_reviews = set(), {}
    if latest:
        for certificate_id, last, refreshes in prepared.rows(_reviews_of, [c.pk for c in latest.values()]):
            last_reviews[certificate_id] = last
            if refreshes:
                refresh_reviews.add(certificate_id)
    result = {}
    for enrollment in enrollments:
        if enrollment.renews_id is None:
            key = (enrollment.engineer_id, enrollment.track.slug)
            if key not in latest:
                result[key] = Certification(by_id[enrollment.engineer_id], enrollment.track.slug,
                                            CertState.IN_TRAINING)
    renewing = {(e.engineer_id, e.renews.track.slug): e for e in enrollments if e.renews_id}
    for (engineer_id, slug), certificate in latest.items():
        track = current_tracks.get(slug, certificate.track)
        last_shift, cadence = facts.get(engineer_id, (None, ReviewCadence.NONE))
        missed_assessment = missed.get(engineer_id, "") if track.team_assessment == TeamAssessment.REQUIRED else ""
        state, reasons = _state_of(
            certificate, track, today=today, last_shift=last_shift,
            open_refresh_review=certificate.pk in refresh_reviews,
            renewing=renewing.get((engineer_id, slug)), missed_assessment=missed_assessment,
        )
        review_due = None
        if state in (CertState.CERTIFIED, CertState.DUE):
            review_due = review_due_on(certificate, track, cadence, last_reviews.get(certificate.pk))
        result[(engineer_id, slug)] = Certification(
            by_id[engineer_id], slug, state, certificate=certificate, due_on=due_on(certificate, track),
            reasons=reasons, renewing=renewing.get((engineer_id, slug)), review_due=review_due,
            track=track, last_shift=last_shift, missed_assessment=missed_assessment,
        )
    return result


def certifications_of(engineer, *, today=None, enrollments=None):
    return sorted(certifications([engineer], today=today, enrollments=enrollments).values(),
                  key=lambda c: c.track_slug)


def expiring_soon(*, manager, days, today=None):
    """Valid certificates of the manager's engineers that expire within ``days``."""
    today = today or timezone.localdate()
    engineers = get_user_model().objects.filter(teams__managers=manager)
    latest_ids = (Certificate.objects.filter(engineer__in=engineers).values("engineer_id", "track__slug")
                  .annotate(last=Max("pk")).values("last"))
    return (Certificate.objects.filter(pk__in=latest_ids, revoked_at__isnull=True, expires_on__gte=today,
                                       expires_on__lte=today + datetime.timedelta(days=days))
            .select_related("engineer", "track").order_by("expires_on", "engineer__last_name"))
