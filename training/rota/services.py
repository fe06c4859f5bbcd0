"""Scheduling the first on-call shifts with a backup, ticking the countdown and confirming the
engineer on the rota. Each in a transaction, each checking who acts, each in the audit log."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from training import access
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.errors import TrainingError
from training.teams.models import person_name
from training.workflow.models import EnrollmentStatus

from . import selectors
from .models import MAX_BACKED_WEEKS, CountdownTick, FirstShifts

NOT_SCHEDULER = "Only the engineer's manager or a training admin schedules their first on-call shifts."
NOT_THE_ENGINEER = "Only the engineer ticks their countdown to the first shift."
ON_ROTA_ALREADY = "{name} is on the rota without backup already: their first shifts are closed."


def _when(moment):
    return f"{timezone.localtime(moment):%a %-d %b %Y %H:%M}"


def _check(enrollment, by, first_shift_at, backed_weeks, backup):
    if not access.may_schedule_first_shifts(by, enrollment):
        raise TrainingError(NOT_SCHEDULER)
    if enrollment.status != EnrollmentStatus.READY:
        raise TrainingError(f"{person_name(enrollment.engineer)} is not signed off as ready for on-call yet: the "
                            "first shifts are scheduled after the final sign-off.")
    if first_shift_at <= timezone.now():
        raise TrainingError("The first shift must start in the future.")
    if not 1 <= backed_weeks <= MAX_BACKED_WEEKS:
        raise TrainingError(f"The engineer is backed up for 1 to {MAX_BACKED_WEEKS} weeks.")
    if refused := selectors.backup_refusal(enrollment, backup):
        raise TrainingError(refused)


@transaction.atomic
def first_shifts_schedule(*, enrollment, by, first_shift_at, backup, backed_weeks=2):
    """Schedule the engineer's first primary shift with ``backup``, or change it (date, backup,
    weeks): each change is audited with what it was before."""
    _check(enrollment, by, first_shift_at, backed_weeks, backup)
    who = f"{person_name(enrollment.engineer)} ({enrollment.track.name})"
    current = FirstShifts.objects.select_for_update().select_related("backup").filter(enrollment=enrollment).first()
    if current is None:
        first_shifts = FirstShifts(enrollment=enrollment, first_shift_at=first_shift_at, backup=backup,
                                   backed_weeks=backed_weeks, scheduled_by=by)
        first_shifts.full_clean(validate_constraints=False, exclude=["enrollment"])
        try:
            with transaction.atomic():
                first_shifts.save()
        except IntegrityError:  # scheduled by someone else a moment ago
            raise TrainingError("The first shifts were scheduled meanwhile: look at them and change them.") from None
        record(kind=AuditKind.FIRST_SHIFTS, subject=enrollment.engineer, actor=by,
               summary=f"first on-call shift of {who} scheduled for {_when(first_shift_at)} with "
                       f"{person_name(backup)} as backup for {backed_weeks} week(s)")
        return first_shifts
    if current.on_rota_at is not None:
        raise TrainingError(ON_ROTA_ALREADY.format(name=person_name(enrollment.engineer)))
    changes = []
    if current.first_shift_at != first_shift_at:
        changes.append(f"rescheduled from {_when(current.first_shift_at)} to {_when(first_shift_at)}")
    if current.backup_id != backup.pk:
        changes.append(f"backup changed from {person_name(current.backup)} to {person_name(backup)}")
    if current.backed_weeks != backed_weeks:
        changes.append(f"backed-up weeks changed from {current.backed_weeks} to {backed_weeks}")
    if not changes:
        raise TrainingError("Nothing changed: the first shift, its backup and weeks are as they were.")
    current.first_shift_at, current.backup, current.backed_weeks = first_shift_at, backup, backed_weeks
    current.changed_at = timezone.now()
    current.save(update_fields=["first_shift_at", "backup", "backed_weeks", "changed_at"])
    record(kind=AuditKind.FIRST_SHIFTS, subject=enrollment.engineer, actor=by,
           summary=f"first on-call shifts of {who}: " + "; ".join(changes))
    return current


@transaction.atomic
def countdown_tick(*, first_shifts, step, by):
    """The engineer ticks a step of their countdown (once)."""
    first_shifts = FirstShifts.objects.select_for_update().select_related(
        "enrollment__engineer", "enrollment__track").get(pk=first_shifts.pk)
    enrollment = first_shifts.enrollment
    if not access.is_engineer_of(by, enrollment):
        raise TrainingError(NOT_THE_ENGINEER)
    if step.track_id != enrollment.track_id or step.before_first_shift is None:
        raise TrainingError("That step is not in the countdown to your first shift.")
    if first_shifts.on_rota_at is not None:
        raise TrainingError("You are on the rota without backup already: the countdown is closed.")
    if first_shifts.ticks.filter(step=step).exists():
        raise TrainingError(f"“{step.title}” is ticked already.")
    tick = CountdownTick.objects.create(first_shifts=first_shifts, step=step, by=by)
    record(kind=AuditKind.FIRST_SHIFTS, subject=enrollment.engineer, actor=by,
           summary=f"“{step.title}” ticked by {person_name(by)}, due on {first_shifts.due_on(step):%Y-%m-%d} "
                   f"before the first on-call shift of {_when(first_shifts.first_shift_at)}")
    return tick


@transaction.atomic
def first_shifts_on_rota(*, first_shifts, by, today=None):
    """The manager confirms the engineer on the rota without backup, once the backed-up weeks are over."""
    first_shifts = FirstShifts.objects.select_for_update().select_related(
        "enrollment__engineer", "enrollment__track", "backup").get(pk=first_shifts.pk)
    enrollment = first_shifts.enrollment
    name = person_name(enrollment.engineer)
    if not access.may_schedule_first_shifts(by, enrollment):
        raise TrainingError("Only the engineer's manager or a training admin confirms them on the rota.")
    if first_shifts.on_rota_at is not None:
        raise TrainingError(ON_ROTA_ALREADY.format(name=name))
    today = today or timezone.localdate()
    if today < first_shifts.backed_until:
        raise TrainingError(
            f"{name} is backed up by {person_name(first_shifts.backup)} until {first_shifts.backed_until:%a %-d %b %Y} "
            f"({first_shifts.backed_weeks} week(s) from the first shift): confirm them on the rota from then.")
    first_shifts.on_rota_at, first_shifts.on_rota_by = timezone.now(), by
    first_shifts.save(update_fields=["on_rota_at", "on_rota_by"])
    record(kind=AuditKind.FIRST_SHIFTS, subject=enrollment.engineer, actor=by,
           summary=f"{name} ({enrollment.track.name}) confirmed on the rota without backup after "
                   f"{first_shifts.backed_weeks} backed-up week(s) with {person_name(first_shifts.backup)}")
    return first_shifts
