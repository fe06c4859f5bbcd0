"""The sign-off queue and the navigation's roles and counts: what waits for each person's decision
(exercise logs, shadow shifts, scenario answers, enrollments ready for readiness or sign-off),
keyed and paged before anything is built, and what the navigation shows on every page. Every
query whose SQL depends only on the viewer's id (and the page's ids) is compiled once per
process (``prepared``). The scenario answers to grade are the assessments app's review queue
(``assessments.selectors.review_queue``)."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from assessments import access as assessments_access
from assessments.selectors import review_queue
from training import access
from training.teams.models import Team

from . import prepared
from .models import (
    Enrollment,
    ExerciseLog,
    ReviewState,
    ShadowShift,
    ShiftState,
    StepProgress,
    answered_for_ids,
    managed_by_q,
)


def count_subquery(queryset):
    """A correlated COUNT subquery, so several counts on one row do not multiply each other."""
    counted = queryset.order_by().annotate(c=Func(F("pk"), function="COUNT")).values("c")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def has_open_required_steps():
    """EXISTS an open required step of the enrollment (``StepProgressQuerySet.open_required``):
    it stops at the first, where a count read them all."""
    return Exists(StepProgress.objects.filter(enrollment=OuterRef("pk")).open_required())


@dataclass
class QueueItem:
    kind: str  # "review", "log", "shift", "readiness", "signoff"
    since: object
    enrollment: object
    obj: object
    # A log's sign-off checklist beside its notes: (item, ticked by the engineer) pairs.
    checklist: list = field(default_factory=list)


def _pending_logs(user):
    """The bare filter (no ordering): cheap to build for counts and the queue's keys. Read from
    the submitted logs (a partial index) joined to the user's enrollments, not from the step
    progress of those enrollments (at company size that read 4,000 rows). The enrollments are
    ``answered_for_ids`` on PostgreSQL (2.5 ms less at company size); SQLite searches each side of
    the OR by its own index, faster than the UNION there (0.5 ms)."""
    if connection.vendor == "postgresql":
        answered = Q(progress__enrollment__in=answered_for_ids(user, mentored=True))
    else:
        answered = Q(progress__enrollment__mentor=user) | managed_by_q(user, "progress__enrollment")
    return ExerciseLog.objects.filter(answered, state=ReviewState.SUBMITTED).exclude(
        progress__enrollment__engineer=user)


def _pending_shifts(user):
    return ShadowShift.objects.filter(state=ShiftState.PENDING, host=user).exclude(
        progress__enrollment__engineer=user)


def _awaiting_manager(user):
    """Active enrollments the user manages whose required steps are all done (no annotation:
    the condition alone, which stops at an enrollment's first open step)."""
    return Enrollment.objects.filter(pk__in=answered_for_ids(user)).active().exclude(engineer=user).filter(
        ~has_open_required_steps())


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


def _review_keys(user_id):
    return _answers_to_grade(user_id).values_list("pk", "submitted_at")


def _log_keys(user_id):
    return _pending_logs(user_id).order_by("submitted_at").values_list("pk", "submitted_at")


def _shift_keys(user_id):
    return _pending_shifts(user_id).order_by("created_at").values_list("pk", "created_at")


def _enrollment_keys(user_id):
    return _awaiting_manager(user_id).order_by("last_activity_at").values_list(
        "pk", "last_activity_at", "readiness_completed_at")


def signoff_queue_keys(user):
    """``(kind, pk, since)`` of everything waiting for ``user``'s decision, oldest first: one
    narrow query per source (no joins to build, no objects), so a queue of 500 items costs 500
    small tuples, each compiled once per process (``prepared``; the answers to grade built afresh
    for a training admin or a grader of everyone). Ties keep the order reviews, logs, shifts,
    enrollments."""
    if _grades_by_policy(user):
        reviews = prepared.rows(_review_keys, user.pk)
    else:
        reviews = review_queue(reviewer=user).values_list("pk", "submitted_at")
    keys = [("review", pk, since) for pk, since in reviews]
    keys += [("log", pk, since) for pk, since in prepared.rows(_log_keys, user.pk)]
    keys += [("shift", pk, since) for pk, since in prepared.rows(_shift_keys, user.pk)]
    keys += [("signoff" if ready else "readiness", pk, since) for pk, since, ready in
             prepared.rows(_enrollment_keys, user.pk)]
    return sorted(keys, key=lambda key: key[2])


def _reviews_by_id(user_id, ids):
    return review_queue(reviewer=stand_in_reviewer(user_id)).filter(pk__in=ids)


def _logs_by_id(user_id, ids):
    # The page's logs with their exercise (its sign-off checklist shows beside the notes).
    return pending_logs_for(user_id).select_related("progress__step__exercise").filter(pk__in=ids)


def _enrollments_by_id(ids):
    return Enrollment.objects.with_people().filter(pk__in=ids)


def queue_items(keys, user):
    """The ``QueueItem`` of each key (a page of ``signoff_queue_keys``), in the keys' order: one
    query per kind present, whatever the length of the queue (compiled once per process, as the
    keys' are; shifts with their incidents, a second query of their own, as the ORM builds them)."""
    wanted = {}
    for kind, pk, _since in keys:
        wanted.setdefault("enrollment" if kind in ("signoff", "readiness") else kind, []).append(pk)
    loaded = {}
    if "review" in wanted:
        reviews = (prepared.objects(_reviews_by_id, user.pk, wanted["review"]) if _grades_by_policy(user)
                   else review_queue(reviewer=user).filter(pk__in=wanted["review"]))
        loaded["review"] = {review.pk: review for review in reviews}
    if "log" in wanted:
        loaded["log"] = {log.pk: log for log in prepared.objects(_logs_by_id, user.pk, wanted["log"])}
    if "shift" in wanted:
        loaded["shift"] = pending_shifts_for(user).in_bulk(wanted["shift"])
    if "enrollment" in wanted:
        loaded["enrollment"] = {e.pk: e for e in prepared.objects(_enrollments_by_id, wanted["enrollment"])}
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


def stand_in_reviewer(user_id):
    """A user of id ``user_id`` who is neither a training admin nor a grader of everyone: inactive,
    so asking their permissions asks nothing of the database. The reviewer policy's answer for
    them is its answer for any such user: queries built from it are compiled once (``prepared``)."""
    return get_user_model()(pk=user_id, is_active=False)


def _answers_to_grade(user_id):
    return review_queue(reviewer=stand_in_reviewer(user_id))


def _grades_by_policy(user):
    """Does the reviewer policy alone say whom ``user`` grades (not a grader of everyone, not a
    training admin)? Then what they grade is compiled once per process (``stand_in_reviewer``)."""
    return not assessments_access.can_manage(user) and not access.is_training_admin(user)


def _answers_to_grade_sql(user):
    """``(sql, params)`` selecting the ids of the answers ``user`` may grade."""
    if _grades_by_policy(user):
        return prepared.ids_for(_answers_to_grade, user.pk)
    return review_queue(reviewer=user).order_by().values("pk").query.sql_with_params()


def grading_count(user):
    """Scenario answers waiting for ``user`` to grade (``assessments.selectors.pending_review_count``,
    the navigation's Grading badge), counted with the query compiled once per process (built
    afresh for a training admin or a grader of everyone)."""
    sql, params = _answers_to_grade_sql(user)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)  # noqa: S608  # nosec B608: the ORM's SQL
        return cursor.fetchone()[0]


def _queue_count(user):
    """Everything the queue page lists (``signoff_queue_keys``), scenario answers to grade too, in
    one query, each part as compiled once (``prepared``): the logs, shifts and enrollments; the
    answers as the reviewer policy gives them (built afresh for a training admin or a grader of
    everyone, whom the policy may answer otherwise)."""
    parts = [prepared.ids_for(build, user.pk) for build in (_pending_logs, _pending_shifts, _awaiting_manager)]
    parts.append(_answers_to_grade_sql(user))
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
