"""State changes of the feedback on the training: rating a step, reporting a gap in its document.
Only the engineer of the enrollment gives feedback on its steps."""

from django.db import transaction
from django.utils import timezone

from content import services as content_services
from content.feedback import parse_score
from content.models import Document
from training import access
from training.errors import TrainingError
from training.tracks.models import StepKind

from .models import StepRating


def _check_engineer(user, progress):
    if not access.is_engineer_of(user, progress.enrollment):
        raise TrainingError("Only the engineer of this training gives feedback on its steps.")


def step_document(step):
    """The document a reading step asks for (None for other steps, or a document no longer there)."""
    if step.kind != StepKind.READ or not step.ref:
        return None
    return Document.objects.select_related("owner").filter(slug=step.ref).first()


@transaction.atomic
def step_rate(*, progress, user, score):
    """The engineer rates how useful the step is (1–5); rating again replaces their rating."""
    _check_engineer(user, progress)
    try:
        score = parse_score(score)
    except content_services.ContentError as error:
        raise TrainingError(str(error)) from None
    rating, _created = StepRating.objects.update_or_create(
        user=user, step=progress.step, defaults={"score": score, "rated_at": timezone.now()})
    return rating


@transaction.atomic
def step_gap_report(*, progress, user, text):
    """The engineer reports what the step's document does not say: a gap report of the library,
    naming the track and step it came from."""
    _check_engineer(user, progress)
    document = step_document(progress.step)
    if document is None:
        raise TrainingError("This step has no document to report a gap in.")
    step = progress.step
    try:
        return content_services.gap_report(reporter=user, document=document, text=text,
                                           context=f"{progress.enrollment.track} · {step.title}")
    except content_services.ContentError as error:
        raise TrainingError(str(error)) from None
