"""The first on-call shifts page of an enrollment: the schedule (with the form to set or change
it), the dated countdown the engineer ticks, and the confirmation "on the rota without backup".
Thin: reads in ``selectors``, writes in ``services``. Seen by those who see the enrollment and by
the backup; anyone else gets 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from training import access
from training.errors import attempt, attempt_form
from training.teams.models import person_name
from training.tracks.models import Step
from training.workflow.models import Enrollment, EnrollmentStatus

from . import selectors, services
from .forms import FirstShiftsForm


def _enrollment(request, pk):
    """The enrollment, when the user may see it or backs its engineer up."""
    if not request.user.is_authenticated:
        raise Http404
    visible = Enrollment.objects.visible_to(request.user).values("pk")
    return get_object_or_404(Enrollment.objects.with_people().filter(
        Q(pk__in=visible) | Q(first_shifts__backup=request.user)), pk=pk)


def first_shifts(request, pk):
    return _page(request, _enrollment(request, pk))


def _page(request, enrollment, *, form=None):
    first = selectors.first_shifts_of(enrollment)
    may_schedule = access.may_schedule_first_shifts(request.user, enrollment)
    today = timezone.localdate()
    context = {
        "enrollment": enrollment, "first": first, "may_schedule": may_schedule, "today": today,
        "is_engineer": access.is_engineer_of(request.user, enrollment),
        "plan": selectors.report_plan(enrollment) if first else None,
        "steps": selectors.countdown_steps(enrollment.track_id),
        # A backup who is no longer eligible (their certificate expired, they left the team) is said.
        "backup_problem": selectors.backup_refusal(enrollment, first.backup) if first and not first.on_rota_at else "",
    }
    if may_schedule and enrollment.status == EnrollmentStatus.READY and (first is None or first.on_rota_at is None):
        candidates = selectors.backup_candidates(enrollment)
        initial = {"backed_weeks": 2}
        if first:
            local = timezone.localtime(first.first_shift_at)
            initial = {"date": local.date(), "time": local.time(), "backup": first.backup_id,
                       "backed_weeks": first.backed_weeks}
        context["form"] = form or FirstShiftsForm(candidates=candidates, initial=initial)
        context["no_candidates"] = not candidates
    return render(request, "training/rota/first_shifts.html", context)


@require_POST
def first_shifts_schedule(request, pk):
    enrollment = _enrollment(request, pk)
    if not access.may_schedule_first_shifts(request.user, enrollment):
        messages.error(request, services.NOT_SCHEDULER)
        return redirect("training:first_shifts", pk=enrollment.pk)
    form = FirstShiftsForm(request.POST, candidates=selectors.backup_candidates(enrollment))
    if form.is_valid() and attempt_form(request, form, lambda: services.first_shifts_schedule(
        enrollment=enrollment, by=request.user, first_shift_at=form.first_shift_at(),
        backup=form.cleaned_data["backup"], backed_weeks=form.cleaned_data["backed_weeks"],
    ), f"First on-call shifts of {person_name(enrollment.engineer)} saved: the countdown is dated from the first "
       "shift."):
        return redirect("training:first_shifts", pk=enrollment.pk)
    return _page(request, enrollment, form=form)  # refused: what was typed stays


@require_POST
def countdown_tick(request, pk, step):
    enrollment = _enrollment(request, pk)
    first = selectors.first_shifts_of(enrollment)
    step = Step.objects.filter(pk=step, track=enrollment.track_id, before_first_shift__isnull=False).first()
    if step is None:
        raise Http404("No such step in the countdown to the first shift.")
    if first is None:
        messages.error(request, "No first shift is scheduled yet: the countdown starts once it is.")
        return redirect("training:first_shifts", pk=enrollment.pk)
    attempt(request, lambda: services.countdown_tick(first_shifts=first, step=step, by=request.user),
            f"“{step.title}” ticked.")
    return redirect("training:first_shifts", pk=enrollment.pk)


@require_POST
def first_shifts_on_rota(request, pk):
    enrollment = _enrollment(request, pk)
    first = selectors.first_shifts_of(enrollment)
    if first is None:
        messages.error(request, "No first shift is scheduled yet: schedule it first.")
        return redirect("training:first_shifts", pk=enrollment.pk)
    attempt(request, lambda: services.first_shifts_on_rota(first_shifts=first, by=request.user),
            f"{person_name(enrollment.engineer)} is on the rota without backup.")
    return redirect("training:first_shifts", pk=enrollment.pk)


def enrollment_panel(request, enrollment, overview):
    """The first on-call shifts on the enrollment's page (``settings.ENROLLMENT_PAGE_PANELS``), once
    the engineer is signed off: when and with whom, or that they are not scheduled yet."""
    if enrollment.status != EnrollmentStatus.READY:
        return ""
    first = selectors.first_shifts_of(enrollment)
    return render_to_string("training/rota/includes/first_shifts_panel.html", {
        "enrollment": enrollment, "first": first, "plan": selectors.plan_of(first) if first else None,
    }, request=request)


def my_first_shifts(request):
    """The first on-call shifts the user takes, backs up or schedules, not on the rota yet."""
    page = Paginator(selectors.waiting_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "training/rota/my_first_shifts.html", {"page": page, "today": timezone.localdate()})
