"""Receivers that keep the workflow in step: reading a document and passing a quiz complete
their steps (what content and assessments announce), and every decision gets its audit event.
Each runs inside the transaction of the change it reacts to; every grade, pass or fail, is on record."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from assessments.signals import attempt_awaiting_review, attempt_graded
from content.models import PracticeWalk, ReadAcknowledgement
from training.audit.models import AuditKind
from training.audit.recorder import record

from . import completions
from .models import SignOff, SignOffAction


@receiver(post_save, sender=ReadAcknowledgement, dispatch_uid="training-read-ack")
def on_document_acknowledged(sender, instance, created, raw=False, **kwargs):
    if created and not raw:  # a fixture or a restore loads records; it does not read documents
        completions.complete_read_steps(user=instance.user, document=instance.document,
                                        version_number=instance.version.number)


@receiver(post_save, sender=PracticeWalk, dispatch_uid="training-practice-walk")
def on_practice_walk(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        completions.complete_walk_steps(walk=instance)


@receiver(attempt_awaiting_review, dispatch_uid="training-attempt-awaiting-review")
def on_attempt_awaiting_review(sender, attempt, **kwargs):
    completions.submit_quiz_steps(attempt=attempt)


@receiver(attempt_graded, dispatch_uid="training-attempt-graded")
def on_attempt_graded(sender, attempt, **kwargs):
    """Every grade is on record, pass or fail: as a sign-off on each open step it counts for (its
    audit event follows), or, for a person's grade that counts for no step, as an audit event."""
    if completions.complete_quiz_steps(attempt=attempt) or attempt.reviewed_by is None:
        return
    verdict = "passed" if attempt.passed else "failed"
    record(kind=AuditKind.SIGN_OFF, actor=attempt.reviewed_by, subject=attempt.user,
           summary=f"Graded {attempt.user.get_username()}'s attempt {attempt.number} at {attempt.quiz.title}: "
                   f"{verdict} with {attempt.score_percent}%")


@receiver(post_save, sender=SignOff, dispatch_uid="audit-signoff")
def on_signoff(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    kind = AuditKind.REVOCATION if instance.action == SignOffAction.REVOKED else AuditKind.SIGN_OFF
    record(kind=kind, signoff=instance, actor=instance.by, at=instance.at,
           summary=f"{instance.get_action_display()}: enrollment {instance.enrollment_id}")
