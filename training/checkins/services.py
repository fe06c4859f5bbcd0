"""Recording a weekly check-in and the engineer's rating of it. The mentor (or the manager, or a
training admin) records the meeting: its date, notes, their confidence and the actions agreed,
ticking those carried from the last check-in; the engineer then confirms it with their own
confidence and notes. A recorded check-in is not edited afterwards: it is what was said that week."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from training import access
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.errors import TrainingError
from training.teams.models import person_name
from training.workflow.models import EnrollmentStatus

from . import selectors
from .models import CheckIn, CheckInAction, HeldBy, Owner, week_starts

MAX_ACTION = CheckInAction._meta.get_field("text").max_length
NOT_HOLDER = "Only the engineer's mentor, their manager or a training admin records a check-in."
NOT_THE_ENGINEER = "Only the engineer adds their confidence to their check-in."


def _held_as(by, enrollment):
    if by.pk == enrollment.mentor_id:
        return HeldBy.MENTOR
    return HeldBy.MANAGER if access.may_manage(by, enrollment) else HeldBy.ADMIN


def _confidence(value, whose):
    if value not in range(1, 6):
        raise TrainingError(f"{whose} confidence is a rating from 1 to 5.")
    return value


@transaction.atomic
def checkin_record(*, enrollment, week, by, held_at, mentor_confidence, notes="", actions=(), carried_done=()):
    """Record week ``week``'s check-in. ``actions``: new ``(text, owner)`` pairs; the actions
    left open at the last check-in carry in, done when their pk is in ``carried_done``."""
    if not access.may_hold_checkin(by, enrollment):
        raise TrainingError(NOT_HOLDER)
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise TrainingError("This enrollment is no longer active.")
    weeks = len(selectors.stages_of(enrollment))
    if not 1 <= week <= weeks:
        raise TrainingError(f"The track has {weeks} week{'s' if weeks != 1 else ''}: there is no week {week}.")
    if held_at > timezone.localdate():
        raise TrainingError("The check-in date is in the future.")
    starts = week_starts(enrollment, week)
    if held_at < starts:
        raise TrainingError(f"Week {week} starts on {starts:%-d %b %Y}: the check-in cannot be held before.")
    _confidence(mentor_confidence, "Your")
    cleaned = []
    for text, owner in actions:
        text = " ".join(text.split())
        if not text:
            continue
        if len(text) > MAX_ACTION or owner not in Owner.values:
            raise TrainingError(f"An action is at most {MAX_ACTION} characters, owned by the engineer or the mentor.")
        cleaned.append((text, owner))
    if CheckIn.objects.filter(enrollment=enrollment, week=week).exists():
        raise TrainingError(f"The week {week} check-in is already recorded.")
    checkin = CheckIn(enrollment=enrollment, week=week, held_at=held_at, held_by=by,
                      held_as=_held_as(by, enrollment), notes=notes.strip(), mentor_confidence=mentor_confidence)
    checkin.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            checkin.save()
    except IntegrityError:  # recorded by someone else a moment ago
        raise TrainingError(f"The week {week} check-in is already recorded.") from None
    carried, done = selectors.carried_actions(enrollment, week), set(carried_done)
    rows = [CheckInAction(checkin=checkin, text=a.text, owner=a.owner, done=a.pk in done,
                          from_week=a.from_week) for a in carried]
    rows += [CheckInAction(checkin=checkin, text=text, owner=owner, from_week=week) for text, owner in cleaned]
    CheckInAction.objects.bulk_create(rows)
    closed = sum(1 for row in rows if row.done)
    record(kind=AuditKind.CHECK_IN, subject=enrollment.engineer, actor=by,
           summary=f"week {week} check-in of {person_name(enrollment.engineer)} ({enrollment.track.name}) held on "
                   f"{held_at:%Y-%m-%d} by the {checkin.get_held_as_display().lower()}: confidence "
                   f"{mentor_confidence}/5, {len(cleaned)} new action(s), {len(carried)} carried ({closed} done)")
    return checkin


@transaction.atomic
def checkin_confirm(*, checkin, by, confidence, notes=""):
    """The engineer adds their confidence (and notes) to a recorded check-in, once."""
    checkin = CheckIn.objects.select_for_update().select_related("enrollment__engineer", "enrollment__track").get(
        pk=checkin.pk)
    enrollment = checkin.enrollment
    if not access.is_engineer_of(by, enrollment):
        raise TrainingError(NOT_THE_ENGINEER)
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        raise TrainingError("This enrollment is no longer active.")
    if checkin.confirmed_at is not None:
        raise TrainingError("You already added your confidence to this check-in.")
    checkin.engineer_confidence = _confidence(confidence, "Your")
    checkin.engineer_notes = notes.strip()
    checkin.confirmed_at = timezone.now()
    checkin.save(update_fields=["engineer_confidence", "engineer_notes", "confirmed_at"])
    record(kind=AuditKind.CHECK_IN, subject=enrollment.engineer, actor=by,
           summary=f"week {checkin.week} check-in of {person_name(enrollment.engineer)} ({enrollment.track.name}) "
                   f"confirmed by the engineer: confidence {confidence}/5")
    return checkin
