"""Shadowing logs and onboarding reports: the reads that gather them, and their PDF and CSV forms.

Reads run a fixed number of queries for a team report whatever its size; an engineer's report
asks the assessments app for the best attempt of each quiz of the track (a handful).

Each PDF has its *facts*: the values it shows, as plain data (``*_facts``). Their hash says whether
a stored rendering is still current (``training.reports.rendered``), so a template that shows one
more value must have it added to its facts.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import Quiz
from assessments.selectors import best_attempt
from training import pdf
from training.certification.models import Certificate, CertificateState
from training.downloads import to_csv
from training.rota import selectors as rota
from training.teams.models import person_name
from training.tracks.models import StepKind
from training.workflow.models import (
    Enrollment,
    ExerciseLog,
    ReviewState,
    ShadowShift,
    ShiftRole,
    ShiftState,
    SignOff,
    SignOffAction,
)

from . import charts


def _day(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return date_format(value, "j M Y")


def person(user):
    return person_name(user) if user else ""


def hours(value):
    """``4.0`` -> "4", ``2.5`` -> "2.5"."""
    value = Decimal(value or 0).normalize()
    return f"{value:f}"


# --- Certificates as the reports show them ------------------------------------------------------


def certificate_summary(certificate):
    """"Valid until 3 Jun 2026", "Expired on ...", "Revoked on ...", or "Not issued"."""
    if certificate is None:
        return "Not issued"
    state = certificate.state
    if state == CertificateState.REVOKED:
        return f"Revoked on {_day(certificate.revoked_at)}"
    if state == CertificateState.EXPIRED:
        return f"Expired on {_day(certificate.expires_on)}"
    if certificate.expires_on:
        return f"Valid until {_day(certificate.expires_on)}"
    return "Valid, no expiry"


def _certificate_of(enrollment):
    try:
        return enrollment.certificate
    except Certificate.DoesNotExist:
        return None


# --- The team report ---------------------------------------------------------------------------


@dataclass
class TeamRow:
    enrollment: Enrollment
    certificate: Certificate | None
    chart_data: dict = field(default_factory=dict)  # charts.team_chart_data

    @property
    def certificate_state(self):
        return certificate_summary(self.certificate)


def team_enrollments(*, team, user):
    """Every enrollment of the team's members that ``user`` may see, with what the report needs,
    in one query."""
    return (
        Enrollment.objects.visible_to(user).for_team(team)
        .select_related("engineer", "track", "manager", "mentor", "certificate")
        .order_by("engineer__last_name", "engineer__first_name", "engineer__username", "track__name", "pk")
    )


def team_rows(enrollments):
    """The report's rows, each with what its charts need (four queries for them all)."""
    data = charts.team_chart_data([e.pk for e in enrollments])
    return [TeamRow(enrollment=e, certificate=_certificate_of(e), chart_data=data[e.pk]) for e in enrollments]


TEAM_CSV_HEADER = [
    "Engineer", "Username", "Track", "Track version", "Status", "Start date", "Steps done", "Steps total",
    "Progress %", "Target date", "Overdue", "Ready date", "Certificate", "Certificate code",
]


def team_report_csv(*, rows):
    return to_csv(TEAM_CSV_HEADER, [
        [
            person(r.enrollment.engineer), r.enrollment.engineer.username, r.enrollment.track.name,
            r.enrollment.track.version, r.enrollment.get_status_display(), r.enrollment.start_date.isoformat(),
            r.enrollment.steps_done, r.enrollment.steps_total, r.enrollment.percent,
            r.enrollment.target_date.isoformat() if r.enrollment.target_date else "",
            "yes" if r.enrollment.is_overdue else "no",
            timezone.localdate(r.enrollment.ready_at).isoformat() if r.enrollment.ready_at else "",
            r.certificate_state, r.certificate.display_code if r.certificate else "",
        ]
        for r in rows
    ])


def team_report_facts(*, team, rows):
    """What the team report shows of ``team`` and ``rows`` (its enrollments, by their ids)."""
    return {
        "team": team.name, "managers": sorted(person(m) for m in team.managers.all()),
        "rows": [
            [r.enrollment.pk, person(r.enrollment.engineer), r.enrollment.status, person(r.enrollment.mentor),
             r.enrollment.track.name, r.enrollment.track.version, r.enrollment.start_date, r.enrollment.percent,
             r.enrollment.steps_done, r.enrollment.steps_total, r.enrollment.target_date, r.enrollment.is_overdue,
             r.enrollment.ready_at, r.certificate_state,
             [r.certificate.state, r.certificate.display_code] if r.certificate else None, r.chart_data]
            for r in rows
        ],
    }


def team_report_pdf(*, team, rows):
    return pdf.render_pdf("training/pdf/team_report.html", {
        "team": team, "rows": rows, "generated_at": timezone.now(),
        "ready_count": sum(1 for r in rows if r.enrollment.status == "ready"),
        "overdue_count": sum(1 for r in rows if r.enrollment.is_overdue), "charts": charts.team_charts(rows),
    })


# --- The shadowing log ---------------------------------------------------------------------------


@dataclass
class ShadowingLog:
    enrollment: Enrollment
    shifts: list
    required_hours: Decimal
    required_leads: int
    confirmed_hours: Decimal = Decimal("0")
    pending_hours: Decimal = Decimal("0")
    disputed_hours: Decimal = Decimal("0")
    confirmed_leads: int = 0
    first_shifts: object = None  # the first on-call shifts with their countdown (``rota.Plan``), once scheduled

    @property
    def total_hours(self):
        return sum((s.hours for s in self.shifts), Decimal("0"))

    @property
    def meets_requirement(self):
        return self.confirmed_hours >= self.required_hours and self.confirmed_leads >= self.required_leads


def shadowing_log(enrollment):
    shifts = list(
        ShadowShift.objects.filter(progress__enrollment=enrollment)
        .select_related("host", "progress__step").prefetch_related("incidents").order_by("date", "created_at", "pk")
    )
    steps = enrollment.track.steps.filter(kind=StepKind.SHADOW)
    log = ShadowingLog(
        enrollment=enrollment, shifts=shifts,
        required_hours=sum((s.hours or Decimal("0") for s in steps), Decimal("0")),
        required_leads=sum(s.lead_shifts for s in steps), first_shifts=rota.report_plan(enrollment),
    )
    for shift in shifts:
        if shift.state == ShiftState.CONFIRMED:
            log.confirmed_hours += shift.hours
            log.confirmed_leads += shift.role == ShiftRole.LEAD
        elif shift.state == ShiftState.PENDING:
            log.pending_hours += shift.hours
        else:
            log.disputed_hours += shift.hours
    return log


def _enrollment_facts(enrollment):
    e = enrollment
    return [person(e.engineer), e.track.name, e.track.version, person(e.manager), person(e.mentor), e.status,
            e.start_date]


def _shift_facts(shift):
    return [shift.date, shift.hours, person(shift.host), shift.role, shift.state, shift.decided_at, shift.comment,
            shift.notes, sorted([i.severity, i.reference, i.summary] for i in shift.incidents.all())]


def shadowing_log_facts(log):
    """What the shadowing log shows."""
    return {
        "enrollment": _enrollment_facts(log.enrollment),
        "hours": [log.confirmed_hours, log.required_hours, log.pending_hours, log.disputed_hours,
                  log.confirmed_leads, log.required_leads],
        "shifts": [_shift_facts(s) for s in log.shifts],
        "first_shifts": rota.facts(log.first_shifts),
    }


def shadowing_log_pdf(enrollment, log=None):
    """The shadowing log of ``enrollment`` (``log``, when it is read already)."""
    return pdf.render_pdf("training/pdf/shadowing_log.html", {
        "log": log or shadowing_log(enrollment), "enrollment": enrollment, "generated_at": timezone.now(),
    })


# --- The engineer's onboarding report ------------------------------------------------------------


@dataclass
class StepRow:
    progress: object
    result: str = ""
    completed_by: object = None

    @property
    def step(self):
        return self.progress.step


@dataclass
class EngineerReport:
    enrollment: Enrollment
    certificate: Certificate | None
    stages: list  # [(stage, [StepRow, ...]), ...]
    shadowing: ShadowingLog
    signoffs: list
    generated_at: object = field(default_factory=timezone.now)

    @property
    def rows(self):
        return [row for _stage, rows in self.stages for row in rows]


def _quiz_results(enrollment, slugs):
    """Best attempt per quiz slug, through the assessments app's own contract."""
    results = {}
    for quiz in Quiz.objects.filter(slug__in=slugs):
        attempt = best_attempt(user=enrollment.engineer, quiz=quiz)
        if attempt is not None:
            verdict = "passed" if attempt.passed else "not passed"
            results[quiz.slug] = (
                f"Best score {attempt.score_percent.normalize():f}% ({verdict}, pass mark {quiz.pass_mark}%, "
                f"attempt {attempt.number})"
            )
    return results


def engineer_report(enrollment):
    """Every step with its dates and result, the shadowing, and every sign-off with who gave it."""
    enrollment = Enrollment.objects.select_related("engineer", "track", "manager", "mentor").get(pk=enrollment.pk)
    progress = list(enrollment.progress.select_related("step__stage", "step__exercise").order_by("step__order"))
    signoffs = list(SignOff.objects.filter(enrollment=enrollment).select_related("by", "step").order_by("at", "pk"))
    completed = {s.step_id: s for s in signoffs if s.action == SignOffAction.COMPLETED and s.step_id}
    logs = defaultdict(list)
    for log in ExerciseLog.objects.filter(progress__enrollment=enrollment).select_related("decided_by").order_by(
            "submitted_at"):
        logs[log.progress_id].append(log)
    quizzes = _quiz_results(enrollment, {p.step.ref for p in progress
                                         if p.step.kind in (StepKind.QUIZ, StepKind.VALIDATION)})
    shadowing = shadowing_log(enrollment)

    stages = []
    for item in progress:
        row = StepRow(progress=item)
        record = completed.get(item.step_id)
        row.completed_by = record.by if record else None
        kind = item.step.kind
        if kind == StepKind.EXERCISE:
            submitted = logs.get(item.pk, [])
            verified = next((log for log in submitted if log.state == ReviewState.VERIFIED), None)
            if verified:
                row.result = f"Verified by {person(verified.decided_by)} on {_day(verified.decided_at)}"
                row.completed_by = verified.decided_by
            elif submitted:
                row.result = submitted[-1].get_state_display()
            if len(submitted) > 1:
                row.result += f" ({len(submitted)} submissions)"
        elif kind in (StepKind.QUIZ, StepKind.VALIDATION):
            row.result = quizzes.get(item.step.ref, "No graded attempt")
        elif kind == StepKind.SHADOW:
            confirmed = [s for s in shadowing.shifts if s.progress_id == item.pk and s.state == ShiftState.CONFIRMED]
            row.result = (f"{hours(sum((s.hours for s in confirmed), Decimal('0')))} of "
                          f"{hours(item.step.hours)} h confirmed")
            if item.step.lead_shifts:
                leads = sum(1 for s in confirmed if s.role == ShiftRole.LEAD)
                row.result += f", {leads} of {item.step.lead_shifts} lead shifts"
        elif kind == StepKind.READ and record and record.document_version:
            row.result = f"Read version {record.document_version}"
        if not stages or stages[-1][0].pk != item.step.stage_id:
            stages.append((item.step.stage, []))
        stages[-1][1].append(row)
    return EngineerReport(
        enrollment=enrollment, certificate=Certificate.objects.filter(enrollment=enrollment).first(),
        stages=stages, shadowing=shadowing, signoffs=signoffs,
    )


def engineer_report_facts(report):
    """What the onboarding report shows."""
    e, certificate = report.enrollment, report.certificate
    return {
        "enrollment": _enrollment_facts(e),
        "progress": [e.target_date, e.is_overdue, e.ready_at, e.percent, e.steps_done, e.steps_total],
        "certificate": [certificate_summary(certificate), certificate.display_code if certificate else None],
        "stages": [
            [stage.title, [[row.step.title, row.step.kind, row.step.required, row.progress.status,
                            row.progress.started_at, row.progress.completed_at, row.result, person(row.completed_by)]
                           for row in rows]]
            for stage, rows in report.stages
        ],
        "shadowing": shadowing_log_facts(report.shadowing),
        "signoffs": [[s.at, person(s.by), s.action, s.step.title if s.step else None, s.document_version, s.comment]
                     for s in report.signoffs],
    }


def engineer_report_pdf(report):
    return pdf.render_pdf("training/pdf/engineer_report.html", {
        "report": report, "enrollment": report.enrollment, "generated_at": report.generated_at,
        "certificate_state": certificate_summary(report.certificate), "charts": charts.engineer_charts(report),
    })


ENGINEER_CSV_HEADER = [
    "Engineer", "Track", "Stage", "Step", "Kind", "Required", "Status", "Started", "Completed", "Result",
    "Completed or verified by",
]


def engineer_report_csv(report):
    e = report.enrollment
    track = f"{e.track.name} v{e.track.version}"

    def when(moment):
        return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""

    return to_csv(ENGINEER_CSV_HEADER, [
        [
            person(e.engineer), track, stage.title, row.step.title, row.step.get_kind_display(),
            "yes" if row.step.required else "no", row.progress.get_status_display(),
            when(row.progress.started_at), when(row.progress.completed_at),
            row.result, person(row.completed_by),
        ]
        for stage, rows in report.stages for row in rows
    ])
