"""The engineer's feedback page of a step: rate its usefulness, report what its document does not
say. Thin: writes in ``services``; a step that is not the user's own is 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from content.forms import GapReportForm, RatingForm
from training.errors import TrainingError, attempt
from training.workflow.models import StepProgress

from . import selectors, services


def _own_progress(request, pk):
    """The step progress of one of the user's own enrollments: feedback is the engineer's."""
    return get_object_or_404(
        StepProgress.objects.filter(enrollment__engineer=request.user.pk)
        .select_related("enrollment__track", "step__stage"), pk=pk)


def _page(request, progress, *, gap_form=None):
    step = progress.step
    score = selectors.my_rating(user=request.user, step=step)
    return render(request, "training/feedback/step_feedback.html", {
        "progress": progress, "step": step, "enrollment": progress.enrollment, "my_score": score,
        "rating_form": RatingForm(initial={"score": score}), "document": services.step_document(step),
        "gap_form": gap_form or GapReportForm(),
    })


@require_GET
def step_feedback(request, pk):
    return _page(request, _own_progress(request, pk))


@require_POST
def step_rate(request, pk):
    progress = _own_progress(request, pk)
    score = request.POST.get("score")
    attempt(request, lambda: services.step_rate(progress=progress, user=request.user, score=score),
            f"You rated “{progress.step.title}” {score} out of 5. Thank you.")
    return redirect("training:step_feedback", pk=progress.pk)


@require_POST
def step_gap(request, pk):
    progress = _own_progress(request, pk)
    form = GapReportForm(request.POST)
    if form.is_valid():
        try:
            gap = services.step_gap_report(progress=progress, user=request.user, text=form.cleaned_data["text"])
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Gap reported in “{gap.document.title}”: it waits for the document's "
                                      "owner until a new version addresses it.")
            return redirect("training:step_feedback", pk=progress.pk)
    messages.error(request, "The gap was not reported: see below.")
    return _page(request, progress, gap_form=form)
