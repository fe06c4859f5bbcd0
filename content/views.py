"""The library pages. Thin: read through selectors, change through services, ask access.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, selectors, services, signals, walks
from .forms import (
    DocumentImportForm,
    GapCloseForm,
    GapReportForm,
    LibraryFilterForm,
    RatingForm,
    ScenarioSearchForm,
    VersionDiffForm,
)
from .models import Document, ReadStatus
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
    return _document_page(request, document)


def _document_page(request, document, *, gap_form=None):
    """The document's page; ``gap_form``: a refused gap report, shown again with its text."""
    versions = list(document.versions.all())
    acknowledgement = selectors.last_acknowledgement(user=request.user, document=document)
    feedback = selectors.document_feedback(user=request.user, document=document)
    return _render(request, "content/document_detail.html", {
        "document": document, "next_url": _safe_next(request),
        "rendered": render_markdown(document.body, links=selectors.document_links(document=document)),
        "versions": versions,
        "status": selectors.reading_status(user=request.user, documents=[document])[document.pk],
        "acknowledgement": acknowledgement,
        "may_acknowledge": document.current_version_id is not None
        and (acknowledgement is None or acknowledgement.version_id != document.current_version_id),
        "may_compare": sum(1 for version in versions if version.body_recorded) >= 2,
        "feedback": feedback, "rating_form": RatingForm(initial={"score": feedback.my_score}),
        "gap_form": gap_form or GapReportForm(), "may_close_gaps": access.may_close_gaps(request.user, document),
        "walkable": walks.tree_of(document) is not None, "tab": "library",
    })


@require_POST
def document_rate(request, slug):
    document = get_object_or_404(selectors.document_with_history(), slug=slug)
    try:
        rating = services.document_rate(user=request.user, document=document, score=request.POST.get("score"))
    except services.ContentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You rated “{document.title}” {rating.score} out of 5. Thank you.")
    return redirect(document)


@require_POST
def gap_report(request, slug):
    document = get_object_or_404(selectors.document_with_history(), slug=slug)
    form = GapReportForm(request.POST)
    if form.is_valid():
        try:
            services.gap_report(reporter=request.user, document=document, text=form.cleaned_data["text"])
        except services.ContentError as error:
            form.add_error("text", str(error))
        else:
            owner = document.owner
            owner = (owner.get_full_name() or owner.username) if owner else "a training admin"
            messages.success(request, f"Gap reported: it waits in the review queue of {owner} until a new "
                                      "version addresses it.")
            return redirect(document)
    messages.error(request, "The gap was not reported: see below.")
    return _document_page(request, document, gap_form=form)


@require_http_methods(["GET", "POST"])
def document_gaps(request, slug):
    """The owner's (or a training admin's) page of a document's open gaps: tick those a version
    recorded after them addresses. Anyone else: 404."""
    document = get_object_or_404(selectors.document_with_history(), slug=slug)
    if not access.may_close_gaps(request.user, document):
        raise Http404
    gaps = list(selectors.open_gaps_of(document=document))
    versions = list(selectors.versions_after(document=document, since=gaps[0].created_at)) if gaps else []
    form = GapCloseForm(request.POST or None, versions=versions, gaps=gaps)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            closed = services.gaps_close(document=document, version=version, gaps=form.cleaned_data["gaps"],
                                         by=request.user)
        except services.ContentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{len(closed)} gap(s) closed by version {version.number}: their "
                                      "reporters see it on their list of reports.")
            return redirect("content:document_gaps", slug=document.slug)
    return _render(request, "content/document_gaps.html", {
        "document": document, "gaps": gaps, "versions": versions, "form": form, "tab": "review",
    })


@require_GET
def my_gaps(request):
    """The gaps the user reported, open and closed (with the version that closed each)."""
    page = _page(request, selectors.gaps_reported_by(user=request.user))
    # The owners of documents reach their review queue from here (the other library pages do not
    # ask whether the reader owns a document: that would cost every page a query).
    return _render(request, "content/gap_list.html", {"page": page, "tab": "gaps",
                                                      "may_review": access.may_review(request.user)})


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
def review_queue(request):
    """Documents due for review and open gap reports: every one for a training admin, their own
    documents' for an owner; 403 for anyone else."""
    if not access.may_review(request.user):
        raise PermissionDenied
    everything = access.is_content_admin(request.user)
    page = _page(request, selectors.review_queue(owner=None if everything else request.user))
    gaps = list(selectors.gaps_to_review(user=request.user, everything=everything))
    # Whose turn it is, where a team rotates the reviews (training answers; the library knows no teams).
    turns = {}
    for _receiver, answer in signals.review_turns.send(sender=Document, documents=page.object_list):
        turns.update(answer or {})
    rows = [(document, turns.get(document.pk, "")) for document in page.object_list]
    return _render(request, "content/document_review_queue.html", {
        "page": page, "rows": rows, "gaps": gaps, "tab": "review", "may_mark_reviewed": everything, "may_review": True})


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
                for warning in report.warnings:
                    messages.warning(request, f"Imported with a warning: {warning}")
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

