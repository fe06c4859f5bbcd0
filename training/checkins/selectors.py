"""Reads of the weekly check-ins: the facts of a track week, an enrollment's weeks with their
check-ins, the actions carried into a week, and which check-ins are overdue (for the team page
and the reminder digest). Every function runs a fixed number of queries whatever the data."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from training.tracks.models import Stage, StepKind
from training.workflow.models import Enrollment, EnrollmentStatus, ProgressStatus, ShadowShift, ShiftState

from .models import GRACE, CheckIn, CheckInAction, week_due, week_starts

WEEK_PREFIX = re.compile(r"^\s*week\s*\d+\s*[:·.–—-]?\s*", re.IGNORECASE)


def topic(stage):
    """A stage's title without its "Week 2:" (pages name the week themselves)."""
    return WEEK_PREFIX.sub("", stage.title) or stage.title


def stages_of(enrollment):
    """The track's stages, one per week, in order (``stage.order`` is the week's number)."""
    return list(Stage.objects.weeks().filter(track=enrollment.track_id).order_by("order").only("order", "title"))


# --- The facts of one week -----------------------------------------------------------------


@dataclass
class WeekFacts:
    """What the week's check-in starts from: the steps done during the week, those waiting for
    someone else now, the required steps of this week and earlier weeks still open after their
    week ended, and the shadow hours logged for shifts of the week."""

    starts: object
    ends: object  # the last day of the week
    done: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    shadow_confirmed: Decimal = Decimal("0")
    shadow_pending: Decimal = Decimal("0")

    @property
    def shadow_hours(self):
        return self.shadow_confirmed + self.shadow_pending


def week_facts(enrollment, week, *, today=None):
    """Two queries: the enrollment's step progress, and its shadow shifts (not disputed)."""
    today = today or timezone.localdate()
    starts, due = week_starts(enrollment, week), week_due(enrollment, week)
    facts = WeekFacts(starts=starts, ends=due - datetime.timedelta(days=1))
    progress = list(enrollment.progress.select_related("step__stage").only(
        "status", "completed_at", "step__title", "step__kind", "step__required", "step__order", "step__stage__order")
        .order_by("step__order"))
    shifts = list(ShadowShift.objects.filter(progress__enrollment=enrollment).exclude(state=ShiftState.DISPUTED)
                  .only("progress_id", "date", "hours", "state"))
    waiting_shifts = {s.progress_id for s in shifts if s.state == ShiftState.PENDING}
    for p in progress:
        done_on = timezone.localtime(p.completed_at).date() if p.completed_at else None
        if p.status == ProgressStatus.DONE:
            if done_on is not None and starts <= done_on < due:
                facts.done.append(p.step.title)
        elif p.status == ProgressStatus.SUBMITTED or p.pk in waiting_shifts:
            facts.waiting.append(p.step.title)
        elif (p.step.required and p.step.kind != StepKind.SIGNOFF and p.step.stage.order <= week
              and week_due(enrollment, p.step.stage.order) <= today):
            facts.overdue.append(p.step.title)
    for shift in shifts:
        if starts <= shift.date < due:
            if shift.state == ShiftState.CONFIRMED:
                facts.shadow_confirmed += shift.hours
            else:
                facts.shadow_pending += shift.hours
    return facts


def carried_actions(enrollment, week):
    """The actions still open at the latest check-in before ``week``: they carry into it. One
    query."""
    latest = CheckIn.objects.filter(enrollment=enrollment, week__lt=week).order_by("-week").values("pk")[:1]
    return list(CheckInAction.objects.filter(checkin__in=latest, done=False).select_related("checkin").order_by("pk"))


def checkin_of(enrollment, week):
    """The week's check-in with its actions and who held it, or None. Two queries."""
    return CheckIn.objects.filter(enrollment=enrollment, week=week).select_related("held_by").prefetch_related(
        "actions").first()


# --- An enrollment's weeks ---------------------------------------------------------------------


@dataclass
class WeekRow:
    week: int
    title: str
    due: object
    checkin: object = None
    state: str = "upcoming"  # "held", "overdue", "late", "due" (this week), "upcoming"

    @property
    def state_label(self):
        return {"held": "Held", "overdue": "Overdue", "late": "Due", "due": "This week",
                "upcoming": "Upcoming"}[self.state]


def _state(starts, due, today):
    if due + GRACE < today:
        return "overdue"
    if due <= today:
        return "late"
    return "due" if starts <= today else "upcoming"


def week_rows(enrollment, *, today=None):
    """Each week of the enrollment with its due date and its check-in, if held; three queries."""
    today = today or timezone.localdate()
    held = {c.week: c for c in CheckIn.objects.filter(enrollment=enrollment).select_related("held_by")
            .annotate(action_count=Count("actions"), open_count=Count("actions", filter=Q(actions__done=False)))}
    rows = []
    for stage in stages_of(enrollment):
        due = week_due(enrollment, stage.order)
        checkin = held.get(stage.order)
        state = "held" if checkin else _state(week_starts(enrollment, stage.order), due, today)
        rows.append(WeekRow(stage.order, topic(stage), due, checkin, state))
    return rows


def next_due(rows, enrollment):
    """The first week without a check-in while the enrollment is active, else None."""
    if enrollment.status != EnrollmentStatus.ACTIVE:
        return None
    return next((row for row in rows if row.checkin is None), None)


# --- Overdue check-ins (the team page, the reminder digest) -------------------------------------


@dataclass
class Overdue:
    enrollment: object
    week: int
    due: object
    weeks: int  # how many weeks are overdue in all

    @property
    def text(self):
        more = f" (and {self.weeks - 1} more)" if self.weeks > 1 else ""
        return f"Week {self.week} check-in overdue since {self.due:%-d %b}{more}"


def weeks_of_tracks(track_ids):
    """``{track pk: number of weeks}`` in one query."""
    return dict(Stage.objects.weeks().filter(track__in=track_ids).order_by().values("track").annotate(n=Count("pk"))
                .values_list("track", "n"))


def _held_weeks(enrollment_ids):
    held = defaultdict(set)
    for enrollment_id, week in CheckIn.objects.filter(enrollment__in=enrollment_ids).values_list(
            "enrollment_id", "week"):
        held[enrollment_id].add(week)
    return held


def _overdue(enrollment, weeks, held, today):
    if enrollment.status != EnrollmentStatus.ACTIVE:
        return None
    missing = [w for w in range(1, weeks + 1) if w not in held and week_due(enrollment, w) + GRACE < today]
    return Overdue(enrollment, missing[0], week_due(enrollment, missing[0]), len(missing)) if missing else None


def overdue_checkins(enrollments, *, today=None):
    """``{enrollment pk: Overdue}`` for the given (loaded) enrollments that are active and have a
    week whose check-in is due for more than 7 days and not held: the earliest such week. Two
    queries whatever the number of enrollments: their tracks' week counts, their held weeks."""
    today = today or timezone.localdate()
    if not enrollments:  # else always the two queries, whatever the rows' dates: a page costs the same
        return {}
    weeks_of = weeks_of_tracks({e.track_id for e in enrollments})
    held = _held_weeks([e.pk for e in enrollments])
    found = {e.pk: _overdue(e, weeks_of.get(e.track_id, 0), held[e.pk], today) for e in enrollments}
    return {pk: overdue for pk, overdue in found.items() if overdue is not None}


def checkins_overdue(queryset, *, today=None):
    """The overdue check-ins (``Overdue``) of the queryset's active enrollments, with their
    engineer, mentor, manager and track loaded: three queries."""
    today = today or timezone.localdate()
    enrollments = list(queryset.filter(status=EnrollmentStatus.ACTIVE, start_date__lt=today - 2 * GRACE)
                       .select_related("engineer", "mentor", "manager", "track"))
    return list(overdue_checkins(enrollments, today=today).values())


# --- A mentor's or manager's check-ins ----------------------------------------------------------


def enrollments_to_meet(user):
    """The active enrollments whose check-ins ``user`` holds: those they mentor or manage."""
    return (Enrollment.objects.active().filter(Q(mentor=user) | Q(pk__in=Enrollment.objects.managed_by(user)
                                                                  .values("pk")))
            .exclude(engineer=user).with_people().order_by("start_date", "pk"))


@dataclass
class MeetingRow:
    enrollment: object
    weeks: int
    overdue: object = None
    next_week: int = None  # None once every week's check-in is held
    next_due: object = None
    next_title: str = ""


def meeting_rows(enrollments, *, today=None):
    """For a page of enrollments: the overdue check-in and the next week to meet, each. Two
    queries whatever the number of rows."""
    today = today or timezone.localdate()
    weeks_of = weeks_of_tracks({e.track_id for e in enrollments})
    held = _held_weeks([e.pk for e in enrollments])
    rows = []
    for e in enrollments:
        weeks = weeks_of.get(e.track_id, 0)
        row = MeetingRow(e, weeks, overdue=_overdue(e, weeks, held[e.pk], today))
        row.next_week = next((w for w in range(1, weeks + 1) if w not in held[e.pk]), None)
        if row.next_week is not None:
            row.next_due = week_due(e, row.next_week)
        rows.append(row)
    return rows
