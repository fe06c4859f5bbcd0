"""How long training takes: time to ready, time per stage, where engineers stall, and the
estimates against what it took. Each function runs a fixed number of queries.

Waits come from the sign-off record (every decision has its moment, ``SignOff.at``): a step is
with a reviewer from a submission (an exercise log handed in, quiz answers to grade, a shadow
shift waiting for its host) until the decision, and with the engineer from its start, a return,
a dispute or a failed attempt until the next hand-in or completion.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from content.models import Document
from training import charts
from training.tracks.models import Stage, Step, StepKind
from training.workflow.models import (
    EnrollmentStatus,
    ProgressStatus,
    ShadowShift,
    ShiftState,
    SignOff,
    SignOffAction,
    StepProgress,
)

from .scope import Figure, Microseconds, hours_between, microseconds, seconds

CHART_ROWS = 30  # a chart shows at most this many rows; its table and CSV have them all
STAGE_PLAN_DAYS = 7  # a stage is a week of the track (``Stage.order`` is its week)

# Seed: "Estimated Learning Time: 4-10 hours, Practice Time: 2-4 hours, Shadow Time: 4+ hours".
CATEGORIES = {"learning": "Learning (reading)", "practice": "Practice (exercises)", "shadow": "Shadowing"}
CATEGORY_OF = {StepKind.READ: "learning", StepKind.EXERCISE: "practice", StepKind.SHADOW: "shadow"}


def _chart_note(count):
    return f"The chart shows the first {CHART_ROWS} of {count} rows; the table and the CSV have them all." \
        if count > CHART_ROWS else ""


def _d(value):
    return round(value, 1)


# --- Time to ready -------------------------------------------------------------------------------


def time_to_ready(scope):
    """Days from the start date to the final sign-off, per start month, track and team, over the
    enrollments signed off as ready. One query (``Scope.enrollment_rows``)."""
    groups = defaultdict(list)
    for row in scope.enrollment_rows():
        if row["ready_at"] is None:
            continue
        days = (timezone.localdate(row["ready_at"]) - row["start_date"]).days
        for team in scope.team_of.get(row["engineer_id"], []):
            groups[(row["start_date"].strftime("%Y-%m"), row["track__name"], team)].append(days)
    rows, boxes = [], []
    for (month, track, team), days in sorted(groups.items()):
        stats = charts.spread(days)
        rows.append([month, track, team, stats["n"], _d(stats["median"]), _d(stats["q1"]), _d(stats["q3"]),
                     stats["min"], stats["max"]])
        boxes.append((f"{month} · {track} · {team}", stats))
    chart = charts.boxes(
        title="Days to ready, by start month, track and team",
        description="For each start month, track and team: the median number of days from the start date "
                    "to the final sign-off, the middle half and the range.",
        rows=boxes[:CHART_ROWS], unit=" d", empty="Nobody counted here is signed off as ready yet.")
    return Figure(
        "time-to-ready", "Time to ready",
        "Days from an enrollment's start date to the manager's final sign-off, for enrollments signed off as "
        "ready: the median, the middle half (quartiles) and the fastest and slowest.",
        ["Start month", "Track", "Team", "Ready", "Median days", "Quartile 1", "Quartile 3", "Fastest", "Slowest"],
        rows, [chart], _chart_note(len(boxes)))


# --- Estimates of the steps ----------------------------------------------------------------------


def step_estimates(steps):
    """``{step id: estimated hours}``: the track file's estimate of the step (``{minutes: 90}``);
    without one, a reading step's document's reading time, an exercise's duration, a shadowing
    step's hours. ``steps``: dicts of ``STEP_FIELDS``. One query (the documents' reading times)."""
    slugs = {s["ref"] for s in steps if s["kind"] == StepKind.READ and s["ref"]}
    reading = dict(Document.objects.filter(slug__in=slugs).values_list("slug", "reading_minutes")) if slugs else {}
    estimates = {}
    for s in steps:
        if s["estimate_minutes"]:
            estimates[s["pk"]] = s["estimate_minutes"] / 60
        elif s["kind"] == StepKind.READ and s["ref"] in reading:
            estimates[s["pk"]] = reading[s["ref"]] / 60
        elif s["kind"] == StepKind.EXERCISE and s["exercise__duration_minutes"]:
            estimates[s["pk"]] = s["exercise__duration_minutes"] / 60
        elif s["kind"] == StepKind.SHADOW and s["hours"]:
            estimates[s["pk"]] = float(s["hours"])
    return estimates


STEP_FIELDS = ("pk", "kind", "ref", "estimate_minutes", "exercise__duration_minutes", "hours", "title", "stage_id",
               "track_id", "track__name", "required")


# --- Time per stage ------------------------------------------------------------------------------


def stage_time(scope):
    """Days each stage took (from its first step started to its last step completed), per track
    and stage, over the enrollments that finished the stage, against the plan of a week per stage
    and the estimated hours of its steps. Four queries."""
    finished = defaultdict(list)
    # Per enrollment and stage, the stages finished only (no required step open, a span).
    rows = (StepProgress.objects.filter(enrollment__in=scope.enrollments()).order_by()
            .values("enrollment_id", "step__stage_id")
            .annotate(span=seconds(Max("completed_at"), Min("started_at")),
                      open=Count("pk", filter=Q(step__required=True) & ~Q(status=ProgressStatus.DONE)))
            .filter(open=0, span__isnull=False).values_list("step__stage_id", "span"))
    for stage_id, span in rows:
        finished[stage_id].append(span / 86400)
    stages = {s["pk"]: s for s in Stage.objects.filter(pk__in=list(finished)).values(
        "pk", "order", "title", "track__name", "track_id")}
    steps = list(Step.objects.filter(stage_id__in=list(stages)).values(*STEP_FIELDS))
    estimates = step_estimates(steps)
    estimate_of = defaultdict(float)
    for step in steps:
        estimate_of[step["stage_id"]] += estimates.get(step["pk"], 0)
    groups = defaultdict(lambda: {"days": [], "estimates": []})
    for stage_id, days in finished.items():
        stage = stages[stage_id]
        group = groups[(stage["track__name"], stage["order"], stage["title"])]
        group["days"] += days
        group["estimates"].append(estimate_of[stage_id])
    table, boxes = [], []
    for (track, order, title), group in sorted(groups.items()):
        stats = charts.spread(group["days"])
        estimate = max(group["estimates"])  # the versions' estimates; most often one
        table.append([track, order, title, stats["n"], _d(stats["median"]), _d(stats["q1"]), _d(stats["q3"]),
                      STAGE_PLAN_DAYS, _d(estimate)])
        boxes.append((f"{track} · {title}", stats))
    chart = charts.boxes(
        title="Days per stage against the week planned",
        description="For each stage of each track: the median number of days from its first step started to "
                    "its last step done, the middle half and the range, against the week each stage is planned for.",
        rows=boxes[:CHART_ROWS], unit=" d", marker=(STAGE_PLAN_DAYS, "planned: one week"),
        empty="Nobody counted here has finished a stage yet.")
    return Figure(
        "stage-time", "Time per stage",
        "Days from the first step of a stage started to the last required one done, over the enrollments that "
        "finished it, against the plan (each stage is a week of the track) and the estimated hours of its steps "
        "(reading times, exercise durations, shadowing hours).",
        ["Track", "Stage", "Title", "Finished", "Median days", "Quartile 1", "Quartile 3", "Planned days",
         "Estimated hours"], table, [chart], _chart_note(len(boxes)))


# --- Where engineers stall -----------------------------------------------------------------------

OPENS_REVIEW = {SignOffAction.SUBMITTED, SignOffAction.LOGGED}
CLOSES_REVIEW = {SignOffAction.VERIFIED, SignOffAction.RETURNED, SignOffAction.CONFIRMED, SignOffAction.DISPUTED,
                 SignOffAction.FAILED}
STEP_ACTIONS = OPENS_REVIEW | CLOSES_REVIEW | {SignOffAction.STARTED, SignOffAction.COMPLETED}


OPENS, CLOSES = frozenset(map(str, OPENS_REVIEW)), frozenset(map(str, CLOSES_REVIEW))


def step_waits(records, *, now):
    """``{(enrollment id, step id): [hours with the engineer, hours with a reviewer]}`` from the
    step sign-offs of enrollments (``(enrollment id, step id, action, moment in microseconds,
    enrollment status)``, ``_step_records``), in time order per step. Submissions open a review
    (shadow shifts one each), decisions close one; while none is open the step is with the
    engineer. A step not done yet counts up to ``now`` if its enrollment is still in training."""
    waits = {}
    timeline = defaultdict(list)
    for enrollment, step, action, moment, status in records:
        timeline[(enrollment, step)].append((action, moment, status))
    now, active, completed = microseconds(now), str(EnrollmentStatus.ACTIVE), str(SignOffAction.COMPLETED)
    for key, events in timeline.items():
        engineer = reviewer = 0.0
        pending = 0
        for index, (action, moment, status) in enumerate(events):
            if action in OPENS:
                pending += 1
            elif action in CLOSES:
                pending = max(pending - 1, 0)
            elif action == completed:
                break
            if index + 1 < len(events):
                until = events[index + 1][1]
            elif status == active:
                until = now
            else:
                break
            if pending:
                reviewer += hours_between(moment, until)
            else:
                engineer += hours_between(moment, until)
        waits[key] = [engineer, reviewer]
    return waits


def _step_records(scope):
    return (SignOff.objects.filter(enrollment__in=scope.enrollments(), step__isnull=False, action__in=STEP_ACTIONS)
            .order_by("enrollment_id", "step_id", "at", "pk")
            .values_list("enrollment_id", "step_id", "action", Microseconds("at"), "enrollment__status"))


def _waits(scope, now):
    """The waits of every step of the scope's enrollments (``step_waits``): read once for the
    figures that need them."""
    return scope.once(("waits", now), lambda: step_waits(_step_records(scope), now=now or timezone.now()))


def stalls(scope, *, now=None):
    """The steps with the longest waits: per track and step, the average hours a step was with
    the engineer and with a reviewer. Two queries (one if ``estimates`` read the waits)."""
    waits = _waits(scope, now)
    steps = {s["pk"]: s for s in Step.objects.filter(pk__in={step for _e, step in waits}).values(
        "pk", "title", "track__name")}
    groups = defaultdict(list)
    for (_enrollment, step), hours in waits.items():
        groups[(steps[step]["track__name"], steps[step]["title"])].append(hours)
    table = []
    for (track, title), values in groups.items():
        engineer = sum(v[0] for v in values) / len(values)
        reviewer = sum(v[1] for v in values) / len(values)
        table.append([track, title, len(values), _d(engineer), _d(reviewer), _d(engineer + reviewer)])
    table.sort(key=lambda row: (-row[5], row[0], row[1]))
    chart = charts.hbars(
        title="Steps with the longest waits (average hours)",
        description="For each step, the average hours it waited on the engineer and on a reviewer, the longest "
                    "first.",
        rows=[(f"{track} · {title}", [engineer, reviewer]) for track, title, _n, engineer, reviewer, _t
              in table[:CHART_ROWS] if _t],
        series=["waiting on the engineer", "waiting on a reviewer"], unit=" h",
        empty="No step counted here has waited on anyone yet.")
    return Figure(
        "stalls", "Where engineers stall",
        "For each step: how long, on average, it waited on the engineer (from its start, a return, a dispute or "
        "a failed attempt to the next hand-in) and on a reviewer (from an exercise log, quiz answers to grade or "
        "a shadow shift handed in to the decision), from the sign-off record. Steps still open count up to now.",
        ["Track", "Step", "Enrollments", "Hours on the engineer (average)", "Hours on a reviewer (average)",
         "Total hours (average)"], table, [chart], _chart_note(len(table)))


# --- Estimates against what it took --------------------------------------------------------------


def estimates(scope, *, now=None):
    """Per track, over the enrollments signed off as ready: the estimated hours of learning
    (reading steps), practice (exercises) and shadowing, against the median actual: the hours
    reading and exercise steps were with the engineer (``step_waits``) and the confirmed shadow
    hours. Three queries, and those of the waits and the enrollments unless other figures read them
    for the same scope."""
    ready = scope.enrollments().filter(status=EnrollmentStatus.READY)
    # The waits of every enrollment (as "where engineers stall" reads them): those of the others
    # are never read below.
    waits = _waits(scope, now)
    # The countdown to the first on-call shift comes after the training: not part of its estimate.
    steps = list(Step.objects.filter(track_id__in=ready.order_by().values("track_id"), before_first_shift__isnull=True)
                 .values(*STEP_FIELDS))
    estimate_of = step_estimates(steps)
    kind_of = {s["pk"]: s["kind"] for s in steps}
    planned = defaultdict(lambda: defaultdict(float))  # track id -> category -> hours
    for step in steps:
        if step["kind"] in CATEGORY_OF and step["required"]:
            planned[step["track_id"]][CATEGORY_OF[step["kind"]]] += estimate_of.get(step["pk"], 0)
    actual = defaultdict(lambda: defaultdict(float))  # enrollment id -> category -> hours
    for (enrollment, step), (engineer, _reviewer) in waits.items():
        category = CATEGORY_OF.get(kind_of.get(step))
        if category in ("learning", "practice"):
            actual[enrollment][category] += engineer
    for row in (ShadowShift.objects.filter(progress__enrollment__in=ready, state=ShiftState.CONFIRMED).order_by()
                .values("progress__enrollment_id").annotate(total=Sum("hours"))):
        actual[row["progress__enrollment_id"]]["shadow"] += float(row["total"] or Decimal("0"))
    groups = defaultdict(lambda: {"estimates": defaultdict(list), "actuals": defaultdict(list)})
    for enrollment in (row for row in scope.enrollment_rows() if row["status"] == EnrollmentStatus.READY):
        group = groups[enrollment["track__name"]]
        for category in CATEGORIES:
            group["estimates"][category].append(planned[enrollment["track_id"]][category])
            group["actuals"][category].append(actual[enrollment["pk"]][category])
    table, bars = [], []
    for track, group in sorted(groups.items()):
        for category, label in CATEGORIES.items():
            estimate = charts.spread(group["estimates"][category])["median"]
            measured = charts.spread(group["actuals"][category])
            table.append([track, label, measured["n"], _d(estimate), _d(measured["median"]), _d(measured["q1"]),
                          _d(measured["q3"])])
            bars.append((f"{label.split(' (')[0]} · {track}", [estimate, measured["median"]]))
    chart = charts.hbars(
        title="Estimated hours against the median actual",
        description="For each track: the estimated hours of reading, exercises and shadowing, and the median "
                    "hours they took the engineers signed off as ready.",
        rows=bars[:CHART_ROWS], series=["estimate", "actual (median)"], unit=" h", stacked=False,
        empty="Nobody counted here is signed off as ready yet.")
    return Figure(
        "estimates", "Estimates against actuals",
        "The seed's programme gives 4–10 hours of learning, 2–4 of practice and 4 or more of shadowing; each "
        "track's estimate adds up its steps' (a document's reading time, an exercise's duration, a shadowing "
        "step's hours). Actual, over the enrollments signed off as ready: the hours reading and exercise steps "
        "were with the engineer (from starting to handing in, the nearest the record comes to effort: a step "
        "left open overnight counts the night) and the confirmed shadow hours.",
        ["Track", "Time", "Enrollments", "Estimated hours", "Actual hours (median)", "Quartile 1", "Quartile 3"],
        table, [chart], _chart_note(len(bars)))
