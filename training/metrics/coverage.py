"""Shadowing and certification: the shadow hours of each engineer, and how many engineers of
each team were certified, due or expired month by month. Fixed numbers of queries."""

import calendar
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Sum

from training import charts
from training.certification.models import Certificate
from training.certification.rules import add_months, due_on
from training.tracks.models import Step, StepKind
from training.workflow.models import EnrollmentStatus, ShadowShift, ShiftState

from .progress import CHART_ROWS, _chart_note
from .scope import Figure, enrollment_in, names_of

MONTHS = 12  # coverage shows this many months when the date range does not say
MAX_MONTHS = 36


# --- Shadow hours --------------------------------------------------------------------------------


def shadow_hours(scope):
    """Per engineer: the shadow hours confirmed, waiting for the host and disputed (shifts dated
    in the range), against the hours their enrollments' shadowing steps require. Three queries, and
    the enrollments' unless another figure read them for the same scope."""
    enrollments = scope.enrollments()
    found = defaultdict(lambda: {ShiftState.CONFIRMED: 0.0, ShiftState.PENDING: 0.0, ShiftState.DISPUTED: 0.0,
                                 "required": 0.0})
    for engineer, state, total in (
            ShadowShift.objects.filter(enrollment_in("progress__enrollment", enrollments)).filter(scope.between("date"))
            .order_by().values_list("progress__enrollment__engineer_id", "state").annotate(total=Sum("hours"))):
        found[engineer][state] += float(total or Decimal("0"))
    # The hours each track's shadowing steps require, added up per engineer over their enrollments.
    enrolled = [row for row in scope.enrollment_rows() if row["status"] != EnrollmentStatus.WITHDRAWN]
    per_track = dict(Step.objects.filter(kind=StepKind.SHADOW, required=True,
                                         track_id__in={row["track_id"] for row in enrolled})
                     .order_by().values_list("track_id").annotate(total=Sum("hours")))
    required = defaultdict(Decimal)
    for row in enrolled:
        if row["track_id"] in per_track:
            required[row["engineer_id"]] += per_track[row["track_id"]] or Decimal("0")
    for engineer in sorted(required):
        found[engineer]["required"] += float(required[engineer])
    names = names_of(found)
    table = sorted(
        ([names[engineer], ", ".join(scope.team_of.get(engineer, [])), round(hours[ShiftState.CONFIRMED], 1),
          round(hours[ShiftState.PENDING], 1), round(hours[ShiftState.DISPUTED], 1), round(hours["required"], 1)]
         for engineer, hours in found.items()), key=lambda row: (row[2] - row[5], row[0]))
    chart = charts.hbars(
        title="Shadow hours per engineer",
        description="For each engineer: the shadow hours confirmed by their host and those waiting for the host, "
                    "against the hours their tracks require; the furthest from the requirement first.",
        rows=[(row[0], [row[2], row[3]]) for row in table[:CHART_ROWS]], series=["confirmed", "waiting for the host"],
        unit=" h", markers={i: (row[5], "required") for i, row in enumerate(table[:CHART_ROWS]) if row[5]},
        empty="Nobody counted here has a shadowing step or a shadow shift.")
    return Figure(
        "shadow-hours", "Shadow hours per engineer",
        "Shadow shifts dated in the range, per engineer, by state, against the hours the shadowing steps of their "
        "enrollments (started in the range, not withdrawn) require.",
        ["Engineer", "Teams", "Confirmed hours", "Waiting for the host", "Disputed hours", "Required hours"],
        table, [chart], _chart_note(len(table)))


# --- Certification coverage ------------------------------------------------------------------------

CERTIFIED, DUE, EXPIRED = "certified", "due", "expired"
STATES = {CERTIFIED: "Certified", DUE: "Due for recertification", EXPIRED: "Expired"}


def month_ends(scope):
    """The last day of each month shown: from the range's start (or a year before its end) to its
    end (or today), at most ``MAX_MONTHS``, the latest kept."""
    end = min(scope.end or scope.today, scope.today)
    start = scope.start or add_months(end, -(MONTHS - 1))
    days, month = [], datetime.date(start.year, start.month, 1)
    while month <= end:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        days.append(min(last, end))
        month = add_months(month, 1)
    return days[-MAX_MONTHS:]


def state_on(certificate, day):
    """Where ``certificate`` (the engineer's latest on its track by ``day``: a row of ``coverage``,
    its track's ``recert_window_days`` beside its dates) left them on ``day``: certified, due (its
    recertification window open), expired, or None (revoked by then)."""
    if certificate.revoked_at and certificate.revoked_at.date() <= day:
        return None
    if certificate.expires_on is not None and certificate.expires_on < day:
        return EXPIRED
    window = due_on(certificate, certificate)  # the row holds the track's window too
    return DUE if window is not None and window <= day else CERTIFIED


def coverage(scope):
    """At the end of each month: per team, the engineers (and tracks) whose latest certificate
    issued by then was valid, due or expired. One query."""
    days = month_ends(scope)
    certificates = Certificate.objects.filter(engineer_id__in=scope.members(), issued_on__lte=days[-1])
    if scope.track_slug:
        certificates = certificates.filter(track__slug=scope.track_slug)
    # Rows, not models: a company holds thousands of certificates.
    certificates = list(certificates.order_by("issued_on", "pk").annotate(
        track_slug=F("track__slug"), recert_window_days=F("track__recert_window_days")).values_list(
        "engineer_id", "issued_on", "expires_on", "revoked_at", "track_slug", "recert_window_days", named=True))
    counts = defaultdict(lambda: defaultdict(int))  # (team, day) -> state -> count
    for day in days:
        latest = {}
        for certificate in certificates:
            if certificate.issued_on <= day:
                latest[(certificate.engineer_id, certificate.track_slug)] = certificate
        for (engineer, _slug), certificate in latest.items():
            state = state_on(certificate, day)
            if state:
                for team in scope.team_of.get(engineer, []):
                    counts[(team, day)][state] += 1
    labels = [day.strftime("%b %Y") for day in days]
    table, figure_charts = [], []
    for team in sorted({team for team, _day in counts}):
        for day in days:
            found = counts[(team, day)]
            table.append([team, day.isoformat(), found[CERTIFIED], found[DUE], found[EXPIRED]])
        figure_charts.append(charts.columns(
            title=f"{team}: certifications at the end of each month",
            description=f"For {team}, at the end of each month: the engineers certified, due for recertification "
                        "and expired.",
            labels=labels, series=[(name, [counts[(team, day)][state] for day in days]) for state, name in
                                   STATES.items()], height=180))
    return Figure(
        "certification-coverage", "Certification coverage over time",
        "At the end of each month (the last day shown is today or the range's end): per team, the engineers "
        "whose latest certificate on a track was valid, due for recertification (inside the window before its "
        "expiry) or expired. A certificate revoked by then counts in none.",
        ["Team", "Month end", "Certified", "Due", "Expired"], table,
        figure_charts[:CHART_ROWS] or [charts.columns(title="Certifications at the end of each month",
                                                      description="No certificate counted here.", labels=labels,
                                                      series=[], empty="No certificate counted here yet.")],
        f"Charts for the first {CHART_ROWS} of {len(figure_charts)} teams; the table and the CSV have them all."
        if len(figure_charts) > CHART_ROWS else "")
