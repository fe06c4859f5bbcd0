"""Reads of the workflow: QuerySets with their joins applied, and page-sized summaries (the
engineer's enrollment, the team's rows; the sign-off queue and the navigation's counts are in
``queue``). Every function runs a fixed number of queries whatever the size of the data."""

import datetime
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import Attempt, Quiz
from content.models import Document
from content.selectors import reading_status_by_slug, unread_documents
from training.teams.models import Team, person_name
from training.tracks.models import StepKind

from . import prepared
from .models import (
    Enrollment,
    EnrollmentStatus,
    ExerciseLog,
    ProgressStatus,
    ReviewState,
    ShadowShift,
    ShiftRole,
    ShiftState,
    SignOff,
    StepProgress,
)
from .queue import count_subquery, has_open_required_steps


def with_waiting(queryset):
    """Annotate what each enrollment waits for: logs and scenario answers (mentor), shifts (host),
    the manager. The counts start from the enrollment's own step progress (an index), not from
    every pending log."""
    return queryset.annotate(
        pending_logs=count_subquery(StepProgress.objects.filter(
            enrollment=OuterRef("pk"), exercise_logs__state=ReviewState.SUBMITTED)),
        pending_shifts=count_subquery(StepProgress.objects.filter(
            enrollment=OuterRef("pk"), shadow_shifts__state=ShiftState.PENDING)),
        pending_grades=count_subquery(StepProgress.objects.filter(
            enrollment=OuterRef("pk"), status=ProgressStatus.SUBMITTED,
            step__kind__in=[StepKind.QUIZ, StepKind.VALIDATION])),
        has_open_required=has_open_required_steps(),
    )


def waiting_on(enrollment):
    """Who the enrollment waits for, from the annotations of ``with_waiting``."""
    if enrollment.status != EnrollmentStatus.ACTIVE:
        return ""
    parts = []
    if enrollment.pending_logs:
        parts.append(f"mentor ({enrollment.pending_logs} log{'s' if enrollment.pending_logs > 1 else ''})")
    if enrollment.pending_shifts:
        parts.append(f"host ({enrollment.pending_shifts} shift{'s' if enrollment.pending_shifts > 1 else ''})")
    if enrollment.pending_grades:
        parts.append(f"mentor ({enrollment.pending_grades} to grade)")
    if not enrollment.has_open_required:
        parts.append("manager (sign-off)" if enrollment.readiness_completed_at else "manager (readiness)")
    return ", ".join(parts) or "engineer"


def team_enrollment_keys(*, manager):
    """The ids of every enrollment the manager answers for, in the team page's order: paged
    before any row is built (``team_rows``), so what each row waits for is counted for the
    page's rows only, not for every enrollment of the team."""
    return prepared.rows(_team_keys, manager.pk)


def _team_keys(manager_id):
    return (Enrollment.objects.managed_by(manager_id).exclude(status=EnrollmentStatus.WITHDRAWN)
            .order_by("status", "target_date", "engineer__last_name", "pk")  # pk: pages never overlap
            .values_list("pk", flat=True))


def team_rows(ids, *, extend=None):
    """The enrollments ``ids`` in that order (a page of ``team_enrollment_keys``), with what each
    waits for and the slug of the track whose certification it earns (a refresh renews its
    main track's); ``extend``: what the pages above add to the same query (a function of the
    QuerySet, of nothing else: the readiness levels granted). Compiled once per process
    (``prepared``): building its subqueries costs more than running them."""
    rows = {row.pk: row for row in prepared.objects(_team_rows_builder(extend), list(ids))}
    return [rows[pk] for pk in ids if pk in rows]


@functools.cache
def _team_rows_builder(extend):
    def build(ids):
        queryset = with_waiting(Enrollment.objects.filter(pk__in=ids).select_related("engineer", "mentor", "track"))
        queryset = queryset.annotate(certified_track_slug=Coalesce("renews__track__slug", "track__slug"))
        return extend(queryset) if extend else queryset

    return build


def teams_of(manager):
    """The manager's teams, each with the number of its members (counted, not loaded)."""
    return prepared.objects(_teams_of, manager.pk)


def _teams_of(manager_id):
    return Team.objects.managed_by(manager_id).annotate(member_count=Count("members", distinct=True))


# --- The engineer's view of one enrollment -----------------------------------------------


@dataclass
class StageView:
    stage: object
    items: list = field(default_factory=list)

    @property
    def total(self):
        return sum(1 for p in self.items if p.step.required)

    @property
    def done(self):
        return sum(1 for p in self.items if p.step.required and p.is_done)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 100


def day_phrase(moment, today):
    """When something started waiting, as a person says it: "today", "yesterday", "Tuesday"
    within the week, else "3 Nov"."""
    day = timezone.localtime(moment).date() if isinstance(moment, datetime.datetime) else moment
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{day:%A}" if days < 7 else f"{day.day} {day:%b}"


@dataclass
class Wait:
    """An open step waiting on someone other than the engineer: who, to do what, since when."""

    progress: object
    who: str
    what: str
    since: object

    @property
    def sentence(self):
        return f"Waiting for {self.who} to {self.what} — since {day_phrase(self.since, timezone.localdate())}"


def _reviewer(enrollment):
    return person_name(enrollment.mentor) if enrollment.mentor_id else person_name(enrollment.manager)


def _waits(enrollment, open_items, *, pending_logs, pending_shifts, reviews, last_done):
    """Which open required steps wait on someone else (``Wait``), and which the engineer can do.
    Exercise logs wait for the mentor (or the manager), scenario answers for their grader,
    shadow shifts for their hosts once the hours logged would meet the step, and the final
    sign-off for the manager once every other step is done (before that it waits on the steps)."""
    waits, actionable = [], []
    others_open = any(p.step.kind != StepKind.SIGNOFF for p in open_items)
    for p in open_items:
        kind = p.step.kind
        if kind == StepKind.EXERCISE and p.pk in pending_logs:
            waits.append(Wait(p, _reviewer(enrollment), "verify your exercise log", pending_logs[p.pk].submitted_at))
        elif kind in (StepKind.QUIZ, StepKind.VALIDATION) and p.step.ref in reviews:
            waits.append(Wait(p, _reviewer(enrollment), "grade your scenario answers",
                              reviews[p.step.ref].submitted_at))
        elif kind == StepKind.SIGNOFF:
            if not others_open:
                readiness = enrollment.readiness_completed_at
                what = "sign you off as ready for on-call" if readiness else "complete your readiness checklist"
                waits.append(Wait(p, person_name(enrollment.manager), what,
                                  readiness or last_done or enrollment.last_activity_at))
        elif kind == StepKind.SHADOW and (shifts := pending_shifts.get(p.pk)):
            hosts = sorted({person_name(s.host) for s in shifts})
            waits.append(Wait(p, " and ".join(hosts), f"confirm your shadow shift{'s' if len(shifts) > 1 else ''}",
                              min(s.created_at for s in shifts)))
            logged = [*p.shifts_confirmed, *shifts]
            leads = sum(1 for s in logged if s.role == ShiftRole.LEAD)
            if sum((s.hours for s in logged), Decimal("0")) < (p.step.hours or 0) or leads < p.step.lead_shifts:
                actionable.append(p)  # more to log while the host confirms
        else:
            actionable.append(p)
    return waits, actionable


@dataclass
class Overview:
    enrollment: object
    stages: list
    next_progress: object
    returned: list
    shadow_required: Decimal
    shadow_confirmed: Decimal
    shadow_pending: Decimal
    document_slugs: set
    quiz_slugs: set
    reading: dict
    waits: list = field(default_factory=list)

    @property
    def headline_wait(self):
        """The wait to lead with: when the first open step (in the track's order) waits on
        someone else, rather than the engineer's next step."""
        if not self.waits:
            return None
        first = self.waits[0]
        if self.next_progress is None or first.progress.step.order < self.next_progress.step.order:
            return first
        return None

    @property
    def other_waits(self):
        headline = self.headline_wait
        return [wait for wait in self.waits if wait is not headline]

    @cached_property
    def meanwhile_documents(self):
        """While everything left waits on others: a few documents the engineer has not read yet
        (those on a learning path first); asked only by a page that has nothing else to offer."""
        return list(unread_documents(user=self.enrollment.engineer, limit=3))

    @cached_property
    def documents(self):
        """``{slug: Document}`` of the reading steps (loaded on first use: no page shows them)."""
        return {d.slug: d for d in Document.objects.filter(slug__in=self.document_slugs)}

    @cached_property
    def quizzes(self):
        """``{slug: Quiz}`` of the quiz and validation steps (loaded on first use)."""
        return {q.slug: q for q in Quiz.objects.filter(slug__in=self.quiz_slugs)}

    @property
    def shadow_percent(self):
        if not self.shadow_required:
            return 100
        return min(100, round(100 * self.shadow_confirmed / self.shadow_required))


def _progress_of(enrollment_id):
    return StepProgress.objects.filter(enrollment_id=enrollment_id).select_related("step__stage").order_by(
        "step__order")


def _open_logs_of(enrollment_id):
    """The logs returned (shown with their comment) and those waiting for a decision."""
    return ExerciseLog.objects.filter(
        Q(state=ReviewState.RETURNED, progress__status=ProgressStatus.RETURNED) | Q(state=ReviewState.SUBMITTED),
        progress__enrollment=enrollment_id,
    ).select_related("progress__step", "decided_by").order_by("-decided_at", "-submitted_at")


def _shifts_of(enrollment_id):
    return (ShadowShift.objects.filter(progress__enrollment=enrollment_id).exclude(state=ShiftState.DISPUTED)
            .select_related("host").only("progress_id", "hours", "role", "state", "created_at", "host"))


def enrollment_overview(enrollment, *, viewer=None):
    """Everything the engineer's page shows for one enrollment (its step progress, open logs and
    shifts as compiled once per process: ``prepared``)."""
    progress = prepared.objects(_progress_of, enrollment.pk)
    for item in progress:
        item.enrollment = enrollment  # as ``enrollment.progress`` gives them
    stages = []
    for item in progress:
        if not stages or stages[-1].stage.pk != item.step.stage_id:
            stages.append(StageView(stage=item.step.stage))
        stages[-1].items.append(item)
    open_items = [p for p in progress if not p.is_done and p.step.required]

    logs = prepared.objects(_open_logs_of, enrollment.pk)
    returned = [log for log in logs if log.state == ReviewState.RETURNED]
    shifts = prepared.objects(_shifts_of, enrollment.pk)
    pending_shifts = {}
    for shift in shifts:
        if shift.state == ShiftState.PENDING:
            pending_shifts.setdefault(shift.progress_id, []).append(shift)
    for p in progress:
        p.shifts_confirmed = [s for s in shifts if s.progress_id == p.pk and s.state == ShiftState.CONFIRMED]
    shadow_required = sum((p.step.hours or 0 for p in progress if p.step.kind == StepKind.SHADOW), Decimal("0"))

    doc_slugs = {p.step.ref for p in progress if p.step.kind == StepKind.READ}
    quiz_slugs = {p.step.ref for p in progress if p.step.kind in (StepKind.QUIZ, StepKind.VALIDATION)}
    graded_later = {p.step.ref for p in open_items if p.step.kind in (StepKind.QUIZ, StepKind.VALIDATION)
                    and p.status == ProgressStatus.SUBMITTED}
    reviews = {} if not graded_later else {
        attempt.quiz.slug: attempt for attempt in Attempt.objects.awaiting_review().filter(
            user=enrollment.engineer_id, quiz__slug__in=graded_later).select_related("quiz").order_by("-submitted_at")}
    waits, actionable = _waits(
        enrollment, open_items, pending_shifts=pending_shifts, reviews=reviews,
        pending_logs={log.progress_id: log for log in logs if log.state == ReviewState.SUBMITTED},
        last_done=max((p.completed_at for p in progress if p.completed_at), default=None))
    # The reading status by slug straight from the documents' table (no document loaded).
    reading = reading_status_by_slug(user=enrollment.engineer, slugs=doc_slugs)
    return Overview(
        enrollment=enrollment, stages=stages, next_progress=(actionable or [None])[0], returned=returned,
        shadow_required=shadow_required,
        shadow_confirmed=sum((s.hours for s in shifts if s.state == ShiftState.CONFIRMED), Decimal("0")),
        shadow_pending=sum((s.hours for p in pending_shifts.values() for s in p), Decimal("0")),
        document_slugs=doc_slugs, quiz_slugs=quiz_slugs, reading=reading, waits=waits,
    )


def enrollments_of(engineer):
    return Enrollment.objects.filter(engineer=engineer).exclude(
        status=EnrollmentStatus.WITHDRAWN
    ).with_people().order_by("status", "-created_at")


def history(enrollment):
    """Every sign-off of the enrollment, oldest first: who did what and when."""
    return SignOff.objects.filter(enrollment=enrollment).select_related(
        "by", "step", "exercise_log", "shadow_shift"
    ).order_by("at", "pk")


def step_history(progress):
    return history(progress.enrollment).filter(step=progress.step)


def shifts_of(progress):
    return progress.shadow_shifts.select_related("host").prefetch_related("incidents").order_by("-date")
