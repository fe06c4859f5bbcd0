"""The library pages. Thin: read through selectors, change through services, ask access.py."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, selectors, services
from .forms import DocumentImportForm, LibraryFilterForm, ScenarioSearchForm, VersionDiffForm
from .models import ReadStatus
from .rendering import diff_lines, render_markdown

PAGE_SIZE = 20


def _page(request, queryset, per_page=PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _render(request, template, context):
    """Render a library page; every page's tabs need to know whether to offer the review queue."""
    context.setdefault("is_content_admin", access.is_content_admin(request.user))
    return render(request, template, context)


def _safe_next(request):
    """The page to go back to (``?next=``, e.g. a reading step of the training), if it is ours."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


def _next_or(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@require_GET
def library(request):
    form = LibraryFilterForm(request.GET or None)
    query = category = ""
    if form.is_valid():
        query, category = form.cleaned_data["q"], form.cleaned_data["category"]
    page = _page(request, selectors.library_documents(query=query, category=category))
    status = selectors.reading_status(user=request.user, documents=page.object_list)
    rows = [(document, status.get(document.pk, ReadStatus.UNREAD)) for document in page.object_list]
    return _render(request, "content/document_list.html", {
        "form": form, "page": page, "rows": rows, "filtered": bool(query or category),
        "tab": "library",
    })


@require_GET
def document_detail(request, slug):
    document = get_object_or_404(selectors.document_with_history(), slug=slug)
    services.document_opened(user=request.user, document=document)
    versions = list(document.versions.all())
    acknowledgement = selectors.last_acknowledgement(user=request.user, document=document)
    return _render(request, "content/document_detail.html", {
        "document": document, "next_url": _safe_next(request),
        "rendered": render_markdown(document.body, links=selectors.document_links(document=document)),
        "versions": versions,
        "status": selectors.reading_status(user=request.user, documents=[document])[document.pk],
        "acknowledgement": acknowledgement,
        "may_acknowledge": document.current_version_id is not None
        and (acknowledgement is None or acknowledgement.version_id != document.current_version_id),
        "may_compare": sum(1 for version in versions if version.body_recorded) >= 2,
        "tab": "library",
    })


@require_POST
def document_acknowledge(request, slug):
    document = get_object_or_404(selectors.document_with_history(), slug=slug)
    try:
        acknowledgement = services.document_acknowledge(user=request.user, document=document)
    except services.ContentError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Marked “{document.title}” version {acknowledgement.version.number} as read."
        )
    return _next_or(request, document.get_absolute_url())


@require_GET
def document_diff(request, slug):
    document = get_object_or_404(selectors.document_with_history(), slug=slug)
    versions = list(document.versions.all())
    recorded = [version for version in versions if version.body_recorded]
    by_number = {version.number: version for version in recorded}
    form = VersionDiffForm(request.GET or None, versions=versions)
    old = new = None
    if form.is_bound and form.is_valid():
        old, new = by_number[form.cleaned_data["old"]], by_number[form.cleaned_data["new"]]
        if old.sort_key > new.sort_key:
            old, new = new, old
    elif not form.is_bound and len(recorded) >= 2:
        old, new = recorded[1], recorded[0]
        form = VersionDiffForm(versions=versions, initial={"old": old.number, "new": new.number})
    lines = diff_lines(f"# {old.title}\n\n{old.body}", f"# {new.title}\n\n{new.body}") if old else []
    return _render(request, "content/document_diff.html", {
        "document": document, "form": form, "old": old, "new": new, "lines": lines,
        "enough_versions": len(recorded) >= 2, "tab": "library",
    })


@require_GET
def path_list(request):
    page = _page(request, selectors.learning_paths())
    progress, _status = selectors.path_progress(user=request.user, paths=page.object_list)
    rows = [(path, progress[path.pk]) for path in page.object_list]
    return _render(request, "content/learningpath_list.html", {"page": page, "rows": rows, "tab": "paths"})


@require_GET
def path_detail(request, slug):
    path = get_object_or_404(selectors.learning_paths(), slug=slug)
    progress, status = selectors.path_progress(user=request.user, paths=[path])
    items = [(item, status.get(item.document_id, ReadStatus.UNREAD)) for item in path.items.all()]
    return _render(request, "content/learningpath_detail.html", {
        "path": path, "progress": progress[path.pk], "items": items, "tab": "paths",
    })


@require_GET
def scenario_list(request):
    form = ScenarioSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = _page(request, selectors.scenarios(query=query))
    return _render(request, "content/scenario_list.html", {
        "form": form, "page": page, "query": query, "tab": "scenarios",
    })


@require_GET
@access.content_admin_required
def review_queue(request):
    page = _page(request, selectors.review_queue())
    return _render(request, "content/document_review_queue.html", {"page": page, "tab": "review"})


@require_POST
@access.content_admin_required
def document_mark_reviewed(request, slug):
    document = get_object_or_404(selectors.document_with_history(), slug=slug)
    try:
        document = services.document_mark_reviewed(document=document, user=request.user)
    except services.ContentError as error:
        messages.error(request, str(error))
    else:
        due = f" Next review due {document.review_due:%d %b %Y}." if document.review_due else ""
        messages.success(request, f"Marked “{document.title}” as reviewed today.{due}")
    return _next_or(request, "content:review_queue")


@require_http_methods(["GET", "POST"])
@access.content_admin_required
def document_import(request):
    """Upload Markdown files or a zip: all or nothing; a check-only run shows what would change."""
    form = DocumentImportForm(request.POST, request.FILES) if request.method == "POST" else DocumentImportForm()
    report = problems = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.library_import_uploads(uploads=data["files"], major=data["major"],
                                                     dry_run=data["dry_run"], owner=data["owner"] or request.user)
        except services.ImportRefused as refused:
            problems = refused.problems
        else:
            if not report.dry_run:
                messages.success(request, report.summary)
                return redirect("content:library")
    return _render(request, "content/document_import.html", {
        "form": form, "report": report, "problems": problems, "tab": "import",
    })


@require_GET
@access.content_admin_required
def library_download(request):
    """The whole library as a zip of Markdown: edit it, then upload it on the import page."""
    filename = "shiftready-library.zip"
    response = HttpResponse(services.library_export_zip(filename=filename), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

