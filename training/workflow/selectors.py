"""Reads of the workflow: QuerySets with their joins applied, and page-sized summaries (the
engineer's enrollment, the sign-off queue, the team's rows, the navigation's counts). Every
function runs a fixed number of queries whatever the size of the data."""

import datetime
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments import access as assessments_access
from assessments.models import Attempt, Quiz
from content.models import Document
from content.selectors import reading_status_by_slug, unread_documents
from training import access
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
    managed_by_q,
)


def _count(queryset):
    """A correlated COUNT subquery, so several counts on one row do not multiply each other."""
    counted = queryset.order_by().annotate(c=Func(F("pk"), function="COUNT")).values("c")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def open_required_steps_count():
    return _count(StepProgress.objects.filter(
        enrollment=OuterRef("pk"), step__required=True
    ).exclude(status=ProgressStatus.DONE).exclude(step__kind=StepKind.SIGNOFF))


def with_waiting(queryset):
    """Annotate what each enrollment waits for: logs and scenario answers (mentor), shifts (host),
    the manager. The counts start from the enrollment's own step progress (an index), not from
    every pending log."""
    return queryset.annotate(
        pending_logs=_count(StepProgress.objects.filter(
            enrollment=OuterRef("pk"), exercise_logs__state=ReviewState.SUBMITTED)),
        pending_shifts=_count(StepProgress.objects.filter(
            enrollment=OuterRef("pk"), shadow_shifts__state=ShiftState.PENDING)),
        pending_grades=_count(StepProgress.objects.filter(
            enrollment=OuterRef("pk"), status=ProgressStatus.SUBMITTED,
            step__kind__in=[StepKind.QUIZ, StepKind.VALIDATION])),
        open_required=open_required_steps_count(),
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
    if enrollment.open_required == 0:
        parts.append("manager (sign-off)" if enrollment.readiness_completed_at else "manager (readiness)")
    return ", ".join(parts) or "engineer"


def team_enrollment_keys(*, manager):
    """The ids of every enrollment the manager answers for, in the team page's order: paged
    before any row is built (``team_rows``), so what each row waits for is counted for the
    page's rows only, not for every enrollment of the team."""
    return list(Enrollment.objects.managed_by(manager).exclude(status=EnrollmentStatus.WITHDRAWN)
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
    return Team.objects.managed_by(manager).annotate(member_count=Count("members", distinct=True))


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


def enrollment_overview(enrollment, *, viewer=None):
    """Everything the engineer's page shows for one enrollment."""
    progress = list(
        enrollment.progress.select_related("step__stage").order_by("step__order")
    )
    stages = []
    for item in progress:
        if not stages or stages[-1].stage.pk != item.step.stage_id:
            stages.append(StageView(stage=item.step.stage))
        stages[-1].items.append(item)
    open_items = [p for p in progress if not p.is_done and p.step.required]

    # The logs returned (shown with their comment) and those waiting for a decision, in one query.
    logs = list(
        ExerciseLog.objects.filter(Q(state=ReviewState.RETURNED, progress__status=ProgressStatus.RETURNED)
                                   | Q(state=ReviewState.SUBMITTED), progress__enrollment=enrollment)
        .select_related("progress__step", "decided_by").order_by("-decided_at", "-submitted_at")
    )
    returned = [log for log in logs if log.state == ReviewState.RETURNED]
    shifts = list(ShadowShift.objects.filter(progress__enrollment=enrollment).exclude(state=ShiftState.DISPUTED)
                  .select_related("host").only("progress_id", "hours", "role", "state", "created_at", "host"))
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


# --- The sign-off queue -------------------------------------------------------------------------


@dataclass
class QueueItem:
    kind: str  # "review", "log", "shift", "readiness", "signoff"
    since: object
    enrollment: object
    obj: object
    # A log's sign-off checklist beside its notes: (item, ticked by the engineer) pairs.
    checklist: list = field(default_factory=list)


def _pending_logs(user):
    """The bare filter (no ordering): cheap to build for counts and the queue's keys. The
    conditions are on the log's own enrollment row, not ``enrollment IN (the user's
    enrollments)``: PostgreSQL cannot estimate that OR-ed set and, at company size, read all the
    step progress to join it, where this reads only the submitted logs (a partial index)."""
    return ExerciseLog.objects.filter(
        Q(progress__enrollment__mentor=user) | managed_by_q(user, "progress__enrollment"),
        state=ReviewState.SUBMITTED,
    ).exclude(progress__enrollment__engineer=user)


def _pending_shifts(user):
    return ShadowShift.objects.filter(state=ShiftState.PENDING, host=user).exclude(
        progress__enrollment__engineer=user)


def _awaiting_manager(user):
    """Active enrollments the user manages whose required steps are all done (only the one
    annotation the filter needs: building the ORM query is most of a queue count's cost)."""
    return Enrollment.objects.managed_by(user).active().exclude(engineer=user).annotate(
        open_required=open_required_steps_count()).filter(open_required=0)


def pending_logs_for(user):
    return _pending_logs(user).select_related(
        # Not the exercise, nor the track's JSON: a queue of 500 logs builds 500 rows of each.
        "progress__step", "progress__enrollment__engineer", "progress__enrollment__track"
    ).defer("progress__enrollment__track__readiness", "progress__enrollment__track__description").order_by(
        "submitted_at")


def pending_shifts_for(user):
    return _pending_shifts(user).select_related(
        "progress__step", "progress__enrollment__engineer", "progress__enrollment__track"
    ).prefetch_related("incidents").order_by("created_at")


def pending_reviews_for(user):
    """Scenario answers waiting for ``user`` to grade them (graded in the assessments app)."""
    return Attempt.objects.awaiting_review().reviewable_by(user).select_related("user", "quiz").order_by(
        "submitted_at")


def signoff_queue_keys(user):
    """``(kind, pk, since)`` of everything waiting for ``user``'s decision, oldest first: one
    narrow query per source (no joins to build, no objects), so a queue of 500 items costs 500
    small tuples. Ties keep the order reviews, logs, shifts, enrollments (as ``signoff_queue``)."""
    keys = [("review", pk, since) for pk, since in Attempt.objects.awaiting_review().reviewable_by(user)
            .order_by("submitted_at").values_list("pk", "submitted_at")]
    keys += [("log", pk, since) for pk, since in
             _pending_logs(user).order_by("submitted_at").values_list("pk", "submitted_at")]
    keys += [("shift", pk, since) for pk, since in
             _pending_shifts(user).order_by("created_at").values_list("pk", "created_at")]
    keys += [("signoff" if ready else "readiness", pk, since) for pk, since, ready in
             _awaiting_manager(user).order_by("last_activity_at").values_list(
                 "pk", "last_activity_at", "readiness_completed_at")]
    return sorted(keys, key=lambda key: key[2])


def queue_items(keys, user):
    """The ``QueueItem`` of each key (a page of ``signoff_queue_keys``), in the keys' order: one
    query per kind present, whatever the length of the queue."""
    wanted = {}
    for kind, pk, _since in keys:
        wanted.setdefault("enrollment" if kind in ("signoff", "readiness") else kind, []).append(pk)
    loaded = {}
    if "review" in wanted:
        loaded["review"] = pending_reviews_for(user).in_bulk(wanted["review"])
    if "log" in wanted:
        # The page's logs with their exercise (its sign-off checklist shows beside the notes).
        loaded["log"] = pending_logs_for(user).select_related("progress__step__exercise").in_bulk(wanted["log"])
    if "shift" in wanted:
        loaded["shift"] = pending_shifts_for(user).in_bulk(wanted["shift"])
    if "enrollment" in wanted:
        loaded["enrollment"] = Enrollment.objects.with_people().in_bulk(wanted["enrollment"])
    items = []
    for kind, pk, since in keys:
        if kind == "review":
            obj = loaded["review"].get(pk)
            enrollment = None
        elif kind in ("log", "shift"):
            obj = loaded[kind].get(pk)
            enrollment = obj.progress.enrollment if obj is not None else None
        else:
            obj = enrollment = loaded["enrollment"].get(pk)
        if obj is not None:  # decided between the two queries: left out of the page
            items.append(QueueItem(kind, since, enrollment, obj, checklist=_ticked_checklist(obj) if kind == "log"
                                   else []))
    return items


def _ticked_checklist(log):
    exercise = log.progress.step.exercise
    ticks = set(log.checklist_ticks)
    return [(text, index in ticks) for index, text in enumerate(exercise.checklist if exercise else [])]


def signoff_queue(user):
    """Everything waiting for ``user``'s decision, oldest first (every item built: the queue page
    pages ``signoff_queue_keys`` and builds only its page with ``queue_items``)."""
    return queue_items(signoff_queue_keys(user), user)


def stand_in_reviewer(user_id):
    """A user of id ``user_id`` who is neither a training admin nor a grader of everyone: inactive,
    so asking their permissions asks nothing of the database. The reviewer policy's answer for
    them is its answer for any such user: queries built from it are compiled once (``prepared``)."""
    return get_user_model()(pk=user_id, is_active=False)


def _answers_to_grade(user_id):
    return Attempt.objects.awaiting_review().reviewable_by(stand_in_reviewer(user_id))


def _grades_by_policy(user):
    """Does the reviewer policy alone say whom ``user`` grades (not a grader of everyone, not a
    training admin)? Then what they grade is compiled once per process (``stand_in_reviewer``)."""
    return not assessments_access.can_manage(user) and not access.is_training_admin(user)


def _queue_count(user):
    """Everything the queue page lists (``signoff_queue_keys``), scenario answers to grade too, in
    one query, each part as compiled once (``prepared``): the logs, shifts and enrollments; the
    answers as the reviewer policy gives them (built afresh for a training admin or a grader of
    everyone, whom the policy may answer otherwise)."""
    parts = [prepared.ids_for(build, user.pk) for build in (_pending_logs, _pending_shifts, _awaiting_manager)]
    if _grades_by_policy(user):
        parts.append(prepared.ids_for(_answers_to_grade, user.pk))
    else:
        parts.append(Attempt.objects.awaiting_review().reviewable_by(user).order_by().values("pk").query
                     .sql_with_params())
    # SQL compiled by the ORM, every value a parameter.
    counts = ", ".join(f"(SELECT COUNT(*) FROM ({sql}) counted)" for sql, _params in parts)  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}", [param for _sql, params in parts for param in params])
        return sum(cursor.fetchone())


def _roles(user_id, reviewable=None):
    """The navigation's roles of one user, EXISTS each; ``reviewable``: the users they may grade
    (None: everyone, a grader of everyone)."""
    return get_user_model().objects.filter(pk=user_id).annotate(
        manages=Exists(Team.objects.filter(managers=OuterRef("pk"))),
        mentors=Exists(Enrollment.objects.filter(mentor=OuterRef("pk"))),
        hosts=Exists(ShadowShift.objects.filter(host=OuterRef("pk"))),
        # A mentor or host by a team's role as much as by being named on an enrollment or a shift.
        team_role=Exists(Team.objects.filter(Q(mentors=OuterRef("pk")) | Q(hosts=OuterRef("pk")))),
        reviews=Value(True) if reviewable is None else Exists(reviewable),
    ).values_list("manages", "mentors", "hosts", "team_role", "reviews")


def _roles_of_grader(user_id):
    return _roles(user_id)


def _roles_by_policy(user_id):
    return _roles(user_id, assessments_access.reviewable_users(stand_in_reviewer(user_id)))


def navigation_flags(user, *, queue_count=None):
    """What the navigation shows for ``user``: the roles held, the size of the sign-off queue,
    whether they grade scenario answers and administer training. One cheap query (EXISTS each)
    for everyone; a second one counts the queue only for the people who sign (``_queue_count``),
    unless the caller knows it already (``queue_count``: the queue page has its keys). Both
    compiled once per process (``prepared``), as asked on every page; a training admin's roles
    built afresh (the reviewer policy may answer otherwise for them). Pages keep the result in
    ``training.pagecache``."""
    # Whether they grade (``assessments.access.is_reviewer``) asked in the same query.
    if assessments_access.can_manage(user):
        [row] = prepared.rows(_roles_of_grader, user.pk)
    elif access.is_training_admin(user):
        [row] = _roles(user.pk, assessments_access.reviewable_users(user))
    else:
        [row] = prepared.rows(_roles_by_policy, user.pk)
    manages, mentors, hosts, team_role, reviews = row
    signs = manages or mentors or hosts or team_role
    if not signs:
        queue_count = 0
    elif queue_count is None:  # the navigation shows the count only to the people who sign
        queue_count = _queue_count(user)
    return {"is_manager": manages, "queue_count": queue_count, "signs": signs,
            "grades": bool(reviews), "is_training_admin": access.is_training_admin(user)}
