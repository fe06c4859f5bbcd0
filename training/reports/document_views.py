"""A document's PDF ("Download as PDF" on its page): the stored file of its current version, or a
page that waits for the background worker to make it. Whoever may read the library may download
it; a document that does not exist answers 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from content.access import may_read_library
from content.models import Document

from . import documents, waiting


def _version_for(request, slug):
    if not may_read_library(request.user):
        raise PermissionDenied
    document = get_object_or_404(Document.objects.select_related("current_version"), slug=slug)
    if document.current_version is None:
        raise Http404
    version = document.current_version
    version.document = document
    urls = {f"{action}_url": reverse(f"training:document_pdf_{action}", args=[slug]) for action in ("status", "retry")}
    context = {"label": "PDF", "name": f"{document.title}, version {version.number}",
               "about": "The PDF of this version is made once in the background, then kept: every later "
                        "download is that file.",
               "back_url": document.get_absolute_url(), "back_label": document.title,
               "pdf_url": reverse("training:document_pdf", args=[slug]), **urls}
    return version, f"{document.slug}-v{version.number}.pdf", context


@never_cache
@require_GET
def document_pdf(request, slug):
    """The PDF of the document's current version: a file once made (then always that file), else
    a page that waits for it (202) or says it failed (503)."""
    version, filename, context = _version_for(request, slug)
    pdf = documents.document_pdf_request(version=version)
    stored = documents.document_pdf_open(pdf) if pdf.is_ready else None
    return waiting.file_or_waiting_page(request, pdf, stored, filename, context)


@never_cache
@require_GET
def document_pdf_status(request, slug):
    """The fragment the waiting page polls; once ready, htmx's redirect to the download."""
    version, _filename, context = _version_for(request, slug)
    pdf = documents.document_pdf_request(version=version)
    return waiting.progress_fragment(request, pdf, context)


@require_POST
def document_pdf_retry(request, slug):
    version, _filename, context = _version_for(request, slug)
    documents.document_pdf_retry(version=version)
    return redirect(context["pdf_url"])
