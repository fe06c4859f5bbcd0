"""Training admin pages of tracks: the list, one track version, its export, and importing a
track or exercise file from the browser."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments import access as assessments_access
from content import access as content_access
from content.docfiles import FileProblem
from training import access

from . import selectors, services
from .forms import TrackImportForm
from .models import Track
from .trackfile import TrackFileError, render_track, spec_from_track


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
