"""Reads of the first on-call shifts: who may back an engineer up, the dated countdown, and what
the enrollment page, the shadowing log and the reminders show of them."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from training.audit.models import AuditEvent, AuditKind
from training.certification.eligibility import eligibility
from training.teams.models import Team, person_name
from training.tracks import countdown
from training.tracks.models import Step

from .models import FirstShifts


def backup_candidates(enrollment):
    """The people who may back the engineer up: active members of the engineer's teams who are
    eligible for on-call now; never the engineer. A list, by name."""
    User = get_user_model()
    teams = Team.objects.filter(members=enrollment.engineer_id)
    teammates = list(User.objects.filter(teams__in=teams, is_active=True).exclude(pk=enrollment.engineer_id)
                     .distinct().order_by("first_name", "last_name", "username"))
    answers = eligibility(teammates)
    return [person for person in teammates if answers[person.pk].eligible]


def backup_refusal(enrollment, backup):
    """Why ``backup`` may not back the engineer up (a sentence), or ``""``."""
    if backup.pk == enrollment.engineer_id:
        return "The engineer cannot be their own backup."
    if not Team.objects.filter(members=enrollment.engineer_id).filter(members=backup).exists():
        return f"{person_name(backup)} is not on the engineer's team: the backup must be."
    answer = eligibility([backup])[backup.pk]
    if not answer.eligible:
        return (f"{person_name(backup)} is not eligible for on-call now ({answer.reason}): "
                "the backup must be.")
    return ""


def countdown_steps(track):
    return list(Step.objects.filter(track=track, before_first_shift__isnull=False).order_by("order"))


def first_shifts_of(enrollment):
    """The enrollment's first shifts with their people, or None."""
    return (FirstShifts.objects.select_related("backup", "scheduled_by", "on_rota_by", "enrollment__engineer")
            .filter(enrollment=enrollment).first())


@dataclass
class Item:
    """One line of the dated countdown."""

    step: Step
    due_on: object
    tick: object = None

    @property
    def when(self):
        return countdown.describe(self.step.before_first_shift)


@dataclass
class Plan:
    first_shifts: FirstShifts
    items: list
    history: list  # the audit events of the first shifts: scheduled, changed, ticked, on the rota

    @property
    def ticked(self):
        return sum(1 for item in self.items if item.tick)

    def may_go_on_rota(self, today=None):
        return (today or timezone.localdate()) >= self.first_shifts.backed_until


def plan_of(first_shifts, steps=None):
    """The countdown of ``first_shifts`` dated from its first shift, with the engineer's ticks."""
    steps = countdown_steps(first_shifts.enrollment.track_id) if steps is None else steps
    ticks = {t.step_id: t for t in first_shifts.ticks.all()}
    return Plan(first_shifts, [Item(step, first_shifts.due_on(step), ticks.get(step.pk)) for step in steps], [])


def history(first_shifts):
    """Every change of the first shifts, oldest first: the audit events about the engineer's first
    shifts since they were scheduled."""
    return list(AuditEvent.objects.filter(kind=AuditKind.FIRST_SHIFTS, subject=first_shifts.enrollment.engineer_id,
                                          at__gte=first_shifts.scheduled_at).select_related("actor").order_by("seq"))


def facts(plan):
    """What the shadowing log shows of the first shifts (plain values, for its hash)."""
    if plan is None:
        return None
    f = plan.first_shifts
    return {
        "first_shift_at": f.first_shift_at, "backed_weeks": f.backed_weeks, "backup": f.backup_id,
        "backup_name": person_name(f.backup), "on_rota_at": f.on_rota_at,
        "on_rota_by": f.on_rota_by_id,
        "items": [[i.step.title, i.due_on, i.tick.ticked_at if i.tick else None] for i in plan.items],
        "history": [[e.pk, e.at, e.summary] for e in plan.history],
    }


def report_plan(enrollment):
    """The plan of the enrollment for its reports, or None when no first shift is scheduled."""
    first_shifts = first_shifts_of(enrollment)
    if first_shifts is None:
        return None
    plan = plan_of(first_shifts)
    plan.history = history(first_shifts)
    return plan


def waiting_for(user):
    """The first shifts ``user`` may see that are not on the rota yet (theirs, those they back up,
    those of the teams they manage), the soonest first, with their people: one query."""
    return (FirstShifts.objects.visible_to(user).waiting()
            .select_related("enrollment__engineer", "enrollment__track", "backup").order_by("first_shift_at", "pk"))
