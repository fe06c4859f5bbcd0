"""The programme metrics page and each figure's CSV. Managers see their teams, training admins
every team; anyone else is refused."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from training import access
from training.downloads import csv_response, to_csv

from . import coverage, progress, reviews
from .forms import MetricsFilterForm
from .scope import Scope


def figures(scope):
    """Every figure of the page, in its order."""
    rates, questions = reviews.quiz_results(scope)
    return [progress.time_to_ready(scope), progress.stage_time(scope), progress.stalls(scope),
            reviews.reviewer_turnaround(scope), rates, questions, coverage.shadow_hours(scope),
            coverage.coverage(scope), progress.estimates(scope)]


FIGURES = {
    "time-to-ready": progress.time_to_ready, "stage-time": progress.stage_time, "stalls": progress.stalls,
    "reviewer-turnaround": reviews.reviewer_turnaround,
    "quiz-pass-rates": lambda scope: reviews.quiz_results(scope)[0],
    "flagged-questions": lambda scope: reviews.quiz_results(scope)[1],
    "shadow-hours": coverage.shadow_hours, "certification-coverage": coverage.coverage,
    "estimates": progress.estimates,
}


def _scope(request):
    """The filter form and, when it is valid, the scope it asks for."""
    form = MetricsFilterForm(request.GET or None, user=request.user)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    return form, Scope.build(request.user, team=data.get("team"), track_slug=data.get("track") or "",
                             start=data.get("start"), end=data.get("end"))


@require_GET
@access.require(access.may_see_metrics)
def metrics(request):
    form, scope = _scope(request)
    return render(request, "training/metrics/metrics.html", {
        "form": form, "figures": figures(scope) if scope else [], "query": request.GET.urlencode(),
    })


@require_GET
@access.require(access.may_see_metrics)
def metrics_csv(request, figure):
    if figure not in FIGURES:
        raise Http404
    form, scope = _scope(request)
    if scope is None:
        return render(request, "training/metrics/metrics.html", {"form": form, "figures": []})
    found = FIGURES[figure](scope)
    return csv_response(to_csv(found.header, found.rows), f"metrics-{figure}.csv")
