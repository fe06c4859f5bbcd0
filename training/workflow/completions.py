"""Steps that complete because something happened in another app: a document read (content's
``ReadAcknowledgement``), quiz answers handed in for grading or graded (assessments' signals).
The receivers call these, inside the transaction of the change they react to; each writes its
``SignOff`` through the services' helpers, as every other state change does."""

from django.db import transaction
from django.utils import timezone

from training.tracks.models import StepKind

from .models import EnrollmentStatus, ProgressStatus, SignOffAction, StepProgress
from .services import _complete, _touch, read_step_complete, signoff_record


@transaction.atomic
def complete_read_steps(*, user, document, version_number):
    """A document was acknowledged: complete the engineer's open read steps for it."""
    open_steps = StepProgress.objects.select_for_update(of=("self",)).select_related(
        "enrollment__track", "step"
    ).filter(
        enrollment__engineer=user, enrollment__status=EnrollmentStatus.ACTIVE,
        step__kind=StepKind.READ, step__ref=document.slug, step__walk="",  # a walk step is done by walking
    ).exclude(status=ProgressStatus.DONE)
    for progress in open_steps:
        read_step_complete(progress, by=user, document=document, version_number=version_number)


@transaction.atomic
def complete_walk_steps(*, walk):
    """A practice walk reached an outcome of a decision tree: complete the walker's open steps that
    ask for a walk to it."""
    open_steps = StepProgress.objects.select_for_update(of=("self",)).select_related(
        "enrollment__track", "step"
    ).filter(
        enrollment__engineer_id=walk.user_id, enrollment__status=EnrollmentStatus.ACTIVE,
        step__kind=StepKind.READ, step__ref=walk.document.slug, step__walk=walk.leaf,
    ).exclude(status=ProgressStatus.DONE)
    for progress in open_steps:
        _complete(progress, by=walk.user, document_version=walk.version.number,
                  comment=f"Walked {walk.document.title} v{walk.version.number} to “{walk.leaf_title}” "
                          f"({len(walk.path)} questions)")


def _open_quiz_steps(attempt):
    return list(StepProgress.objects.select_for_update(of=("self",)).select_related(
        "enrollment__track", "step"
    ).filter(
        enrollment__engineer=attempt.user, enrollment__status=EnrollmentStatus.ACTIVE,
        step__kind__in=[StepKind.QUIZ, StepKind.VALIDATION], step__ref=attempt.quiz.slug,
    ).exclude(status=ProgressStatus.DONE))


@transaction.atomic
def submit_quiz_steps(*, attempt):
    """A submitted attempt waits for a reviewer to grade its scenario answers: each open step it
    counts for waits too (``SUBMITTED``), so nobody is told to take it again meanwhile."""
    for progress in _open_quiz_steps(attempt):
        progress.status = ProgressStatus.SUBMITTED
        progress.started_at = progress.started_at or timezone.now()
        progress.save(update_fields=["status", "started_at", "updated_at"])
        signoff_record(enrollment=progress.enrollment, step=progress.step, action=SignOffAction.SUBMITTED,
                       by=attempt.user, comment=f"Answers to {attempt.quiz.title} handed in for grading "
                                                f"(attempt {attempt.number})")
        _touch(progress.enrollment)


@transaction.atomic
def complete_quiz_steps(*, attempt):
    """A quiz attempt reached its final grade, pass or fail: each open step it counts for gets the
    decision on record (a pass completes it; a fail is a ``FAILED`` sign-off and leaves it open,
    for the engineer to try again). Returns the steps it counted for."""
    open_steps = _open_quiz_steps(attempt)
    by = attempt.reviewed_by or attempt.user
    outcome = f"{attempt.quiz.title} with {attempt.score_percent}% (attempt {attempt.number})"
    for progress in open_steps:
        if attempt.passed:
            _complete(progress, by=by, comment=f"Passed {outcome}")
        else:
            if progress.status == ProgressStatus.SUBMITTED:  # graded: no longer waiting for anyone
                progress.status = ProgressStatus.IN_PROGRESS
                progress.save(update_fields=["status", "updated_at"])
            signoff_record(enrollment=progress.enrollment, step=progress.step, action=SignOffAction.FAILED,
                           by=by, comment=f"Failed {outcome}")
            _touch(progress.enrollment)
    return open_steps
