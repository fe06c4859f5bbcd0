"""The charts of the onboarding and team reports: progress over time, shadow hours and time per
stage, drawn by ``training.charts`` as the metrics page draws its own.

An engineer's charts come from what the report holds already (its rows, its shifts); a team's
from ``team_chart_data``, four queries for all its enrollments, kept on each row so the report's
facts (and so its hash) hold every number a chart shows.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from training import charts
from training.teams.models import person_name
from training.tracks.models import Step, StepKind
from training.workflow.models import ProgressStatus, ShadowShift, ShiftState, StepProgress

PLAN_DAYS = 7  # a stage is a week of the track
WEEKS = 26  # the team's progress shows at most this many weeks, the latest
ROWS = 30


def _day(moment):
    return timezone.localdate(moment) if moment else None


def _week_ends(first, last):
    ends, day = [], first + datetime.timedelta(days=6)
    while True:
        ends.append(day)
        if day >= last:
            return ends
        day += datetime.timedelta(days=7)


def _label(day):
    return f"{day.day} {day:%b}"


def _days(first, last):
    return round((last - first).total_seconds() / 86400, 1)


# --- One engineer --------------------------------------------------------------------------------


def engineer_charts(report):
    """Progress over time, shadow hours and time per stage of one enrollment's report."""
    e = report.enrollment
    done = sorted(_day(row.progress.completed_at) for row in report.rows
                  if row.step.required and row.progress.status == ProgressStatus.DONE and row.progress.completed_at)
    ends = _week_ends(e.start_date, max([e.start_date, *done]))
    progress = charts.lines(
        title="Required steps done, week by week",
        description=f"The required steps {person_name(e.engineer)} had done by the end of each week of the track, "
                    f"against the {e.steps_total} required.",
        labels=[f"Week {n}" for n in range(1, len(ends) + 1)],
        series=[("steps done", [sum(1 for day in done if day <= end) for end in ends])],
        target=(e.steps_total, "required steps"), empty="No step done yet.")

    confirmed = sorted((s.date, s.hours) for s in report.shadowing.shifts if s.state == ShiftState.CONFIRMED)
    running, totals = Decimal("0"), []
    for _day_of, hours in confirmed:
        running += hours
        totals.append(float(running))
    shadow = charts.lines(
        title="Confirmed shadow hours, shift by shift",
        description=f"The shadow hours confirmed by their hosts, added up shift by shift, against the "
                    f"{charts.number(report.shadowing.required_hours)} hours required.",
        labels=[_label(day) for day, _hours in confirmed], series=[("confirmed hours", totals)], unit=" h",
        target=(float(report.shadowing.required_hours), "required hours") if report.shadowing.required_hours else None,
        empty="No shadow shift confirmed yet.")

    stages = []
    for stage, rows in report.stages:
        started = [row.progress.started_at for row in rows if row.progress.started_at]
        finished = all(row.progress.status == ProgressStatus.DONE for row in rows if row.step.required)
        completed = [row.progress.completed_at for row in rows if row.progress.completed_at]
        if started and completed and finished:
            stages.append((stage.title, [_days(min(started), max(completed))]))
    stage_chart = charts.hbars(
        title="Days per stage", description="The days from the first step of each stage started to its last "
                                            "required step done, against the week each stage is planned for.",
        rows=stages, series=["days"], unit=" d",
        markers={i: (PLAN_DAYS, "planned: one week") for i in range(len(stages))},
        empty="No stage finished yet.")
    return [progress, shadow, stage_chart]


# --- A team --------------------------------------------------------------------------------------


def team_chart_data(enrollment_ids):
    """``{enrollment id: {"done": [days a required step was done], "shadow": [confirmed, required
    hours], "stages": [[stage title, days], ...]}}`` for the finished stages. Four queries, whatever
    the number of enrollments. Shifts count once their host confirmed them (a shift logged
    changes the engineer's shadowing log and report, not the team's report)."""
    data = {pk: {"done": [], "shadow": [Decimal("0"), Decimal("0")], "stages": []}
            for pk in enrollment_ids}
    if not data:
        return data
    for pk, completed in StepProgress.objects.filter(
            enrollment_id__in=enrollment_ids, status=ProgressStatus.DONE, step__required=True,
            completed_at__isnull=False).values_list("enrollment_id", "completed_at"):
        data[pk]["done"].append(_day(completed))
    for row in (StepProgress.objects.filter(enrollment_id__in=enrollment_ids).order_by("step__stage__order")
                .values("enrollment_id", "step__stage__order", "step__stage__title")
                .annotate(first=Min("started_at"), last=Max("completed_at"),
                          open=Count("pk", filter=Q(step__required=True) & ~Q(status=ProgressStatus.DONE)))):
        if not row["open"] and row["first"] and row["last"]:
            data[row["enrollment_id"]]["stages"].append([row["step__stage__title"], _days(row["first"], row["last"])])
    for pk, hours in (ShadowShift.objects.filter(progress__enrollment_id__in=enrollment_ids, state=ShiftState.CONFIRMED)
                      .order_by().values_list("progress__enrollment_id").annotate(total=Sum("hours"))):
        data[pk]["shadow"][0] += hours or Decimal("0")
    for pk, hours in (Step.objects.filter(kind=StepKind.SHADOW, required=True, track__enrollments__in=enrollment_ids)
                      .order_by().values_list("track__enrollments").annotate(total=Sum("hours"))):
        data[pk]["shadow"][1] += hours or Decimal("0")
    for found in data.values():
        found["done"].sort()
    return data


def team_charts(rows):
    """Progress over time, shadow hours per engineer and time per stage of a team's report;
    ``rows`` carry ``chart_data`` (``team_chart_data``)."""
    done = sorted(day for row in rows for day in row.chart_data["done"])
    if rows:
        first = min(row.enrollment.start_date for row in rows)
        ends = _week_ends(first, max([first, *done]))[-WEEKS:]
    else:
        ends = []
    progress = charts.columns(
        title="Required steps done, week by week",
        description="The required steps the team's engineers did each week (weeks ending on the day shown).",
        labels=[_label(end) for end in ends],
        series=[("steps done", [sum(1 for day in done if end - datetime.timedelta(days=7) < day <= end)
                                for end in ends])],
        empty="No step done yet.")

    shadow_rows = [row for row in rows if any(row.chart_data["shadow"])][:ROWS]
    shadow = charts.hbars(
        title="Shadow hours per engineer",
        description="For each enrollment: the shadow hours its hosts confirmed, against the hours its track "
                    "requires.",
        rows=[(f"{person_name(row.enrollment.engineer)} · {row.enrollment.track.name}",
               [float(row.chart_data["shadow"][0])]) for row in shadow_rows],
        series=["confirmed"], unit=" h",
        markers={i: (float(row.chart_data["shadow"][1]), "required") for i, row in enumerate(shadow_rows)
                 if row.chart_data["shadow"][1]},
        empty="No enrollment here has a shadowing step or a shadow shift.")

    stages = defaultdict(list)
    for row in rows:
        for title, days in row.chart_data["stages"]:
            stages[(row.enrollment.track.name, title)].append(days)
    boxes = [(f"{track} · {title}", charts.spread(days)) for (track, title), days in sorted(stages.items())]
    stage_chart = charts.boxes(
        title="Days per stage", description="For each stage: the median days the team's engineers took, from its "
                                            "first step started to its last required step done, the middle half and "
                                            "the range, against the week planned.",
        rows=boxes[:ROWS], unit=" d", marker=(PLAN_DAYS, "planned: one week"), empty="No stage finished yet.")
    return [progress, shadow, stage_chart]

