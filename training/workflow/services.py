"""Every state change of an enrollment. One function per transition, each in a transaction,
each checking permission and writing the append-only ``SignOff`` record. The final sign-off
announces itself (``signals.enrollment_signed_off``, in its transaction): certification issues
the certificate there."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from content.models import Document
from content.selectors import has_opened
from content.services import document_acknowledge
from training import access
from training.errors import TrainingError
from training.teams.models import person_name
from training.tracks.models import StepKind
from training.tracks.services import step_relink

from . import hosts, notifications, readiness, signals
from .models import (
    Enrollment,
    EnrollmentStatus,
    ExerciseLog,
    ProgressStatus,
    ReadinessCheck,
    ReviewState,
    ShadowIncident,
    ShadowShift,
    ShiftRole,
    ShiftState,
    SignOff,
    SignOffAction,
    StepProgress,
)


def signoff_record(*, enrollment, action, by, step=None, comment="", document_version="", **targets):
    signoff = SignOff(
        enrollment=enrollment, step=step, action=action, by=by, comment=comment,
        track_version=enrollment.track.version, document_version=document_version, **targets,
    )
    signoff.full_clean()
    signoff.save()
    return signoff


def _touch(enrollment):
    """Recount progress and mark activity; called in the transaction of every step change."""
    counts = enrollment.progress.filter(step__required=True).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=ProgressStatus.DONE))
    )
    enrollment.steps_total = counts["total"]
    enrollment.steps_done = counts["done"]
    enrollment.last_activity_at = timezone.now()
    enrollment.save(update_fields=["steps_total", "steps_done", "last_activity_at"])


def _lock_progress(progress):
    return StepProgress.objects.select_for_update(of=("self",)).select_related(
        "enrollment__track", "enrollment__engineer", "step__exercise"
    ).get(pk=progress.pk)


def _require_active(enrollment):
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise TrainingError("This enrollment is no longer active.")


def not_linked_message(step):
    return (f"“{step.title}” is not linked to its {step.target_noun} yet: a training admin links it on the "
            "track's page. It cannot be done until then.")


def _require_linked(step):
    """A step imported unlinked cannot be done until it is linked (or what it names is imported:
    it links itself then)."""
    if not step_relink(step):
        raise TrainingError(not_linked_message(step))


def _complete(progress, *, by, comment="", document_version=""):
    now = timezone.now()
    progress.status = ProgressStatus.DONE
    progress.started_at = progress.started_at or now
    progress.completed_at = now
    progress.save(update_fields=["status", "started_at", "completed_at", "updated_at"])
    signoff_record(enrollment=progress.enrollment, step=progress.step, action=SignOffAction.COMPLETED,
                   by=by, comment=comment, document_version=document_version)
    _touch(progress.enrollment)


# --- Enrollment ----------------------------------------------------------------------------


def enrollment_manager(*, engineer, by, manager=None):
    """Who answers for a new enrollment when a system enrols (the API): the named manager, who
    must manage the engineer; else ``by`` when they do; else the first manager of the engineer's
    teams. Never a service account: an enrollment needs a person to sign it off."""
    if manager is not None:
        if not access.manages_engineer(manager, engineer):
            raise TrainingError(f"{person_name(manager)} does not manage {person_name(engineer)}.")
        return manager
    if access.manages_engineer(by, engineer):
        return by
    manager = get_user_model().objects.filter(managed_teams__members=engineer, is_active=True).exclude(
        pk=engineer.pk).order_by("managed_teams__name", "username").first()
    if manager is None:
        raise TrainingError(f"{person_name(engineer)} has no manager: add them to a team that has one first.")
    return manager


@transaction.atomic
def enrollment_create(*, engineer, track, by, mentor=None, target_date=None, manager=None, renews=None):
    if not access.may_enrol(by, engineer):
        raise TrainingError("You may only enrol engineers of a team you manage.")
    if not track.is_current:
        raise TrainingError("Enrol on the current version of a track.")
    if mentor is not None and mentor.pk == engineer.pk:
        raise TrainingError("An engineer cannot be their own mentor.")
    manager = manager or by
    if manager.pk == engineer.pk:
        raise TrainingError("An engineer cannot be their own manager.")
    if Enrollment.objects.filter(engineer=engineer, track__slug=track.slug, status=EnrollmentStatus.ACTIVE).exists():
        raise TrainingError(f"{person_name(engineer)} is already enrolled in {track.name}.")
    if renews is not None and renews.engineer_id != engineer.pk:
        raise TrainingError("A refresh renews the engineer's own certificate.")
    enrollment = Enrollment(engineer=engineer, track=track, manager=manager, mentor=mentor,
                            target_date=target_date, renews=renews)
    enrollment.full_clean()
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError as exc:
        raise TrainingError(f"{engineer} is already enrolled in {track.name}.") from exc
    # The countdown to the first on-call shift comes after the sign-off: it is ticked there (training.rota).
    StepProgress.objects.bulk_create(
        [StepProgress(enrollment=enrollment, step=step) for step in track.steps.filter(before_first_shift__isnull=True)]
    )
    signoff_record(enrollment=enrollment, action=SignOffAction.ENROLLED, by=by,
                   comment=f"Enrolled in {track.name} v{track.version}"
                   + (f" to renew certificate {renews.display_code}" if renews else ""))
    _touch(enrollment)
    signals.enrollment_created.send(sender=Enrollment, enrollment=enrollment, by=by)
    return enrollment


# --- Steps -----------------------------------------------------------------------------------


@transaction.atomic
def step_start(*, progress, by):
    progress = _lock_progress(progress)
    if not access.is_engineer_of(by, progress.enrollment):
        raise TrainingError("Only the engineer can start their own steps.")
    _require_active(progress.enrollment)
    if progress.status != ProgressStatus.NOT_STARTED:
        return progress
    progress.status = ProgressStatus.IN_PROGRESS
    progress.started_at = timezone.now()
    progress.save(update_fields=["status", "started_at", "updated_at"])
    signoff_record(enrollment=progress.enrollment, step=progress.step, action=SignOffAction.STARTED, by=by)
    _touch(progress.enrollment)
    return progress


@transaction.atomic
def step_complete_checklist(*, progress, by):
    """The engineer ticks a checklist item as done."""
    progress = _lock_progress(progress)
    if not access.is_engineer_of(by, progress.enrollment):
        raise TrainingError("Only the engineer can tick their own checklist items.")
    _require_active(progress.enrollment)
    if progress.step.kind != StepKind.CHECKLIST:
        raise TrainingError("Only checklist items are ticked off directly.")
    if progress.is_done:
        raise TrainingError("This item is already done.")
    _complete(progress, by=by)
    return progress


@transaction.atomic
def step_mark_read(*, progress, by):
    """The engineer acknowledges the document of a read step (its current version), once they
    have opened it: "I have read it" never comes before the document's page did."""
    progress = _lock_progress(progress)
    if not access.is_engineer_of(by, progress.enrollment):
        raise TrainingError("Only the engineer can mark their own reading as done.")
    _require_active(progress.enrollment)
    if progress.step.kind != StepKind.READ:
        raise TrainingError("This step is not a reading step.")
    if progress.step.walk:
        raise TrainingError("This step is done by walking the decision tree to its outcome in practice mode.")
    _require_linked(progress.step)
    document = Document.objects.filter(slug=progress.step.ref).first()
    if document is None:
        raise TrainingError(f"The document “{progress.step.ref}” is not in the library any more. Tell a training "
                            "admin.")
    if not has_opened(user=by, document=document):
        raise TrainingError(f"Open “{document.title}” first: mark it read once you have read it.")
    acknowledgement = document_acknowledge(user=by, document=document)  # a new one: the receiver completes it
    progress.refresh_from_db()
    if progress.status != ProgressStatus.DONE:  # read before (another track, a renewal): no new record
        read_step_complete(progress, by=by, document=document, version_number=acknowledgement.version.number)
    return progress


def read_step_complete(progress, *, by, document, version_number):
    """Complete a reading step with the version read (``progress`` locked by the caller)."""
    part = f", {progress.step.sections}" if progress.step.sections else ""
    _complete(progress, by=by, document_version=version_number,
              comment=f"Read {document.title} v{version_number}{part}")


# --- Exercise logs ----------------------------------------------------------------------------


@transaction.atomic
def exercise_log_submit(*, progress, by, notes, ticks):
    progress = _lock_progress(progress)
    enrollment = progress.enrollment
    if not access.is_engineer_of(by, enrollment):
        raise TrainingError("Only the engineer can submit their own exercise log.")
    _require_active(enrollment)
    if progress.step.kind != StepKind.EXERCISE:
        raise TrainingError("This step is not an exercise.")
    if progress.status == ProgressStatus.SUBMITTED:
        raise TrainingError("This exercise log is already waiting for sign-off.")
    if progress.is_done:
        raise TrainingError("This exercise is already verified.")
    _require_linked(progress.step)
    checklist = progress.step.exercise.checklist
    ticks = sorted({int(t) for t in ticks})
    if any(t < 0 or t >= len(checklist) for t in ticks):
        raise TrainingError("Tick only items of the exercise's checklist.")
    if len(ticks) != len(checklist):
        raise TrainingError("Tick every item of the sign-off checklist before you submit.")
    if not notes.strip():
        raise TrainingError("Describe what you did: the notes are your evidence.")
    log = ExerciseLog(progress=progress, notes=notes.strip(), checklist_ticks=ticks)
    log.full_clean()
    log.save()
    progress.status = ProgressStatus.SUBMITTED
    progress.started_at = progress.started_at or timezone.now()
    progress.save(update_fields=["status", "started_at", "updated_at"])
    signoff_record(enrollment=enrollment, step=progress.step, action=SignOffAction.SUBMITTED, by=by, exercise_log=log)
    _touch(enrollment)
    transaction.on_commit(lambda: notifications.exercise_log_submitted(log))
    return log


def _decide_log(*, log, by, comment, verify):
    log = ExerciseLog.objects.select_for_update(of=("self",)).select_related(
        "progress__enrollment__track", "progress__enrollment__engineer", "progress__step", "decided_by"
    ).get(pk=log.pk)
    progress, enrollment = log.progress, log.progress.enrollment
    if by.pk == enrollment.engineer_id:
        raise TrainingError("You cannot verify your own work.")
    if not access.may_witness(by, enrollment):
        raise TrainingError("Only the mentor or manager of this engineer can decide on this log.")
    if log.state != ReviewState.SUBMITTED:
        who = person_name(log.decided_by) if log.decided_by else "someone"
        raise TrainingError(f"This exercise log was already {log.get_state_display().lower()} by {who}.")
    if not verify and not comment.strip():
        raise TrainingError("Say what needs fixing: a returned log needs a comment.")
    log.state = ReviewState.VERIFIED if verify else ReviewState.RETURNED
    log.decided_at, log.decided_by, log.comment = timezone.now(), by, comment.strip()
    log.save(update_fields=["state", "decided_at", "decided_by", "comment"])
    action = SignOffAction.VERIFIED if verify else SignOffAction.RETURNED
    signoff_record(enrollment=enrollment, step=progress.step, action=action, by=by, comment=log.comment,
                   exercise_log=log)
    if verify:
        _complete(progress, by=by, comment="Exercise verified")
    else:
        progress.status = ProgressStatus.RETURNED
        progress.save(update_fields=["status", "updated_at"])
        _touch(enrollment)
    transaction.on_commit(lambda: notifications.exercise_log_decided(log))
    return log


@transaction.atomic
def exercise_log_verify(*, log, by, comment=""):
    return _decide_log(log=log, by=by, comment=comment, verify=True)


@transaction.atomic
def exercise_log_return(*, log, by, comment):
    return _decide_log(log=log, by=by, comment=comment, verify=False)


# --- Shadow shifts ----------------------------------------------------------------------------


@transaction.atomic
def shadow_shift_log(*, progress, by, date, hours, host, role=ShiftRole.OBSERVE, notes="", incidents=()):
    """The engineer logs a shift they shadowed (their step page)."""
    progress = _lock_progress(progress)
    if not access.is_engineer_of(by, progress.enrollment):
        raise TrainingError("Only the engineer can log their own shadow shifts.")
    return _shift_create(progress=progress, by=by, date=date, hours=hours, host=host, role=role, notes=notes,
                         incidents=incidents)


@transaction.atomic
def shadow_shift_record(*, progress, by, date, hours, host, role=ShiftRole.OBSERVE, notes="", incidents=()):
    """A system records a shift for the engineer (the paging system, through the API): as the
    engineer's own log, waiting for the host; by the engineer, their manager or a training admin."""
    progress = _lock_progress(progress)
    if not access.may_record_shift(by, progress.enrollment):
        raise TrainingError("Only the engineer, their manager or a training admin can record their shadow shifts.")
    if host.pk == by.pk:
        raise TrainingError("The host confirms the shift: someone else records it.")
    return _shift_create(progress=progress, by=by, date=date, hours=hours, host=host, role=role, notes=notes,
                         incidents=incidents)


def _shift_create(*, progress, by, date, hours, host, role, notes, incidents):
    enrollment = progress.enrollment
    _require_active(enrollment)
    if progress.step.kind != StepKind.SHADOW:
        raise TrainingError("This step is not a shadowing step.")
    if host.pk == enrollment.engineer_id:
        raise TrainingError("The host must be the on-call engineer you shadowed, not yourself.")
    hosts.require_host(host, enrollment)
    if date > timezone.localdate():
        raise TrainingError("A shadow shift cannot be in the future.")
    shift = ShadowShift(progress=progress, date=date, hours=Decimal(hours), host=host, role=role, notes=notes)
    shift.full_clean()
    shift.save()
    for incident in incidents:
        item = ShadowIncident(shift=shift, **incident)
        item.full_clean()
        item.save()
    if progress.status == ProgressStatus.NOT_STARTED:
        progress.status = ProgressStatus.IN_PROGRESS
        progress.started_at = timezone.now()
        progress.save(update_fields=["status", "started_at", "updated_at"])
    signoff_record(enrollment=enrollment, step=progress.step, action=SignOffAction.LOGGED, by=by, shadow_shift=shift,
                   comment=f"{shift.hours} h with {person_name(host)} ({shift.get_role_display()})")
    _touch(enrollment)
    transaction.on_commit(lambda: notifications.shadow_shift_logged(shift))
    return shift


def shadow_totals(progress):
    """Confirmed hours and lead shifts of a shadow step."""
    totals = progress.shadow_shifts.filter(state=ShiftState.CONFIRMED).aggregate(
        hours=Sum("hours"), leads=Count("pk", filter=Q(role=ShiftRole.LEAD))
    )
    return totals["hours"] or Decimal("0"), totals["leads"]


def _decide_shift(*, shift, by, comment, confirm):
    shift = ShadowShift.objects.select_for_update(of=("self",)).select_related(
        "progress__enrollment__track", "progress__enrollment__engineer", "progress__step", "host"
    ).get(pk=shift.pk)
    progress, enrollment = shift.progress, shift.progress.enrollment
    if by.pk == enrollment.engineer_id:
        raise TrainingError("You cannot confirm your own shadow shift.")
    if by.pk != shift.host_id:
        raise TrainingError("Only the host named on the shift can confirm or dispute it.")
    if shift.state != ShiftState.PENDING:
        raise TrainingError(f"This shift was already {shift.get_state_display().lower()}.")
    if not confirm and not comment.strip():
        raise TrainingError("Say what is wrong: a disputed shift needs a comment.")
    if confirm:
        hosts.require_host(by, enrollment, confirming=True)
    shift.state = ShiftState.CONFIRMED if confirm else ShiftState.DISPUTED
    shift.decided_at, shift.comment = timezone.now(), comment.strip()
    shift.save(update_fields=["state", "decided_at", "comment"])
    action = SignOffAction.CONFIRMED if confirm else SignOffAction.DISPUTED
    signoff_record(enrollment=enrollment, step=progress.step, action=action, by=by, comment=shift.comment,
                   shadow_shift=shift)
    hours, leads = shadow_totals(progress)
    step = progress.step
    if confirm and not progress.is_done and hours >= (step.hours or 0) and leads >= step.lead_shifts:
        _complete(progress, by=by, comment=f"{hours} confirmed hours, {leads} lead shifts")
    else:
        _touch(enrollment)
    transaction.on_commit(lambda: notifications.shadow_shift_decided(shift))
    return shift


@transaction.atomic
def shadow_shift_confirm(*, shift, by, comment=""):
    return _decide_shift(shift=shift, by=by, comment=comment, confirm=True)


@transaction.atomic
def shadow_shift_dispute(*, shift, by, comment):
    return _decide_shift(shift=shift, by=by, comment=comment, confirm=False)


# --- Readiness and the final sign-off ------------------------------------------------------


def _lock_enrollment(enrollment):
    return Enrollment.objects.select_for_update(of=("self",)).select_related("track", "engineer").get(pk=enrollment.pk)


def open_required_steps(enrollment):
    """Required steps not done yet, the final sign-off step aside."""
    return enrollment.progress.open_required()


@transaction.atomic
def readiness_complete(*, enrollment, by, checked):
    """The manager completes the readiness checklist. ``checked``: the (group, item) pairs ticked.
    Items that name their evidence (``training.tracks.readiness``) count when their steps are
    done and are never ticked by hand against it; the manager ticks every other item."""
    enrollment = _lock_enrollment(enrollment)
    if not access.may_manage(by, enrollment):
        raise TrainingError("Only the engineer's manager can complete the readiness checklist.")
    _require_active(enrollment)
    if enrollment.readiness_completed_at:
        raise TrainingError("The readiness checklist is already complete.")
    if open_required_steps(enrollment).exists():
        raise TrainingError("Every required step must be done before the readiness checklist.")
    states = readiness.states_of(enrollment)
    if refused := readiness.refusal(states, checked):
        raise TrainingError(refused)
    ReadinessCheck.objects.bulk_create([
        ReadinessCheck(enrollment=enrollment, group=state.item.group, item=state.item.label, checked_by=by)
        for state in states
    ])
    enrollment.readiness_completed_at = timezone.now()
    enrollment.save(update_fields=["readiness_completed_at"])
    known = sum(1 for state in states if state.by_evidence)
    signoff_record(enrollment=enrollment, action=SignOffAction.READINESS, by=by,
                   comment=f"{len(states)} readiness items checked" + (f" ({known} by evidence)" if known else ""))
    _touch(enrollment)
    return enrollment


def witnesses_of(enrollment):
    """Everyone who verified an exercise log or confirmed a shadow shift of the enrollment."""
    return set(
        SignOff.objects.filter(
            enrollment=enrollment, action__in=[SignOffAction.VERIFIED, SignOffAction.CONFIRMED]
        ).values_list("by_id", flat=True)
    )


@transaction.atomic
def enrollment_sign_off(*, enrollment, by, comment=""):
    """The manager's final sign-off: the engineer is ready for on-call."""
    enrollment = _lock_enrollment(enrollment)
    if by.pk == enrollment.engineer_id:
        raise TrainingError("You cannot sign yourself off.")
    if not access.may_manage(by, enrollment):
        raise TrainingError("Only the engineer's manager can sign them off.")
    if enrollment.status == EnrollmentStatus.READY:
        raise TrainingError("This engineer is already signed off as ready.")
    _require_active(enrollment)
    if open_required_steps(enrollment).exists():
        raise TrainingError("Every required step must be done before the final sign-off.")
    if not enrollment.readiness_completed_at:
        raise TrainingError("Complete the readiness checklist before the final sign-off.")
    if enrollment.track.separation_of_duties and by.pk in witnesses_of(enrollment):
        raise TrainingError(
            "This track asks for separation of duties: you witnessed part of this training, so "
            "another manager must give the final sign-off."
        )
    for progress in enrollment.progress.select_related("step", "enrollment__track").filter(
        step__kind=StepKind.SIGNOFF
    ).exclude(status=ProgressStatus.DONE):
        _complete(progress, by=by, comment="Manager sign-off")
    enrollment.status = EnrollmentStatus.READY
    enrollment.ready_at = timezone.now()
    enrollment.save(update_fields=["status", "ready_at"])
    signoff_record(enrollment=enrollment, action=SignOffAction.SIGNED_OFF, by=by, comment=comment)
    _touch(enrollment)
    # In this transaction: a certificate that cannot be issued undoes the sign-off.
    signals.enrollment_signed_off.send(sender=Enrollment, enrollment=enrollment, by=by)
    transaction.on_commit(lambda: notifications.enrollment_signed_off(enrollment))
    return enrollment
