"""Pages of the workflow: an enrollment's record and steps, exercise logs and shadow shifts, the
sign-off queue, readiness and the final sign-off, enrolling an engineer. Thin: every read is in
``selectors``, every write in ``services``; a URL naming an object the user may not see is 404."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from assessments.models import Quiz
from content import walks
from content.models import Document
from content.selectors import has_opened
from training import access, pagecache
from training.errors import TrainingError, attempt, attempt_form
from training.teams.models import person_name
from training.tracks.linking import target_now
from training.tracks.models import StepKind

from . import hosts, selectors, services
from .forms import CommentForm, DecisionForm, EnrollForm, ExerciseLogForm, ReadinessForm, ShadowShiftForm
from .models import Enrollment, EnrollmentStatus, ExerciseLog, ProgressStatus, ShadowShift, StepProgress
from .queue import navigation_flags, queue_items, signoff_queue_keys
from .readiness import states_of

# --- The engineer --------------------------------------------------------------------------


def enrollment_detail(request, pk):
    enrollment = get_object_or_404(Enrollment.objects.visible_to(request.user).with_people(), pk=pk)
    return _enrollment_page(request, enrollment)


def _enrollment_page(request, enrollment, *, sign_off_comment="", sign_off_error=""):
    """The enrollment's page; a refused final sign-off shows here again, its comment kept. The
    packages above the workflow add their panels (``settings.ENROLLMENT_PAGE_PANELS``: functions of
    the request, the enrollment and its overview that return HTML), as the workflow cannot import them."""
    overview = selectors.enrollment_overview(enrollment)
    return render(request, "training/enrollment_detail.html", {
        "enrollment": enrollment,
        "overview": overview,
        "panels": [import_string(panel)(request, enrollment, overview) for panel in settings.ENROLLMENT_PAGE_PANELS],
        "history": selectors.history(enrollment),
        "is_engineer": access.is_engineer_of(request.user, enrollment),
        "may_manage": access.may_manage(request.user, enrollment),
        "sign_off_comment": sign_off_comment, "sign_off_error": sign_off_error,
    })


def _progress_for(request, pk):
    return get_object_or_404(
        StepProgress.objects.filter(enrollment__in=Enrollment.objects.visible_to(request.user))
        .select_related("enrollment__track", "enrollment__engineer", "enrollment__mentor",
                        "enrollment__manager", "step__stage", "step__exercise"),
        pk=pk,
    )


def step_detail(request, pk):
    return _step_page(request, _progress_for(request, pk))


def _step_page(request, progress, *, form=None):
    """The step's page; ``form``: the engineer's form as posted, shown again with its values
    and its errors beside the fields when it was refused."""
    enrollment, step = progress.enrollment, progress.step
    is_engineer = access.is_engineer_of(request.user, enrollment)
    context = {
        "progress": progress, "enrollment": enrollment, "step": step, "is_engineer": is_engineer,
        "history": selectors.step_history(progress),
        # The engineer's form is shown while the step takes one (a refusal otherwise shows alone).
        "show_form": is_engineer and enrollment.status == EnrollmentStatus.ACTIVE and not progress.is_done
        and progress.status != ProgressStatus.SUBMITTED,
    }
    if step.kind == StepKind.EXERCISE:
        logs = list(progress.exercise_logs.select_related("decided_by"))
        returned = logs[0] if logs and progress.status == ProgressStatus.RETURNED else None
        context["logs"] = logs
        if step.exercise_id:  # an unlinked step has no exercise, and no form, until it is linked
            context["form"] = form or ExerciseLogForm(checklist=step.exercise.checklist, returned=returned)
        else:
            context["show_form"] = False
    elif step.kind == StepKind.SHADOW:
        hours, leads = services.shadow_totals(progress)
        context.update(shifts=selectors.shifts_of(progress), confirmed_hours=hours, confirmed_leads=leads,
                       form=form or ShadowShiftForm(hosts=_hosts_for(enrollment)))
    elif step.kind == StepKind.READ:
        # An unlinked reading whose document has been imported since is offered: marking it read links it.
        slug = step.ref if step.linked else target_now(step)
        context["linkable"] = bool(slug) and not step.linked
        context["document"] = document = Document.objects.filter(slug=slug).first() if slug else None
        # "I have read it" works once the engineer has opened the document's page.
        context["opened"] = document is not None and is_engineer and has_opened(user=request.user, document=document)
        if step.walk and document is not None:  # done by a practice walk of its decision tree, not "I have read it"
            context.update(walk_url=walks.walk_url(document, step.walk, user=request.user),
                           walk_outcome=walks.outcome_title(document, step.walk) or step.walk)
    elif step.kind in (StepKind.QUIZ, StepKind.VALIDATION):
        context["quiz"] = Quiz.objects.filter(slug=step.ref).first()
    return render(request, "training/step_detail.html", context)


def _hosts_for(enrollment):
    """The picker lists only who may host the engineer's shifts (``hosts.allowed_hosts``)."""
    return hosts.allowed_hosts(enrollment)


def _back_to(progress):
    return redirect("training:step_detail", pk=progress.pk)


@require_POST
def step_start(request, pk):
    progress = _progress_for(request, pk)
    attempt(request, lambda: services.step_start(progress=progress, by=request.user), "Step started.")
    return _back_to(progress)


@require_POST
def step_complete(request, pk):
    progress = _progress_for(request, pk)
    if progress.step.kind == StepKind.READ:
        attempt(request, lambda: services.step_mark_read(progress=progress, by=request.user),
                "Marked as read.")
    else:
        attempt(request, lambda: services.step_complete_checklist(progress=progress, by=request.user),
                "Done.")
    return _back_to(progress)


@require_POST
def exercise_log_submit(request, pk):
    progress = _progress_for(request, pk)
    if progress.step.kind != StepKind.EXERCISE:
        messages.error(request, "This step is not an exercise.")
        return _back_to(progress)
    if not progress.step.exercise_id:
        messages.error(request, services.not_linked_message(progress.step))
        return _back_to(progress)
    form = ExerciseLogForm(request.POST, checklist=progress.step.exercise.checklist)
    if form.is_valid() and attempt_form(request, form, lambda: services.exercise_log_submit(
        progress=progress, by=request.user, notes=form.cleaned_data["notes"], ticks=form.cleaned_data["ticks"]
    ), "Exercise log submitted: your mentor and manager have been told."):
        return _back_to(progress)
    return _step_page(request, progress, form=form)  # refused: the notes and ticks stay


@require_POST
def shadow_shift_log(request, pk):
    progress = _progress_for(request, pk)
    form = ShadowShiftForm(request.POST, hosts=_hosts_for(progress.enrollment))
    data = form.cleaned_data if form.is_valid() else None
    if data and attempt_form(request, form, lambda: services.shadow_shift_log(
        progress=progress, by=request.user, date=data["date"], hours=data["hours"], host=data["host"],
        role=data["role"], notes=data["notes"], incidents=data["incidents"],
    ), "Shadow shift logged: the host has been asked to confirm it."):
        return _back_to(progress)
    return _step_page(request, progress, form=form)  # refused: every value typed stays


# --- The people who sign -------------------------------------------------------------------------


def _decide(request, kind, obj, decide, success):
    """A decision from the sign-off queue. ``decide(comment, decision)`` calls the service;
    ``success(decision)`` is the message. With htmx: the card becomes the decision, and the
    queue's count (its heading, the navigation's badge) moves with it; a refused decision keeps
    the card, the comment typed and the reason under it. A plain form goes back to the queue."""
    form = DecisionForm(request.POST)
    error = None
    if form.is_valid():
        try:
            decide(form.cleaned_data["comment"], form.cleaned_data["decision"])
        except TrainingError as exc:
            error = str(exc)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    obj.refresh_from_db()
    if error is None:
        messages.success(request, success(form.cleaned_data["decision"]))
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(reverse("training:queue"))
    context = {"kind": kind, "obj": obj, "ok": error is None,
               "queue_count": navigation_flags(request.user)["queue_count"]}
    since = obj.submitted_at if kind == "log" else obj.created_at
    still_waiting = error and queue_items([(kind, obj.pk, since)], request.user)
    if still_waiting:  # refused, still the user's to decide: the same card, with the reason
        return render(request, "training/includes/queue_item.html", {
            **context, "item": still_waiting[0], "item_error": error, "item_comment": request.POST.get("comment", ""),
        })
    if error:
        messages.error(request, error)
    return render(request, "training/includes/queue_decided.html", context)


@require_POST
def exercise_log_decide(request, pk):
    log = get_object_or_404(
        ExerciseLog.objects.filter(progress__enrollment__in=Enrollment.objects.visible_to(request.user)), pk=pk
    )

    def decide(comment, decision):
        if decision == "verify":
            return services.exercise_log_verify(log=log, by=request.user, comment=comment)
        return services.exercise_log_return(log=log, by=request.user, comment=comment)

    return _decide(request, "log", log, decide, lambda decision: "Exercise log verified." if decision == "verify"
                   else "Exercise log returned with your comment.")


@require_POST
def shadow_shift_decide(request, pk):
    shift = get_object_or_404(ShadowShift.objects.visible_to(request.user).distinct(), pk=pk)

    def decide(comment, decision):
        if decision == "confirm":
            return services.shadow_shift_confirm(shift=shift, by=request.user, comment=comment)
        return services.shadow_shift_dispute(shift=shift, by=request.user, comment=comment)

    return _decide(request, "shift", shift, decide, lambda decision: "Shadow shift confirmed." if decision == "confirm"
                   else "Shadow shift disputed.")


def queue(request):
    # Page the (kind, id, timestamp) keys; build only the page's 25 items.
    keys = signoff_queue_keys(request.user)
    page = Paginator(keys, 25).get_page(request.GET.get("page"))
    page.object_list = queue_items(page.object_list, request.user)
    # The navigation's queue badge and grading count are counts of these keys: not asked again.
    roles = pagecache.for_user("navigation", request,
                               lambda: navigation_flags(request.user, queue_count=len(keys)))
    return render(request, "training/queue.html", {
        "page": page, "total": len(keys), "roles": roles,
        "grading_count": sum(1 for kind, _pk, _since in keys if kind == "review"),
    })


def readiness(request, pk):
    enrollment = get_object_or_404(Enrollment.objects.visible_to(request.user).with_people(), pk=pk)
    if not access.may_manage(request.user, enrollment):
        return HttpResponse(status=403)
    form = ReadinessForm(request.POST or None, states=states_of(enrollment))
    if request.method == "POST" and form.is_valid():
        done = attempt_form(request, form, lambda: services.readiness_complete(
            enrollment=enrollment, by=request.user, checked=form.checked()
        ), "Readiness checklist complete. You can now sign the engineer off.")
        if done:
            return redirect("training:enrollment_detail", pk=enrollment.pk)
    return render(request, "training/readiness_form.html", {
        "enrollment": enrollment, "form": form, "open_steps": services.open_required_steps(enrollment).count(),
    })


@require_POST
def sign_off(request, pk):
    enrollment = get_object_or_404(Enrollment.objects.visible_to(request.user).with_people(), pk=pk)
    form = CommentForm(request.POST)
    form.is_valid()
    if access.may_manage(request.user, enrollment) and (refusal := access.reauth_refusal(request)):
        # A small page asking for the password, keeping the comment; nothing is recorded yet. A page
        # like any other (200), not an error: the person is allowed, they only have to confirm it is them.
        return render(request, "training/reauth_sign_off.html", {
            "enrollment": enrollment, "comment": form.cleaned_data.get("comment", ""), "refusal": refusal,
            "second_factor": access.has_second_factor(request.user),
        })
    comment = form.cleaned_data.get("comment", "")
    try:
        services.enrollment_sign_off(enrollment=enrollment, by=request.user, comment=comment)
    except TrainingError as exc:
        return _enrollment_page(request, enrollment, sign_off_comment=request.POST.get("comment", ""),
                                sign_off_error=str(exc))
    messages.success(request, f"{person_name(enrollment.engineer)} is signed off as ready for on-call.")
    return redirect("training:enrollment_detail", pk=enrollment.pk)


# --- The manager -------------------------------------------------------------------------------


@access.manager_required
def enroll(request):
    User = get_user_model()
    engineers = access.team_members_managed_by(request.user).exclude(pk=request.user.pk).order_by(
        "first_name", "last_name")
    mentors = User.objects.filter(is_active=True).exclude(pk=request.user.pk).order_by("first_name", "last_name")
    form = EnrollForm(request.POST or None, engineers=engineers, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enrollment = attempt(request, lambda: services.enrollment_create(
            engineer=data["engineer"], track=data["track"], by=request.user, mentor=data["mentor"],
            target_date=data["target_date"],
        ), f"Enrolled {person_name(data['engineer'])} in {data['track'].name}.")
        if enrollment:
            return redirect("training:enrollment_detail", pk=enrollment.pk)
    return render(request, "training/enrollment_form.html", {"form": form})
