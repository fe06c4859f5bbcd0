"""Pages of readiness levels: an enrollment's levels (granted, grantable, or what each waits for)
with the manager's grant and revoke forms, and the panel the enrollment's page shows. Thin: reads
in ``selectors``, writes in ``services``; an enrollment the user may not see is 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from training import access
from training.errors import attempt_form
from training.teams.models import person_name
from training.workflow.models import Enrollment

from . import selectors, services
from .forms import GrantForm, RevokeForm


def _enrollment(request, pk):
    return get_object_or_404(Enrollment.objects.visible_to(request.user).with_people(), pk=pk)


def enrollment_levels(request, pk):
    return _levels_page(request, _enrollment(request, pk))


def _levels_page(request, enrollment, *, form=None):
    """The enrollment's levels; ``form``: a grant or revoke form as posted and refused, shown
    again beside its level with what was typed."""
    may_decide = access.may_manage(request.user, enrollment)
    rows = []
    for state in selectors.enrollment_states(enrollment):
        row = {"state": state}
        refused = form is not None and form.data.get("level") == state.level.name
        if may_decide and state.granted:
            row["revoke"] = form if refused and isinstance(form, RevokeForm) else RevokeForm(
                initial={"level": state.level.name})
        elif may_decide and state.grantable:
            row["grant"] = form if refused and isinstance(form, GrantForm) else GrantForm(
                initial={"level": state.level.name})
        row["refused"] = refused
        rows.append(row)
    return render(request, "training/levels/enrollment_levels.html", {
        "enrollment": enrollment, "rows": rows, "may_decide": may_decide,
        "history": selectors.history(enrollment), "refused": form,
    })


def _decide(request, pk, form_class, action, success):
    enrollment = _enrollment(request, pk)
    if not access.may_manage(request.user, enrollment):
        messages.error(request, services.NOT_THE_MANAGER)
        return redirect("training:enrollment_levels", pk=enrollment.pk)
    form = form_class(request.POST)
    if form.is_valid() and attempt_form(request, form, lambda: action(enrollment, form.cleaned_data),
                                        success(enrollment, form.cleaned_data["level"])):
        return redirect("training:enrollment_levels", pk=enrollment.pk)
    return _levels_page(request, enrollment, form=form)  # refused: what was typed stays


@require_POST
def level_grant(request, pk):
    return _decide(
        request, pk, GrantForm,
        lambda enrollment, data: services.level_grant(enrollment=enrollment, level=data["level"], by=request.user,
                                                      comment=data["comment"]),
        lambda enrollment, level: f"{person_name(enrollment.engineer)} has the level “{level}”. It does not make "
                                  "them eligible for on-call: only the final sign-off does.")


@require_POST
def level_revoke(request, pk):
    return _decide(
        request, pk, RevokeForm,
        lambda enrollment, data: services.level_revoke(enrollment=enrollment, level=data["level"], by=request.user,
                                                       reason=data["reason"]),
        lambda enrollment, level: f"The level “{level}” of {person_name(enrollment.engineer)} is revoked.")


def enrollment_panel(request, enrollment, overview):
    """The levels on the enrollment's page (``settings.ENROLLMENT_PAGE_PANELS``): their states from
    the overview's progress and the levels granted now (one query), or "" for a track without."""
    if not enrollment.track.levels:
        return ""
    progress = [item for stage in overview.stages for item in stage.items]
    grants = selectors.current_grants([enrollment.pk]).get(enrollment.pk, {})
    return render_to_string("training/levels/includes/levels_panel.html", {
        "enrollment": enrollment, "levels": selectors.states(enrollment, progress, grants),
        "may_decide": access.may_manage(request.user, enrollment), "link": True,
    }, request=request)
