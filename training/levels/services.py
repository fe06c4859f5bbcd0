"""Granting and revoking a readiness level. The engineer's manager (the one who may give the
final sign-off, ``access.may_manage``) grants a level once every required step of the stages up
to its stage is done, with an optional comment, and revokes it with a reason. Each decision is an
append-only ``LevelSignOff`` with its audit event, announced to the webhooks. A level never
makes anyone eligible for on-call: nothing here touches the enrollment's status or certificates."""

from django.db import transaction

from training import access
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.errors import TrainingError
from training.teams.models import person_name
from training.workflow.models import Enrollment, EnrollmentStatus

from . import selectors, signals
from .models import LevelAction, LevelSignOff

NOT_THE_MANAGER = "Only the engineer's manager grants or revokes a readiness level."


def _lock(enrollment):
    return Enrollment.objects.select_for_update(of=("self",)).select_related("track", "engineer").get(pk=enrollment.pk)


def _level(enrollment, name):
    stages = list(enrollment.track.stages.order_by("order"))
    level = selectors.level_named(enrollment.track, stages, name)
    if level is None:
        raise TrainingError(f"{enrollment.track.name} has no readiness level “{name}”.")
    return level


def _granted_now(enrollment, name):
    latest = LevelSignOff.objects.filter(enrollment=enrollment, level=name).order_by("-pk").first()
    return latest is not None and latest.action == LevelAction.GRANTED


def _decide(enrollment, level, *, action, by, comment):
    signoff = LevelSignOff(enrollment=enrollment, level=level.name, stage=level.stage, action=action, by=by,
                           comment=comment)
    signoff.full_clean()
    signoff.save()
    return signoff


@transaction.atomic
def level_grant(*, enrollment, level, by, comment=""):
    """Grant the readiness level named ``level`` to the enrollment's engineer."""
    enrollment = _lock(enrollment)
    if not access.may_manage(by, enrollment):
        raise TrainingError(NOT_THE_MANAGER)
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise TrainingError("Levels are granted during the training: this enrollment is no longer active.")
    found = _level(enrollment, level)
    if _granted_now(enrollment, found.name):
        raise TrainingError(f"{person_name(enrollment.engineer)} already has the level “{found.name}”.")
    progress = list(enrollment.progress.select_related("step__stage").filter(step__stage__order__lte=found.stage.order))
    missing = selectors.missing_steps(progress, found)
    if missing:
        state = selectors.LevelState(found, missing=missing)
        raise TrainingError(f"“{found.name}” comes at the end of {found.stage.title}: it waits for "
                            f"{state.waiting_for}.")
    signoff = _decide(enrollment, found, action=LevelAction.GRANTED, by=by, comment=comment.strip())
    record(kind=AuditKind.SIGN_OFF, subject=enrollment.engineer, actor=by,
           summary=f"readiness level “{found.name}” granted to {person_name(enrollment.engineer)} "
                   f"({enrollment.track.name} v{enrollment.track.version}, after {found.stage.title})"
                   + (f": {signoff.comment}" if signoff.comment else ""))
    signals.level_granted.send(sender=LevelSignOff, signoff=signoff)
    return signoff


@transaction.atomic
def level_revoke(*, enrollment, level, by, reason):
    """Revoke a readiness level granted to the enrollment's engineer, with the reason."""
    enrollment = _lock(enrollment)
    if not access.may_manage(by, enrollment):
        raise TrainingError(NOT_THE_MANAGER)
    found = _level(enrollment, level)
    reason = (reason or "").strip()
    if not reason:
        raise TrainingError("Say why: a revoked level needs a reason.")
    if not _granted_now(enrollment, found.name):
        raise TrainingError(f"{person_name(enrollment.engineer)} does not have the level “{found.name}”.")
    signoff = _decide(enrollment, found, action=LevelAction.REVOKED, by=by, comment=reason)
    record(kind=AuditKind.REVOCATION, subject=enrollment.engineer, actor=by,
           summary=f"readiness level “{found.name}” of {person_name(enrollment.engineer)} revoked "
                   f"({enrollment.track.name} v{enrollment.track.version}): {reason}")
    signals.level_revoked.send(sender=LevelSignOff, signoff=signoff)
    return signoff
