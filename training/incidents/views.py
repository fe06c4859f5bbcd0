"""Pages of major incidents, for the managers of the team and training admins: the list, the
form that records one, and one incident with its follow-up checklist, the re-reads it caused and
the quiz or briefing assigned to the team. Thin: reads in ``selectors``, writes in ``services``;
an incident of a team the user does not lead is 404."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from training import access
from training.assignments.forms import BriefingForm
from training.errors import attempt, attempt_form, form_refused

from . import selectors, services
from .forms import FollowUpForm, IncidentForm
from .models import FollowUp, Incident

BRIEFING_DAYS = 14  # the due date the assignment form offers


def _teams(request):
    """The teams the user leads; 403 for anyone who leads none (engineers, mentors, hosts)."""
    if not (access.is_manager(request.user) or access.is_training_admin(request.user)):
        raise PermissionDenied
    return access.reportable_teams(request.user)


def _incident(request, pk):
    return get_object_or_404(Incident.objects.visible_to(request.user, _teams(request)).select_related(
        "team", "recorded_by"), pk=pk)


def incident_list(request):
    incidents = selectors.incidents_for(request.user, _teams(request))
    page = Paginator(incidents, 25).get_page(request.GET.get("page"))
    return render(request, "training/incidents/incident_list.html", {"page": page, "follow_ups": len(FollowUp.choices)})


def incident_create(request):
    teams = _teams(request).order_by("name")
    form = IncidentForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        incident = attempt_form(request, form, lambda: services.incident_record(
            team=data["team"], by=request.user, title=data["title"], occurred_on=data["occurred_on"],
            severity=data["severity"], summary=data["summary"], documents=list(data["documents"]),
        ), "Incident recorded. Work through its follow-ups below; name it in the change note of the documents "
           "you update so the team is asked to re-read them.")
        if incident is not None:
            return redirect("training:incident_detail", pk=incident.pk)
    return render(request, "training/incidents/incident_form.html", {"form": form})


def incident_detail(request, pk):
    return _detail_page(request, _incident(request, pk))


def _detail_page(request, incident, *, assign_form=None):
    """The incident's page; ``assign_form``: as posted and refused, shown again with its values."""
    documents = list(incident.documents.order_by("title"))
    today = timezone.localdate()
    return render(request, "training/incidents/incident_detail.html", {
        "incident": incident, "documents": documents, "follow_ups": selectors.follow_up_rows(incident),
        "rereads": selectors.rereads_caused(incident, documents),
        "assignments": selectors.incident_assignments(incident, today=today), "today": today,
        "assign_form": assign_form or BriefingForm(initial={"due_on": today + datetime.timedelta(days=BRIEFING_DAYS)}),
    })


@require_POST
def incident_follow_up(request, pk):
    incident = _incident(request, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
    elif form.cleaned_data["done"]:
        attempt(request, lambda: services.follow_up_tick(incident=incident, item=form.cleaned_data["item"],
                                                         by=request.user), "Follow-up ticked.")
    else:
        attempt(request, lambda: services.follow_up_untick(incident=incident, item=form.cleaned_data["item"],
                                                           by=request.user), "Follow-up unticked.")
    return redirect("training:incident_detail", pk=incident.pk)


@require_POST
def incident_assign(request, pk):
    incident = _incident(request, pk)
    form = BriefingForm(request.POST)
    if form.is_valid() and attempt_form(request, form, lambda: services.incident_assign(
        incident=incident, by=request.user, due_on=form.cleaned_data["due_on"], quiz=form.cleaned_data["quiz"],
        document=form.cleaned_data["document"],
    ), f"Assigned to every member of {incident.team.name}: each sees it on their home page until it is done."):
        return redirect("training:incident_detail", pk=incident.pk)
    return _detail_page(request, incident, assign_form=form)
