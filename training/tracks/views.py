"""Training admin pages of tracks: the list, one track version (and linking its unlinked
steps), its export, and importing a track or exercise file from the browser."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments import access as assessments_access
from content import access as content_access
from content.docfiles import FileProblem
from training import access
from training.errors import attempt

from . import selectors, services
from .estimates import track_estimate
from .forms import TrackImportForm
from .models import Step, Track
from .trackfile import TrackFileError, render_track, spec_from_track


@access.training_admin_required
def admin_home(request):
    tracks = Track.objects.current().prefetch_related(None).order_by("name")
    return render(request, "training/admin_home.html", {
        "tracks": tracks, "imports_documents": content_access.is_content_admin(request.user),
        "imports_questions": assessments_access.can_manage(request.user),
    })


def _import_file(data):
    """Run the import the form asks for; ``(message, url, result)``: what it did (or would do),
    where to see it, and the track import's result (warnings, notes). Raises ``TrackFileError``."""
    upload, dry_run = data["file"], data["dry_run"]
    would = "Check only, nothing was changed: this file would be " if dry_run else ""
    if data["kind"] == TrackImportForm.EXERCISES:
        results = services.exercises_import(text=upload.text, filename=upload.name, dry_run=dry_run)
        created = sum(1 for _exercise, new in results if new)
        titles = ", ".join(exercise.title for exercise, _new in results)
        counts = f"{created} exercise(s) created, {len(results) - created} updated: {titles}."
        return ((f"{would}{counts}" if dry_run else f"Exercise file imported: {counts}"),
                reverse("training:admin_home"), None)
    result = services.track_file_import(text=upload.text, filename=upload.name, dry_run=dry_run,
                                        strict=data["strict"])
    track, name, version = result.track, result.spec.name, result.version
    unlinked = f" {len(result.warnings)} step(s) unlinked: link them on the track's page." if result.warnings else ""
    if result.outcome == "unchanged":
        return f"{upload.name} is the same as {track}: nothing to import.{unlinked}", track.get_absolute_url(), result
    if result.outcome == "linked":
        what = f"{result.linked} step(s) of {name} v{version} {'would be ' if dry_run else ''}linked"
        message = f"Check only, nothing was changed: {what}.{unlinked}" if dry_run else f"{what}.{unlinked}"
        return message, track.get_absolute_url(), result
    if dry_run:
        what = "a new track" if result.outcome == "created" else f"version {version} of {name}"
        return f"{would}imported as {what}.{unlinked}", None, result
    return f"{name} v{version} imported ({result.outcome}).{unlinked}", track.get_absolute_url(), result


@require_http_methods(["GET", "POST"])
@access.training_admin_required
def track_import(request):
    """Upload a track file or an exercise file: every problem with its line, in one round; a
    refused file changes nothing. Unlinked steps are named (a warning each), and what was read
    from a step's words is shown back."""
    form = TrackImportForm(request.POST, request.FILES) if request.method == "POST" else TrackImportForm()
    problems, checked, result, warnings = [], None, None, []
    if form.is_valid():
        try:
            message, url, result = _import_file(form.cleaned_data)
        except TrackFileError as error:
            problems = FileProblem.each(error.filename, error.errors)
            warnings = error.warnings
        else:
            if not form.cleaned_data["dry_run"]:
                messages.success(request, message)
                for line, warning in result.warnings if result else []:
                    messages.warning(request, f"{form.cleaned_data['file'].name}, line {line}: {warning}")
                return redirect(url)
            checked = message
    return render(request, "training/track_import.html", {
        "form": form, "problems": problems, "checked": checked, "references": selectors.track_references(),
        "warnings": result.warnings if result else warnings, "notes": result.notes if result else [],
        "filename": form.cleaned_data["file"].name if problems or checked else "",
    })


@access.training_admin_required
def track_detail(request, slug, version):
    track = get_object_or_404(Track, slug=slug, version=version)
    # Each step with its rating and open gaps: a fixed number of queries however many steps.
    stages = list(track.stages.prefetch_related(
        Prefetch("steps", queryset=selectors.steps_with_feedback().order_by("order"))).order_by("order"))
    versions = Track.objects.filter(slug=slug).order_by("-version")
    unlinked = list(track.steps.filter(linked=False).order_by("order"))
    choices = selectors.link_choices(step.target_noun for step in unlinked)
    return render(request, "training/track_detail.html", {
        "track": track, "stages": stages, "versions": versions,
        "estimate": track_estimate(step for stage in stages for step in stage.steps.all()),
        "unlinked": [(step, choices[step.target_noun]) for step in unlinked],
    })


@require_POST
@access.training_admin_required
def step_link(request, pk):
    """Link an unlinked step to the document, exercise or quiz chosen on the track's page."""
    step = get_object_or_404(Step.objects.select_related("track"), pk=pk)
    attempt(request, lambda: services.step_link(step=step, slug=request.POST.get("target", ""), by=request.user),
            f"“{step.title}” linked.")
    return redirect(step.track.get_absolute_url())


@access.training_admin_required
def track_export(request, slug, version):
    track = get_object_or_404(Track, slug=slug, version=version)
    response = HttpResponse(render_track(spec_from_track(track)), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{track.slug}-v{track.version}.md"'
    return response
