"""Reads of the training app: QuerySets with their joins applied, and page-sized summaries.
Every function runs a fixed number of queries whatever the size of the data."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

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
    StepKind,
    StepProgress,
    Team,
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
    """Annotate what each enrollment waits for: logs (mentor), shifts (host), the manager."""
    return queryset.annotate(
        pending_logs=_count(ExerciseLog.objects.filter(
            progress__enrollment=OuterRef("pk"), state=ReviewState.SUBMITTED)),
        pending_shifts=_count(ShadowShift.objects.filter(
            progress__enrollment=OuterRef("pk"), state=ShiftState.PENDING)),
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
    if enrollment.open_required == 0:
        parts.append("manager (sign-off)" if enrollment.readiness_completed_at else "manager (readiness)")
    return ", ".join(parts) or "engineer"


def team_enrollments(*, manager):
    """One row per enrollment the manager answers for, with what it waits for and the slug of
    the track whose certification it earns (a refresh renews its main track's)."""
    rows = with_waiting(
        Enrollment.objects.managed_by(manager).exclude(status=EnrollmentStatus.WITHDRAWN).with_people()
    ).annotate(
        certified_track_slug=Coalesce("renews__track__slug", "track__slug"),
    ).order_by("status", "target_date", "engineer__last_name")
    return rows


def open_reread_counts(engineer_ids):
    """{engineer id: open re-read items} in one query."""
    from .models import ReReadItem

    return dict(ReReadItem.objects.filter(engineer_id__in=engineer_ids, done_at__isnull=True)
                .values_list("engineer_id").annotate(n=Count("pk")))


def teams_of(manager):
    return Team.objects.managed_by(manager).prefetch_related("members")


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


@dataclass
class Overview:
    enrollment: object
    stages: list
    next_progress: object
    returned: list
    shadow_required: Decimal
    shadow_confirmed: Decimal
    shadow_pending: Decimal
    documents: dict
    quizzes: dict
    reading: dict

    @property
    def shadow_percent(self):
        if not self.shadow_required:
            return 100
        return min(100, round(100 * self.shadow_confirmed / self.shadow_required))


def enrollment_overview(enrollment, *, viewer=None):
    """Everything the engineer's page shows for one enrollment."""
    from assessments.models import Quiz
    from content.models import Document
    from content.selectors import reading_status

    progress = list(
        enrollment.progress.select_related("step__stage", "step__exercise").order_by("step__order")
    )
    stages = []
    for item in progress:
        if not stages or stages[-1].stage.pk != item.step.stage_id:
            stages.append(StageView(stage=item.step.stage))
        stages[-1].items.append(item)
    open_items = [p for p in progress if not p.is_done and p.step.required]
    actionable = [p for p in open_items if p.status != ProgressStatus.SUBMITTED]
    next_progress = (actionable or open_items or [None])[0]

    returned = list(
        ExerciseLog.objects.filter(progress__enrollment=enrollment, state=ReviewState.RETURNED,
                                   progress__status=ProgressStatus.RETURNED)
        .select_related("progress__step", "decided_by").order_by("-decided_at")
    )
    shifts = ShadowShift.objects.filter(progress__enrollment=enrollment).aggregate(
        confirmed=Sum("hours", filter=Q(state=ShiftState.CONFIRMED)),
        pending=Sum("hours", filter=Q(state=ShiftState.PENDING)),
    )
    shadow_required = sum((p.step.hours or 0 for p in progress if p.step.kind == StepKind.SHADOW), Decimal("0"))

    doc_slugs = {p.step.ref for p in progress if p.step.kind == StepKind.READ}
    quiz_slugs = {p.step.ref for p in progress if p.step.kind in (StepKind.QUIZ, StepKind.VALIDATION)}
    documents = {d.slug: d for d in Document.objects.filter(slug__in=doc_slugs)}
    quizzes = {q.slug: q for q in Quiz.objects.filter(slug__in=quiz_slugs)}
    reading = {}
    if documents:
        status = reading_status(user=enrollment.engineer, documents=list(documents.values()))
        reading = {d.slug: status.get(d.pk, "unread") for d in documents.values()}
    return Overview(
        enrollment=enrollment, stages=stages, next_progress=next_progress, returned=returned,
        shadow_required=shadow_required, shadow_confirmed=shifts["confirmed"] or Decimal("0"),
        shadow_pending=shifts["pending"] or Decimal("0"), documents=documents, quizzes=quizzes,
        reading=reading,
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


def lead_count(progress):
    return progress.shadow_shifts.filter(state=ShiftState.CONFIRMED, role=ShiftRole.LEAD).count()


# --- The sign-off queue -------------------------------------------------------------------------


@dataclass
class QueueItem:
    kind: str  # "log", "shift", "readiness", "signoff"
    since: object
    enrollment: object
    obj: object


def _witnessed_enrollments(user):
    return Enrollment.objects.filter(Q(mentor=user) | Q(pk__in=Enrollment.objects.managed_by(user).values("pk")))


def pending_logs_for(user):
    return ExerciseLog.objects.filter(
        state=ReviewState.SUBMITTED, progress__enrollment__in=_witnessed_enrollments(user),
    ).exclude(progress__enrollment__engineer=user).select_related(
        # Not the exercise, nor the track's JSON: a queue of 500 logs builds 500 rows of each.
        "progress__step", "progress__enrollment__engineer", "progress__enrollment__track"
    ).defer("progress__enrollment__track__readiness", "progress__enrollment__track__description").order_by(
        "submitted_at")


def pending_shifts_for(user):
    return ShadowShift.objects.filter(state=ShiftState.PENDING, host=user).exclude(
        progress__enrollment__engineer=user
    ).select_related("progress__step", "progress__enrollment__engineer", "progress__enrollment__track"
                     ).prefetch_related("incidents").order_by("created_at")


def awaiting_manager_for(user):
    return with_waiting(
        Enrollment.objects.managed_by(user).active().exclude(engineer=user).with_people()
    ).filter(open_required=0).order_by("last_activity_at")


def pending_reviews_for(user):
    """Scenario answers waiting for ``user`` to grade them (graded in the assessments app)."""
    from assessments.models import Attempt

    return Attempt.objects.awaiting_review().reviewable_by(user).select_related("user", "quiz").order_by(
        "submitted_at")


def signoff_queue(user):
    """Everything waiting for ``user``'s decision, oldest first."""
    items = [QueueItem("review", a.submitted_at, None, a) for a in pending_reviews_for(user)]
    items += [QueueItem("log", log.submitted_at, log.progress.enrollment, log) for log in pending_logs_for(user)]
    items += [QueueItem("shift", s.created_at, s.progress.enrollment, s) for s in pending_shifts_for(user)]
    items += [
        QueueItem("signoff" if e.readiness_completed_at else "readiness", e.last_activity_at, e, e)
        for e in awaiting_manager_for(user)
    ]
    return sorted(items, key=lambda item: item.since)


def navigation_flags(user):
    """What the navigation shows for ``user``, in one query: the roles held and the size of the
    sign-off queue."""
    from django.contrib.auth import get_user_model

    def scalar_count(queryset):
        return Coalesce(Subquery(
            queryset.order_by().annotate(c=Func(F("pk"), function="COUNT")).values("c")[:1],
            output_field=IntegerField(),
        ), 0)

    row = get_user_model().objects.filter(pk=user.pk).annotate(
        manages=Exists(Team.objects.filter(manager=OuterRef("pk"))),
        mentors=Exists(Enrollment.objects.filter(mentor=OuterRef("pk"))),
        hosts=Exists(ShadowShift.objects.filter(host=OuterRef("pk"))),
        logs=scalar_count(pending_logs_for(user).select_related(None)),
        shifts=scalar_count(pending_shifts_for(user).select_related(None).prefetch_related(None)),
        awaiting=scalar_count(awaiting_manager_for(user).select_related(None)),
    ).values("manages", "mentors", "hosts", "logs", "shifts", "awaiting").get()
    return {
        "is_manager": row["manages"],
        "queue_count": row["logs"] + row["shifts"] + row["awaiting"],
        "signs": row["manages"] or row["mentors"] or row["hosts"],
    }
