"""Pages of the weekly check-ins: an enrollment's weeks, one week's check-in (its facts, the
form to record it, the engineer's rating) and the check-ins a mentor or manager holds. Thin:
reads in ``selectors``, writes in ``services``; an enrollment the user may not see is 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from training import access
from training.errors import attempt_form, form_refused
from training.workflow.models import Enrollment, EnrollmentStatus

from . import selectors, services
from .forms import CheckInForm, ConfirmForm
from .models import week_due


def _enrollment(request, pk):
    return get_object_or_404(Enrollment.objects.visible_to(request.user).with_people(), pk=pk)


def checkin_list(request, pk):
    enrollment = _enrollment(request, pk)
    rows = selectors.week_rows(enrollment)
    return render(request, "training/checkins/checkin_list.html", {
        "enrollment": enrollment, "rows": rows, "next_due": selectors.next_due(rows, enrollment),
        "may_hold": access.may_hold_checkin(request.user, enrollment),
    })


def checkin_week(request, pk, week):
    return _week_page(request, _enrollment(request, pk), week)


def _week_page(request, enrollment, week, *, form=None, confirm_form=None):
    """The week's page; ``form`` / ``confirm_form``: as posted and refused, shown again with
    their values and errors."""
    stages = selectors.stages_of(enrollment)
    stage = next((s for s in stages if s.order == week), None)
    if stage is None:
        raise Http404("The track has no such week.")
    checkin = selectors.checkin_of(enrollment, week)
    may_hold = access.may_hold_checkin(request.user, enrollment)
    is_engineer = access.is_engineer_of(request.user, enrollment)
    context = {
        "enrollment": enrollment, "week": week, "topic": selectors.topic(stage), "weeks": len(stages),
        "checkin": checkin, "facts": selectors.week_facts(enrollment, week), "due": week_due(enrollment, week),
        "is_engineer": is_engineer,
    }
    if checkin is None:
        carried = selectors.carried_actions(enrollment, week)
        context["carried"] = carried
        if may_hold and enrollment.status == EnrollmentStatus.ACTIVE:
            context["form"] = form or CheckInForm(carried=carried, initial={"held_at": timezone.localdate()})
    else:
        if form is not None:  # refused because the week was recorded meanwhile: the form is gone, its reason stays
            form_refused(request, form)
        if is_engineer and checkin.confirmed_at is None and enrollment.status != EnrollmentStatus.WITHDRAWN:
            context["confirm_form"] = confirm_form or ConfirmForm()
    return render(request, "training/checkins/checkin_week.html", context)


@require_POST
def checkin_record(request, pk, week):
    enrollment = _enrollment(request, pk)
    if not access.may_hold_checkin(request.user, enrollment):
        messages.error(request, services.NOT_HOLDER)
        return redirect("training:checkin_week", pk=enrollment.pk, week=week)
    form = CheckInForm(request.POST, carried=selectors.carried_actions(enrollment, week))
    if form.is_valid() and attempt_form(request, form, lambda: services.checkin_record(
        enrollment=enrollment, week=week, by=request.user, held_at=form.cleaned_data["held_at"],
        mentor_confidence=form.cleaned_data["mentor_confidence"], notes=form.cleaned_data["notes"],
        actions=form.actions(), carried_done=form.carried_done(),
    ), f"Week {week} check-in recorded: {enrollment.engineer.get_full_name() or enrollment.engineer} "
       "can add their confidence to it."):
        return redirect("training:checkin_week", pk=enrollment.pk, week=week)
    return _week_page(request, enrollment, week, form=form)  # refused: what was typed stays


@require_POST
def checkin_confirm(request, pk, week):
    enrollment = _enrollment(request, pk)
    checkin = selectors.checkin_of(enrollment, week)
    if checkin is None:
        raise Http404("No check-in is recorded for this week.")
    if not access.is_engineer_of(request.user, enrollment):
        messages.error(request, services.NOT_THE_ENGINEER)
        return redirect("training:checkin_week", pk=enrollment.pk, week=week)
    form = ConfirmForm(request.POST)
    if form.is_valid() and attempt_form(request, form, lambda: services.checkin_confirm(
        checkin=checkin, by=request.user, confidence=form.cleaned_data["confidence"],
        notes=form.cleaned_data["notes"],
    ), "Your confidence is added to the check-in."):
        return redirect("training:checkin_week", pk=enrollment.pk, week=week)
    return _week_page(request, enrollment, week, confirm_form=form)


def my_checkins(request):
    """The check-ins the user holds: the active enrollments they mentor or manage, overdue first."""
    page = Paginator(selectors.enrollments_to_meet(request.user), 25).get_page(request.GET.get("page"))
    rows = selectors.meeting_rows(list(page.object_list))
    rows.sort(key=lambda row: (row.overdue is None, row.next_due is None, row.next_due or row.enrollment.start_date))
    page.object_list = rows
    return render(request, "training/checkins/my_checkins.html", {"page": page, "today": timezone.localdate()})
