"""Recertification: expiry rules, the state of each engineer's certification, periodic reviews,
refresh enrollments, re-reading documents that changed, reminders and the calendar feed.

Totara's certifications are the model: a validity period, a window before expiry in which the
certification is due, a rule for the next expiry on renewal and a shorter refresh track.
"""

import calendar
import datetime
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from . import access
from .models import (
    CalendarFeed,
    Certificate,
    CertificationReview,
    Enrollment,
    EnrollmentStatus,
    ExerciseLog,
    ReminderLog,
    RenewalBasis,
    ReReadItem,
    ReviewCadence,
    ReviewOutcome,
    ReviewState,
    ShadowShift,
    ShiftState,
    SignOffAction,
    StepKind,
    Team,
    Track,
    person_name,
)
from .services import TrainingError, _record

CADENCE_MONTHS = {ReviewCadence.MONTHLY: 1, ReviewCadence.QUARTERLY: 3, ReviewCadence.ANNUAL: 12}


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _on(year, month, day):
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def next_expiry(track, *, completed_on, previous_expiry=None):
    """The expiry of a certificate earned on ``completed_on``, by the track's renewal rule.

    - completion: ``validity_months`` after completion;
    - previous expiry: ``validity_months`` after the previous expiry (if the previous one has not
      lapsed yet, so renewing early loses nothing), else from completion;
    - fixed date: the next occurrence of the track's fixed date;
    and never sooner than ``min_active_days`` after completion (a year later if need be).
    """
    if not track.validity_months:
        return None
    if track.renewal_basis == RenewalBasis.FIXED_DATE and track.renewal_month and track.renewal_day:
        expiry = _on(completed_on.year, track.renewal_month, track.renewal_day)
        while expiry <= completed_on:
            expiry = _on(expiry.year + 1, track.renewal_month, track.renewal_day)
        step = 12
    elif track.renewal_basis == RenewalBasis.PREVIOUS_EXPIRY and previous_expiry and previous_expiry >= completed_on:
        expiry = add_months(previous_expiry, track.validity_months)
        step = track.validity_months
    else:
        expiry = add_months(completed_on, track.validity_months)
        step = track.validity_months
    minimum = completed_on + datetime.timedelta(days=track.min_active_days)
    while expiry < minimum:
        expiry = add_months(expiry, step)
    return expiry


# --- State of a certification ------------------------------------------------------------------


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

    @property
    def label(self):
        return CertState.LABELS[self.state]

    @property
    def badge(self):
        return CertState.BADGES[self.state]


def due_on(certificate, track):
    if certificate.expires_on is None:
        return None
    return certificate.expires_on - datetime.timedelta(days=track.recert_window_days)


def review_due_on(certificate, track, team_cadence, last_review):
    cadence = track.review_cadence if track.review_cadence != ReviewCadence.NONE else team_cadence
    months = CADENCE_MONTHS.get(cadence)
    if not months:
        return None
    return add_months(last_review or certificate.issued_on, months)


def _state_of(certificate, track, *, today, last_shift, open_refresh_review, renewing):
    reasons = []
    if certificate.revoked_at:
        return CertState.REVOKED, reasons
    if certificate.expires_on is not None and certificate.expires_on < today:
        return CertState.EXPIRED, [f"expired on {certificate.expires_on:%d %b %Y}"]
    window_opens = due_on(certificate, track)
    if window_opens is not None and window_opens <= today:
        reasons.append(f"expires on {certificate.expires_on:%d %b %Y}")
    if track.currency_months:
        since = max(filter(None, [last_shift, certificate.issued_on]))
        if add_months(since, track.currency_months) <= today:
            reasons.append(f"no confirmed on-call shift for {track.currency_months} months")
    if open_refresh_review:
        reasons.append("a review asked for a refresh")
    if renewing is not None:
        reasons.append("refresh in progress")
    return (CertState.DUE if reasons else CertState.CERTIFIED), reasons


def _engineer_facts(engineer_ids):
    """``{engineer id: (last confirmed shift on call or shadowing, team review cadence)}`` in one
    query: the currency rule counts confirmed shifts the engineer hosted (was on call) or
    shadowed; the cadence is the most frequent of the engineer's teams' cadences."""
    from django.db.models import Exists, OuterRef, Subquery

    def last_date(shifts, group):
        return Subquery(shifts.filter(state=ShiftState.CONFIRMED).order_by().values(group)
                        .annotate(last=Max("date")).values("last")[:1])

    by_frequency = sorted(CADENCE_MONTHS, key=CADENCE_MONTHS.get)
    rows = get_user_model().objects.filter(pk__in=engineer_ids).annotate(
        hosted=last_date(ShadowShift.objects.filter(host=OuterRef("pk")), "host"),
        shadowed=last_date(ShadowShift.objects.filter(progress__enrollment__engineer=OuterRef("pk")),
                           "progress__enrollment__engineer"),
        **{f"cadence_{cadence}": Exists(Team.objects.filter(members=OuterRef("pk"), review_cadence=cadence))
           for cadence in by_frequency},
    ).values("pk", "hosted", "shadowed", *(f"cadence_{cadence}" for cadence in by_frequency))
    facts = {}
    for row in rows:
        last_shift = max(filter(None, [row["hosted"], row["shadowed"]]), default=None)
        cadence = next((c for c in by_frequency if row[f"cadence_{c}"]), ReviewCadence.NONE)
        facts[row["pk"]] = (last_shift, cadence)
    return facts


def certifications(engineers, *, today=None, enrollments=None):
    """``{(engineer_id, track_slug): Certification}`` for every track each engineer has touched,
    in a fixed number of queries whatever the number of engineers (five; four when the caller
    passes ``enrollments``: the engineers' active enrollments with ``track`` and
    ``renews__track``)."""
    today = today or timezone.localdate()
    engineer_ids = [e.pk for e in engineers]
    by_id = {e.pk: e for e in engineers}
    certificates = list(
        Certificate.objects.filter(engineer_id__in=engineer_ids).select_related("track").order_by("issued_on", "pk")
    )
    latest = {}
    for certificate in certificates:
        latest[(certificate.engineer_id, certificate.track.slug)] = certificate
    slugs = {slug for _engineer, slug in latest}
    current_tracks = {t.slug: t for t in Track.objects.current().filter(slug__in=slugs)} if slugs else {}
    if enrollments is None:
        enrollments = Enrollment.objects.filter(engineer_id__in=engineer_ids, status=EnrollmentStatus.ACTIVE
                                                ).select_related("track", "renews__track")
    enrollments = [e for e in enrollments if e.status == EnrollmentStatus.ACTIVE and e.engineer_id in by_id]
    facts = _engineer_facts(engineer_ids) if latest else {}
    refresh_reviews, last_reviews = set(), {}
    if latest:
        for certificate_id, last, refreshes in (
            CertificationReview.objects.filter(certificate__in=[c.pk for c in latest.values()])
            .values_list("certificate_id").annotate(last=Max("reviewed_on"),
                                                    refreshes=Count("pk", filter=Q(outcome=ReviewOutcome.REFRESH)))
        ):
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
        state, reasons = _state_of(
            certificate, track, today=today, last_shift=last_shift,
            open_refresh_review=certificate.pk in refresh_reviews,
            renewing=renewing.get((engineer_id, slug)),
        )
        review_due = None
        if state in (CertState.CERTIFIED, CertState.DUE):
            review_due = review_due_on(certificate, track, cadence, last_reviews.get(certificate.pk))
        result[(engineer_id, slug)] = Certification(
            by_id[engineer_id], slug, state, certificate=certificate, due_on=due_on(certificate, track),
            reasons=reasons, renewing=renewing.get((engineer_id, slug)), review_due=review_due,
        )
    return result


def certifications_of(engineer, *, today=None, enrollments=None):
    return sorted(certifications([engineer], today=today, enrollments=enrollments).values(),
                  key=lambda c: c.track_slug)


# --- Reviews and refresh ------------------------------------------------------------------------


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
    from .services import enrollment_create

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
    _record(enrollment=certificate.enrollment, action=SignOffAction.REVIEWED, by=by,
            comment=f"{review.get_outcome_display()}: {review.notes}".rstrip(": "))
    if outcome == ReviewOutcome.REFRESH:
        refresh_enroll(certificate=certificate, by=by)
    elif outcome == ReviewOutcome.REVOKE:
        from .certificates import certificate_revoke_unchecked

        certificate_revoke_unchecked(certificate=certificate, by=by, reason=f"Review: {review.notes}")
    return review


# --- Re-reading changed documents -----------------------------------------------------------------


def reread_items_create(*, document, version):
    """A required document got a new major version: every engineer holding a valid certificate
    of a track that reads it gets a re-read item."""
    track_slugs = set(
        Track.objects.current().filter(steps__kind=StepKind.READ, steps__ref=document.slug)
        .values_list("slug", flat=True)
    )
    if not track_slugs:
        return 0
    today = timezone.localdate()
    valid = Certificate.objects.filter(track__slug__in=track_slugs, revoked_at__isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)).order_by("engineer_id", "-issued_on")
    seen, items = set(), []
    for certificate in valid:
        if certificate.engineer_id in seen:
            continue
        seen.add(certificate.engineer_id)
        items.append(ReReadItem(engineer_id=certificate.engineer_id, certificate=certificate,
                                document_slug=document.slug, document_title=document.title,
                                version=version.number))
    ReReadItem.objects.bulk_create(items, ignore_conflicts=True)
    return len(items)


def reread_items_complete(*, user, document, version_number):
    """The engineer read the document again: close their items up to that version."""
    major = int(str(version_number).split(".")[0])
    for item in ReReadItem.objects.filter(engineer=user, document_slug=document.slug, done_at__isnull=True):
        if int(item.version.split(".")[0]) <= major:
            item.done_at = timezone.now()
            item.save(update_fields=["done_at"])


def open_reread_items(user):
    return ReReadItem.objects.filter(engineer=user, done_at__isnull=True).order_by("created_at")


# --- Expiring soon --------------------------------------------------------------------------------


def expiring_soon(*, manager, days, today=None):
    """Valid certificates of the manager's engineers that expire within ``days``."""
    today = today or timezone.localdate()
    engineers = get_user_model().objects.filter(teams__manager=manager)
    latest_ids = (Certificate.objects.filter(engineer__in=engineers).values("engineer_id", "track__slug")
                  .annotate(last=Max("pk")).values("last"))
    return (Certificate.objects.filter(pk__in=latest_ids, revoked_at__isnull=True, expires_on__gte=today,
                                       expires_on__lte=today + datetime.timedelta(days=days))
            .select_related("engineer", "track").order_by("expires_on", "engineer__last_name"))


# --- Reminders ------------------------------------------------------------------------------------


@dataclass
class Reminder:
    recipient: object
    key: str
    text: str


def collect_reminders(*, today=None):
    """Every reminder that holds today, one per (recipient, item)."""
    today = today or timezone.localdate()
    reminders = []
    engineers = list(get_user_model().objects.filter(
        Q(certificates__isnull=False) | Q(enrollments__status=EnrollmentStatus.ACTIVE)).distinct())
    managers_of = defaultdict(set)
    for team in Team.objects.prefetch_related("members").select_related("manager"):
        for member in team.members.all():
            managers_of[member.pk].add(team.manager)
    for cert in certifications(engineers, today=today).values():
        who = person_name(cert.engineer)
        if cert.state in (CertState.DUE, CertState.EXPIRED) and cert.certificate is not None:
            what = "expired" if cert.state == CertState.EXPIRED else "is due for recertification"
            why = "; ".join(cert.reasons)
            key = f"cert-{cert.certificate.pk}-{cert.state}"
            reminders.append(Reminder(cert.engineer, key, f"Your {cert.certificate.track.name} certification {what} "
                                                          f"({why})."))
            for manager in managers_of[cert.engineer.pk]:
                reminders.append(Reminder(manager, key, f"{who}: {cert.certificate.track.name} certification {what} "
                                                        f"({why})."))
    overdue = Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE, target_date__lt=today).select_related(
        "engineer", "manager", "track")
    for enrollment in overdue:
        who = person_name(enrollment.engineer)
        key = f"overdue-{enrollment.pk}"
        text = (f"{enrollment.track.name}: the target date {enrollment.target_date:%d %b %Y} has passed with "
                f"{enrollment.steps_total - enrollment.steps_done} required steps open")
        reminders.append(Reminder(enrollment.engineer, key, f"Your training is overdue. {text}."))
        reminders.append(Reminder(enrollment.manager, key, f"{who} is overdue. {text}."))
    pending_logs = ExerciseLog.objects.filter(state=ReviewState.SUBMITTED).select_related(
        "progress__enrollment__mentor", "progress__enrollment__manager", "progress__enrollment__engineer",
        "progress__step")
    for log in pending_logs:
        enrollment = log.progress.enrollment
        who = person_name(enrollment.engineer)
        for person in {p for p in (enrollment.mentor, enrollment.manager) if p is not None}:
            reminders.append(Reminder(person, f"log-{log.pk}",
                                      f"Exercise log “{log.progress.step.title}” from {who} is waiting for you."))
    for shift in ShadowShift.objects.filter(state=ShiftState.PENDING).select_related(
            "host", "progress__enrollment__engineer"):
        who = person_name(shift.progress.enrollment.engineer)
        reminders.append(Reminder(shift.host, f"shift-{shift.pk}",
                                  f"Confirm the shadow shift of {shift.date:%d %b %Y} with {who}."))
    for item in ReReadItem.objects.filter(done_at__isnull=True).select_related("engineer"):
        reminders.append(Reminder(item.engineer, f"reread-{item.pk}",
                                  f"Re-read {item.document_title} (version {item.version})."))
    return reminders


def send_reminders(*, today=None):
    """Email each person their new reminders of the day, one email each (managers get their
    team's items as one digest). An item is sent at most once a day: running twice sends nothing
    new. Returns the number of emails sent."""
    today = today or timezone.localdate()
    by_recipient = defaultdict(dict)
    for reminder in collect_reminders(today=today):
        by_recipient[reminder.recipient][reminder.key] = reminder
    sent = 0
    for recipient, items in by_recipient.items():
        already = set(ReminderLog.objects.filter(recipient=recipient, sent_on=today, key__in=items)
                      .values_list("key", flat=True))
        new = [items[key] for key in sorted(items) if key not in already]
        if not new or not recipient.email:
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.bulk_create(
                    [ReminderLog(recipient=recipient, key=r.key, sent_on=today) for r in new])
        except IntegrityError:
            continue  # another run is sending the same reminders right now
        is_digest = access.is_manager(recipient)
        subject = (f"Your team's training digest: {len(new)} item{'s' if len(new) > 1 else ''}" if is_digest
                   else f"{len(new)} training reminder{'s' if len(new) > 1 else ''}")
        body = "\n".join(f"- {r.text}" for r in new)
        link = settings.SITE_URL + reverse("home")
        send_mail(f"[Shiftready] {subject}", f"{body}\n\nOpen Shiftready: {link}\n", settings.DEFAULT_FROM_EMAIL,
                  [recipient.email])
        sent += 1
    return sent


# --- Calendar feed ----------------------------------------------------------------------------------


def calendar_feed_for(user, *, renew=False):
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None or renew:
        token = secrets.token_urlsafe(32)
        if feed is None:
            feed = CalendarFeed.objects.create(user=user, token=token)
        else:
            feed.token = token
            feed.save(update_fields=["token"])
    return feed


def calendar_ics(user, *, today=None):
    """The person's dates as iCalendar: target dates of their enrollments (and of the engineers
    they manage), due windows and expiries of certificates."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Shiftready//Training calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Shiftready")
    managed = Enrollment.objects.managed_by(user).filter(status=EnrollmentStatus.ACTIVE)
    enrollments = (Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE, target_date__isnull=False)
                   .filter(Q(engineer=user) | Q(pk__in=managed.values("pk"))).select_related("engineer", "track"))
    stamp = timezone.now()

    def event(uid, day, summary, description=""):
        item = icalendar.Event()
        item.add("uid", f"{uid}@shiftready")
        item.add("dtstamp", stamp)
        item.add("dtstart", day)
        item.add("dtend", day + datetime.timedelta(days=1))
        item.add("summary", summary)
        if description:
            item.add("description", description)
        cal.add_component(item)

    for enrollment in enrollments:
        who = "" if enrollment.engineer_id == user.pk else f"{enrollment.engineer.get_full_name()}: "
        event(f"target-{enrollment.pk}", enrollment.target_date, f"{who}{enrollment.track.name} target date")
    engineers = [user] + list(get_user_model().objects.filter(teams__manager=user).distinct())
    for cert in certifications(engineers, today=today).values():
        certificate = cert.certificate
        if certificate is None or certificate.expires_on is None or certificate.revoked_at:
            continue
        who = "" if cert.engineer.pk == user.pk else f"{cert.engineer.get_full_name()}: "
        event(f"expiry-{certificate.pk}", certificate.expires_on, f"{who}{certificate.track.name} certificate expires")
        if cert.due_on:
            event(f"due-{certificate.pk}", cert.due_on, f"{who}{certificate.track.name} recertification due")
    return cal.to_ical()
