"""The training admin's people and teams pages, and the page an invitation link opens. Thin:
reads in ``selectors``, writes in ``services`` and ``peoplefile``."""

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from content.docfiles import FileProblem
from training import access
from training.errors import TrainingError, attempt, form_refused
from training.teams.models import Team, person_name

from . import peoplefile, selectors, services
from .forms import (
    DeactivateForm,
    InvitationAcceptForm,
    MoveForm,
    PeopleImportForm,
    PersonDetailsForm,
    PersonForm,
    PlaceForm,
    TeamForm,
)


def _person(pk):
    return get_object_or_404(get_user_model(), pk=pk)


@access.training_admin_required
def person_list(request):
    team = Team.objects.filter(slug=request.GET.get("team", "")).first()
    status = request.GET.get("status", "active")
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.people(query=query, team=team, status=status), 25).get_page(request.GET.get("page"))
    for person in page.object_list:
        person.roles = selectors.roles_of(person)
    return render(request, "people/person_list.html", {
        "page": page, "query": query, "team": team, "status": status, "teams": Team.objects.order_by("name"),
    })


@require_http_methods(["GET", "POST"])
@access.training_admin_required
def person_create(request):
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = attempt(request, lambda: services.person_create(
            username=data["username"], email=data["email"], first_name=data["first_name"],
            last_name=data["last_name"], team=data["team"], role=data["role"], by=request.user,
            invite=data["invite"]), f"{data['username']} was added" + (" and invited." if data["invite"] else "."))
        if created:
            return redirect("people:person_detail", pk=created[0].pk)
    return render(request, "people/person_form.html", {"form": form})


@access.training_admin_required
def person_detail(request, pk):
    person = get_object_or_404(selectors.people(status="all"), pk=pk)
    return render(request, "people/person_detail.html", {
        "person": person, "team_roles": selectors.roles_of(person), "invitations": selectors.invitations_of(person),
        "details_form": PersonDetailsForm(initial={"first_name": person.first_name, "last_name": person.last_name,
                                                   "email": person.email}),
        "place_form": PlaceForm(), "move_form": MoveForm(), "deactivate_form": DeactivateForm(),
    })


def _back(person):
    return redirect("people:person_detail", pk=person.pk)


@require_POST
@access.training_admin_required
def person_update(request, pk):
    person = _person(pk)
    form = PersonDetailsForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.person_update(user=person, by=request.user, **form.cleaned_data),
                "Details saved.")
    else:
        form_refused(request, form)
    return _back(person)


@require_POST
@access.training_admin_required
def person_place(request, pk):
    person = _person(pk)
    form = PlaceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(request, lambda: services.place(user=person, team=data["team"], role=data["role"], by=request.user),
                "Role given.")
    else:
        form_refused(request, form)
    return _back(person)


@require_POST
@access.training_admin_required
def person_unplace(request, pk):
    person = _person(pk)
    form = PlaceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(request, lambda: services.unplace(user=person, team=data["team"], role=data["role"],
                                                  by=request.user), "Role removed.")
    else:
        form_refused(request, form)
    return _back(person)


@require_POST
@access.training_admin_required
def person_move(request, pk):
    person = _person(pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        team = form.cleaned_data["team"]
        attempt(request, lambda: services.person_move(user=person, team=team, by=request.user),
                f"{person_name(person)} moved to {team.name}.")
    return _back(person)


@require_POST
@access.training_admin_required
def person_invite(request, pk):
    person = _person(pk)
    attempt(request, lambda: services.invitation_send(user=person, by=request.user),
            f"A new invitation was sent to {person.email}.")
    return _back(person)


@require_POST
@access.training_admin_required
def person_deactivate(request, pk):
    person = _person(pk)
    form = DeactivateForm(request.POST)
    form.is_valid()
    attempt(request, lambda: services.person_deactivate(user=person, by=request.user,
                                                        reason=form.cleaned_data.get("reason", "")),
            f"{person_name(person)} is deactivated: signed out everywhere, training record kept.")
    return _back(person)


@require_POST
@access.training_admin_required
def person_reactivate(request, pk):
    person = _person(pk)
    attempt(request, lambda: services.person_reactivate(user=person, by=request.user),
            f"{person_name(person)} is active again.")
    return _back(person)


@require_http_methods(["GET", "POST"])
@access.training_admin_required
def people_import(request):
    form = PeopleImportForm(request.POST, request.FILES) if request.method == "POST" else PeopleImportForm()
    problems, checked = [], None
    if form.is_valid():
        upload, dry_run = form.cleaned_data["file"], form.cleaned_data["dry_run"]
        try:
            created, updated = peoplefile.people_import(text=upload.text, filename=upload.name, by=request.user,
                                                        invite=form.cleaned_data["invite"], dry_run=dry_run)
        except peoplefile.PeopleFileError as error:
            problems = FileProblem.each(error.filename, error.errors)
        else:
            summary = f"{len(created)} new: {', '.join(created) or 'none'}; {len(updated)} updated: " \
                      f"{', '.join(updated) or 'none'}."
            if not dry_run:
                messages.success(request, f"People imported. {summary}")
                return redirect("people:person_list")
            checked = f"Check only, nothing was changed: {summary}"
    return render(request, "people/people_import.html", {"form": form, "problems": problems, "checked": checked})


# --- Teams ---------------------------------------------------------------------------------------


@access.training_admin_required
def team_list(request):
    return render(request, "people/team_list.html", {"teams": selectors.teams_with_counts()})


@require_http_methods(["GET", "POST"])
@access.training_admin_required
def team_edit(request, slug=None):
    team = get_object_or_404(Team, slug=slug) if slug else Team()
    initial = {}
    if team.pk:
        initial = {"name": team.name, "slug": team.slug, "review_cadence": team.review_cadence,
                   **{field: getattr(team, field).all() for field in ("managers", "members", "mentors", "hosts")}}
    form = TeamForm(request.POST or None, initial=initial, team=team)
    if request.method == "POST" and form.is_valid():
        saved = attempt(request, lambda: services.team_save(team=team, by=request.user, **form.cleaned_data),
                        f"Team {form.cleaned_data['name']} saved.")
        if saved:
            return redirect("people:team_list")
    return render(request, "people/team_form.html", {"form": form, "team": team})


# --- The invitation link (anyone holding it) ---------------------------------------------------------


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = services.invitation_by_token(token)
    problem = services.invitation_problem(invitation)
    if problem:
        return render(request, "people/invitation_closed.html", {"problem": problem}, status=410)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except TrainingError as exc:
            form.add_error("password1", str(exc))
        else:
            messages.success(request, "Welcome to Shiftready: your password is set.")
            return perform_login(request, user, redirect_url="/")
    return render(request, "people/invitation_accept.html", {"form": form, "invitation": invitation})
