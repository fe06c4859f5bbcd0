"""The answers of a PDF made by the background worker, for report PDFs and document PDFs alike:
the stored file once it is made, else the page that waits for it (202) or says it failed (503),
and the fragment that page polls. ``rendering`` is a RenderedReport or a DocumentPdf (both say
``is_ready`` and ``is_failed``); ``context`` carries the page's labels and its ``pdf_url``."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import render


def file_or_waiting_page(request, rendering, stored, filename, context):
    """``stored``: the open file of a ready rendering, or None when it is not (yet, or any more) there."""
    if rendering.is_ready and stored is not None:
        return FileResponse(stored, as_attachment=True, filename=filename, content_type="application/pdf")
    return render(request, "training/report_preparing.html", {**context, "report": rendering},
                  status=503 if rendering.is_failed else 202)


def progress_fragment(request, rendering, context):
    """Once the PDF is ready, the fragment says so and asks again with ``start``, which answers
    with htmx's redirect to the download (a file: the page stays, the browser saves it)."""
    if rendering.is_ready and request.GET.get("start"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = context["pdf_url"]
        return response
    response = render(request, "training/includes/report_progress.html", {**context, "report": rendering})
    response["HX-Reswap"] = "outerHTML"  # also after the ``start`` request, which swaps nothing
    return response
