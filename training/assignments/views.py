"""Pages of team assignments, for the managers of a team and training admins: the assignments
of their teams with how many members have done each, one assignment's results per person and
per question, and the form that schedules a team assessment. Thin: reads in ``selectors``,
writes in ``services``; an assignment of a team the user does not lead is 404."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from training import access
from training.errors import attempt_form

from . import selectors, services
from .forms import AssignmentForm
from .models import AssignmentReason


def _teams(request):
    """The teams the user leads; 403 for anyone who leads none (engineers, mentors, hosts)."""
    if not (access.is_manager(request.user) or access.is_training_admin(request.user)):
        raise PermissionDenied
    return access.reportable_teams(request.user)


def assignment_list(request):
    teams = _teams(request)
    page = Paginator(selectors.assignments_for(teams), 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    assignments = list(page.object_list)
    results = selectors.results(assignments, today=today)
    rows = [(a, selectors.summary(results.get(a.pk, []))) for a in assignments]
    return render(request, "training/assignments/assignment_list.html", {"page": page, "rows": rows, "today": today})


def assignment_create(request):
    teams = _teams(request)
    form = AssignmentForm(request.POST or None, teams=teams.order_by("name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assignment = attempt_form(request, form, lambda: services.team_assignment_create(
            team=data["team"], by=request.user, due_on=data["due_on"], reason=AssignmentReason.QUARTERLY,
            quiz=data["quiz"], document=data["document"],
        ), f"Assigned to every member of {data['team'].name}, due on {data['due_on']:%d %b %Y}.")
        if assignment is not None:
            return redirect("training:assignment_detail", pk=assignment.pk)
    return render(request, "training/assignments/assignment_form.html", {"form": form})


def assignment_detail(request, pk):
    assignment = get_object_or_404(selectors.assignments_for(_teams(request)), pk=pk)
    today = timezone.localdate()
    rows = selectors.results([assignment], today=today)[assignment.pk]
    return render(request, "training/assignments/assignment_detail.html", {
        "assignment": assignment, "rows": rows, "summary": selectors.summary(rows), "today": today,
        "questions": selectors.question_rates(rows) if assignment.quiz_id else [],
    })
