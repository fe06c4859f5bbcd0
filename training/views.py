from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import access as assessments_access
from content import access as content_access
from content.docfiles import FileProblem

from . import access, pagecache, recertification, selectors, services
from .forms import CommentForm, EnrollForm, ExerciseLogForm, ReadinessForm, ShadowShiftForm, TrackImportForm
from .models import Enrollment, ExerciseLog, ShadowShift, StepKind, StepProgress, Track, person_name
from .services import TrainingError
from .trackfile import TrackFileError, render_track, spec_from_track


def home(request):
    """Send each person to their own start page."""
    user = request.user
    if access.is_manager(user):
        return redirect("training:team")
    if access.is_training_admin(user):
        return redirect("training:admin_home")
    return redirect("training:my_training")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _attempt(request, action, success):
    """Run a service call; a refusal becomes an error message. Returns the result or None."""
    try:
        result = action()
    except TrainingError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, success)
    return result


# --- The engineer --------------------------------------------------------------------------


def my_training(request):
    def build():
        # renews__track: the certifications below reuse these enrollments instead of loading them again.
        enrollments = list(selectors.enrollments_of(request.user).select_related("renews__track"))
        active = [e for e in enrollments if e.status == "active"]
        overview = selectors.enrollment_overview(active[0]) if active else None
        return render_to_string("training/includes/my_training_content.html", {
            "enrollments": enrollments, "overview": overview,
            "certifications": [c for c in recertification.certifications_of(request.user, enrollments=active)
                               if c.certificate is not None],
            "reread_items": recertification.open_reread_items(request.user),
        }, request=request)

    return render(request, "training/my_training.html",
                  {"content": pagecache.for_user("my_training", request, build)})


def enrollment_detail(request, pk):
    enrollment = get_object_or_404(Enrollment.objects.visible_to(request.user).with_people(), pk=pk)
    return render(request, "training/enrollment_detail.html", {
        "enrollment": enrollment,
        "overview": selectors.enrollment_overview(enrollment),
        "history": selectors.history(enrollment),
        "is_engineer": access.is_engineer_of(request.user, enrollment),
        "may_manage": access.may_manage(request.user, enrollment),
    })


def _progress_for(request, pk):
    return get_object_or_404(
        StepProgress.objects.filter(enrollment__in=Enrollment.objects.visible_to(request.user))
        .select_related("enrollment__track", "enrollment__engineer", "enrollment__mentor",
                        "enrollment__manager", "step__stage", "step__exercise"),
        pk=pk,
    )


def step_detail(request, pk):
    progress = _progress_for(request, pk)
    enrollment, step = progress.enrollment, progress.step
    is_engineer = access.is_engineer_of(request.user, enrollment)
    context = {
        "progress": progress, "enrollment": enrollment, "step": step, "is_engineer": is_engineer,
        "history": selectors.step_history(progress),
    }
    if step.kind == StepKind.EXERCISE:
        context["logs"] = progress.exercise_logs.select_related("decided_by")
        context["form"] = ExerciseLogForm(checklist=step.exercise.checklist)
    elif step.kind == StepKind.SHADOW:
        hours, leads = services.shadow_totals(progress)
        context.update(shifts=selectors.shifts_of(progress), confirmed_hours=hours, confirmed_leads=leads,
                       form=ShadowShiftForm(hosts=_hosts_for(enrollment)))
    elif step.kind == StepKind.READ:
        from content.models import Document

        context["document"] = Document.objects.filter(slug=step.ref).first()
    elif step.kind in (StepKind.QUIZ, StepKind.VALIDATION):
        from assessments.models import Quiz

        context["quiz"] = Quiz.objects.filter(slug=step.ref).first()
    return render(request, "training/step_detail.html", context)


def _hosts_for(enrollment):
    return get_user_model().objects.filter(is_active=True).exclude(pk=enrollment.engineer_id).order_by(
        "first_name", "last_name", "username")


def _back_to(progress):
    return redirect("training:step_detail", pk=progress.pk)


@require_POST
def step_start(request, pk):
    progress = _progress_for(request, pk)
    _attempt(request, lambda: services.step_start(progress=progress, by=request.user), "Step started.")
    return _back_to(progress)


@require_POST
def step_complete(request, pk):
    progress = _progress_for(request, pk)
    if progress.step.kind == StepKind.READ:
        _attempt(request, lambda: services.step_mark_read(progress=progress, by=request.user),
                 "Marked as read.")
    else:
        _attempt(request, lambda: services.step_complete_checklist(progress=progress, by=request.user),
                 "Done.")
    return _back_to(progress)


@require_POST
def exercise_log_submit(request, pk):
    progress = _progress_for(request, pk)
    if progress.step.kind != StepKind.EXERCISE:
        messages.error(request, "This step is not an exercise.")
        return _back_to(progress)
    form = ExerciseLogForm(request.POST, checklist=progress.step.exercise.checklist)
    if form.is_valid():
        _attempt(request, lambda: services.exercise_log_submit(
            progress=progress, by=request.user, notes=form.cleaned_data["notes"], ticks=form.cleaned_data["ticks"]
        ), "Exercise log submitted: your mentor and manager have been told.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back_to(progress)


@require_POST
def shadow_shift_log(request, pk):
    progress = _progress_for(request, pk)
    form = ShadowShiftForm(request.POST, hosts=_hosts_for(progress.enrollment))
    if form.is_valid():
        data = form.cleaned_data
        _attempt(request, lambda: services.shadow_shift_log(
            progress=progress, by=request.user, date=data["date"], hours=data["hours"], host=data["host"],
            role=data["role"], notes=data["notes"], incidents=data["incidents"],
        ), "Shadow shift logged: the host has been asked to confirm it.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back_to(progress)


# --- The people who sign -------------------------------------------------------------------------


def _decided(request, item_kind, obj, *, ok):
    """After a decision: htmx swaps the queue row in place; a plain form goes back to the queue."""
    if request.htmx:
        return render(request, "training/includes/queue_decided.html", {"kind": item_kind, "obj": obj, "ok": ok})
    return redirect(reverse("training:queue"))


@require_POST
def exercise_log_decide(request, pk):
    log = get_object_or_404(
        ExerciseLog.objects.filter(progress__enrollment__in=Enrollment.objects.visible_to(request.user)), pk=pk
    )
    form = CommentForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    if request.POST.get("decision") == "verify":
        result = _attempt(request, lambda: services.exercise_log_verify(log=log, by=request.user, comment=comment),
                          "Exercise log verified.")
    else:
        result = _attempt(request, lambda: services.exercise_log_return(log=log, by=request.user, comment=comment),
                          "Exercise log returned with your comment.")
    log.refresh_from_db()
    return _decided(request, "log", log, ok=result is not None)


@require_POST
def shadow_shift_decide(request, pk):
    shift = get_object_or_404(ShadowShift.objects.visible_to(request.user).distinct(), pk=pk)
    form = CommentForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    if request.POST.get("decision") == "confirm":
        result = _attempt(request, lambda: services.shadow_shift_confirm(shift=shift, by=request.user,
                                                                          comment=comment), "Shadow shift confirmed.")
    else:
        result = _attempt(request, lambda: services.shadow_shift_dispute(shift=shift, by=request.user,
                                                                          comment=comment), "Shadow shift disputed.")
    shift.refresh_from_db()
    return _decided(request, "shift", shift, ok=result is not None)


def queue(request):
    # Page the (kind, id, timestamp) keys; build only the page's 25 items.
    keys = selectors.signoff_queue_keys(request.user)
    page = Paginator(keys, 25).get_page(request.GET.get("page"))
    page.object_list = selectors.queue_items(page.object_list, request.user)
    return render(request, "training/queue.html", {"page": page, "total": len(keys)})


def readiness(request, pk):
    enrollment = get_object_or_404(Enrollment.objects.visible_to(request.user).with_people(), pk=pk)
    if not access.may_manage(request.user, enrollment):
        return HttpResponse(status=403)
    form = ReadinessForm(request.POST or None, track=enrollment.track)
    if request.method == "POST" and form.is_valid():
        done = _attempt(request, lambda: services.readiness_complete(
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
        # A small page asking for the password, keeping the comment; nothing is recorded yet.
        return render(request, "training/reauth_sign_off.html", {
            "enrollment": enrollment, "comment": form.cleaned_data.get("comment", ""), "refusal": refusal,
        }, status=403)
    name = person_name(enrollment.engineer)
    _attempt(request, lambda: services.enrollment_sign_off(
        enrollment=enrollment, by=request.user, comment=form.cleaned_data.get("comment", "")
    ), f"{name} is signed off as ready for on-call.")
    return redirect("training:enrollment_detail", pk=enrollment.pk)


# --- The manager -------------------------------------------------------------------------------


@access.manager_required
def team(request):
    # Paged in the database: the certifications and re-reads of the page's engineers only, and
    # every string a row shows computed here rather than in the template.
    page = Paginator(selectors.team_enrollments(manager=request.user), 25).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    certs = recertification.certifications({row.engineer for row in rows})
    rereads = selectors.open_reread_counts([row.engineer_id for row in rows])
    today, now = timezone.localdate(), timezone.now()
    for row in rows:
        selectors.team_row_display(row, certification=certs.get((row.engineer_id, row.certified_track_slug)),
                                   rereads=rereads.get(row.engineer_id, 0), today=today, now=now)
    page.object_list = rows
    return render(request, "training/team.html", {"page": page, "teams": selectors.teams_of(request.user),
                                                  "today": today})


@access.manager_required
def enroll(request):
    User = get_user_model()
    engineers = access.team_members_managed_by(request.user).exclude(pk=request.user.pk).order_by(
        "first_name", "last_name")
    mentors = User.objects.filter(is_active=True).exclude(pk=request.user.pk).order_by("first_name", "last_name")
    form = EnrollForm(request.POST or None, engineers=engineers, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enrollment = _attempt(request, lambda: services.enrollment_create(
            engineer=data["engineer"], track=data["track"], by=request.user, mentor=data["mentor"],
            target_date=data["target_date"],
        ), f"Enrolled {person_name(data['engineer'])} in {data['track'].name}.")
        if enrollment:
            return redirect("training:enrollment_detail", pk=enrollment.pk)
    return render(request, "training/enrollment_form.html", {"form": form})


# --- Training admin ----------------------------------------------------------------------------


@access.training_admin_required
def admin_home(request):
    tracks = Track.objects.current().prefetch_related(None).order_by("name")
    return render(request, "training/admin_home.html", {
        "tracks": tracks, "imports_documents": content_access.is_content_admin(request.user),
        "imports_questions": assessments_access.can_manage(request.user),
    })


def _import_file(data):
    """Run the import the form asks for; ``(message, url)``: what it did (or would do) and where
    to see it. Raises ``TrackFileError``."""
    upload, dry_run = data["file"], data["dry_run"]
    would = "Check only, nothing was changed: this file would be " if dry_run else ""
    if data["kind"] == TrackImportForm.EXERCISES:
        results = services.exercises_import(text=upload.text, filename=upload.name, dry_run=dry_run)
        created = sum(1 for _exercise, new in results if new)
        titles = ", ".join(exercise.title for exercise, _new in results)
        counts = f"{created} exercise(s) created, {len(results) - created} updated: {titles}."
        return (f"{would}{counts}" if dry_run else f"Exercise file imported: {counts}"), reverse("training:admin_home")
    track, outcome = services.track_import(text=upload.text, filename=upload.name, dry_run=dry_run)
    if outcome == "unchanged":
        return f"{upload.name} is the same as {track}: nothing to import.", track.get_absolute_url()
    if dry_run:
        what = "a new track" if track is None else f"version {track.version + 1} of {track.name}"
        return f"{would}imported as {what}.", None
    return f"{track.name} v{track.version} imported ({outcome}).", track.get_absolute_url()


@require_http_methods(["GET", "POST"])
@access.training_admin_required
def track_import(request):
    """Upload a track file or an exercise file: all or nothing, every problem with its line."""
    form = TrackImportForm(request.POST, request.FILES) if request.method == "POST" else TrackImportForm()
    problems, checked = [], None
    if form.is_valid():
        try:
            message, url = _import_file(form.cleaned_data)
        except TrackFileError as error:
            problems = FileProblem.each(error.filename, error.errors)
        else:
            if not form.cleaned_data["dry_run"]:
                messages.success(request, message)
                return redirect(url)
            checked = message
    return render(request, "training/track_import.html", {
        "form": form, "problems": problems, "checked": checked, "references": selectors.track_references(),
    })


@access.training_admin_required
def track_detail(request, slug, version):
    track = get_object_or_404(Track, slug=slug, version=version)
    stages = track.stages.prefetch_related("steps__exercise").order_by("order")
    versions = Track.objects.filter(slug=slug).order_by("-version")
    return render(request, "training/track_detail.html", {"track": track, "stages": stages, "versions": versions})


@access.training_admin_required
def track_export(request, slug, version):
    track = get_object_or_404(Track, slug=slug, version=version)
    response = HttpResponse(render_track(spec_from_track(track)), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{track.slug}-v{track.version}.md"'
    return response
