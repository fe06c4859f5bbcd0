"""Printable documents: the PDF of a document version, made once by the background worker and
served from storage for every later download of that version (a new version makes a new PDF).
A web request never renders one: it asks (``document_pdf_request``) and waits, as report PDFs do
(``rendered``). The library knows nothing of PDFs; it keeps the rendering's row
(``content.models.DocumentPdf``), and this module, which may use WeasyPrint, makes the file."""

import logging
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from content.models import DocumentPdf, PdfStatus
from content.rendering import render_markdown
from content.selectors import document_links
from training.pdf import render_pdf

from .rendered import RENDER_TIMEOUT

logger = logging.getLogger(__name__)

TEMPLATE = "training/pdf/document.html"
# A link to a page of the site (a document, a section) is printed as its full address.
_SITE_LINK = re.compile(r'href="/(?!/)')


def document_pdf_request(*, version):
    """The rendering of ``version``'s PDF. Ready: its file is the download. Missing: recorded and
    queued. Queued or being made for longer than ``RENDER_TIMEOUT``: queued again (its worker
    died). Failed: left failed until ``document_pdf_retry``."""
    now = timezone.now()
    pdf, created = DocumentPdf.objects.get_or_create(version=version, defaults={"created_at": now, "changed_at": now})
    if created:
        _enqueue(pdf)
    elif pdf.status in (PdfStatus.QUEUED, PdfStatus.RENDERING) and pdf.changed_at < now - RENDER_TIMEOUT:
        _requeue(pdf, from_status=pdf.status)
    return pdf


def document_pdf_retry(*, version):
    """"Try again" after a failed rendering; anything else is left as it is."""
    pdf = document_pdf_request(version=version)
    if pdf.status == PdfStatus.FAILED:
        _requeue(pdf, from_status=PdfStatus.FAILED)
    return pdf


def document_pdf_open(pdf):
    """The stored file, open for reading; None when storage lost it (then it is queued again)."""
    try:
        return pdf.file.open("rb")
    except FileNotFoundError:
        logger.warning("Document PDF %s lost its file %s: rendering it again", pdf.pk, pdf.file.name)
        _requeue(pdf, from_status=PdfStatus.READY)
        return None


def _enqueue(pdf):
    render_document_pdf.enqueue(pdf_id=pdf.pk)  # the tests' ImmediateBackend renders it here
    pdf.refresh_from_db()


def _requeue(pdf, *, from_status):
    if DocumentPdf.objects.filter(pk=pdf.pk, status=from_status, changed_at=pdf.changed_at).update(
            status=PdfStatus.QUEUED, error="", changed_at=timezone.now()):
        _enqueue(pdf)
    else:
        pdf.refresh_from_db()


def document_html(version):
    """The version's text as the PDF shows it: the library's rendering, site links made absolute."""
    html = render_markdown(version.body, links=document_links(document=version.document)).html
    return _SITE_LINK.sub(f'href="{settings.SITE_URL.rstrip("/")}/', html)


def document_pdf_bytes(version):
    document = version.document
    return render_pdf(TEMPLATE, {
        "document": document, "version": version, "html": document_html(version),
        "long": document.reading_minutes >= 5, "generated_at": timezone.now(),
    })


def document_pdf_render(*, pdf_id):
    """Render a queued document PDF (run by the background worker)."""
    if not DocumentPdf.objects.filter(pk=pdf_id, status=PdfStatus.QUEUED).update(
            status=PdfStatus.RENDERING, changed_at=timezone.now()):
        return "skipped"  # rendered, being rendered, failed or deleted meanwhile
    pdf = DocumentPdf.objects.select_related("version__document").get(pk=pdf_id)
    version = pdf.version
    try:
        content = document_pdf_bytes(version)
        name = f"{version.document.slug}-v{version.number}.pdf"
        name = default_storage.save(DocumentPdf._meta.get_field("file").generate_filename(pdf, name),
                                    ContentFile(content))
    except Exception as exc:
        logger.exception("Rendering document PDF %s failed", pdf_id)
        DocumentPdf.objects.filter(pk=pdf_id, status=PdfStatus.RENDERING).update(
            status=PdfStatus.FAILED, changed_at=timezone.now(),
            error=f"The PDF could not be made ({type(exc).__name__}). Try again; if it fails again, tell your "
                  "training admin.")
        return PdfStatus.FAILED
    now = timezone.now()
    if not DocumentPdf.objects.filter(pk=pdf_id).exclude(status=PdfStatus.READY).update(
            status=PdfStatus.READY, file=name, error="", rendered_at=now, changed_at=now):
        default_storage.delete(name)
        return "skipped"
    return PdfStatus.READY


@task()
def render_document_pdf(pdf_id):
    """Render one queued document PDF into storage (``document_pdf_render``)."""
    return str(document_pdf_render(pdf_id=pdf_id))
