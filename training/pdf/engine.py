"""WeasyPrint itself: the fetcher that lets a PDF embed our static files and nothing else, the
fonts and stylesheets each thread keeps between renders, and the render. Imported by
``training.pdf.html_to_pdf`` on a process's first render, not when the app loads: WeasyPrint and
what it brings (Pango through cffi, fontTools) are a second of every process's start, and most
processes (web workers, management commands) never render a PDF."""

import mimetypes
import os
import re
import threading
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import ALLOWED_TYPES, INTERNAL_ORIGIN, FetchRefused, static_name


class StaticFilesFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves the project's static files and refuses the rest."""

    def __init__(self):
        # No handlers are ever used: ``fetch`` below never calls the opener.
        super().__init__(allowed_protocols=(), allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        name = static_name(url)
        found = finders.find(name)
        if not found:
            raise FetchRefused(f"No static file named {name!r}")
        path = Path(found)
        content_type, _ = mimetypes.guess_type(path.name)
        if not content_type or not content_type.startswith(ALLOWED_TYPES):
            raise FetchRefused(f"Static file {name!r} is not a stylesheet, image or font")
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


# --- What every render would otherwise load again --------------------------------------------

# A stylesheet link as our PDF templates write it: ``<link rel="stylesheet" href="...">``.
_STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="(?P<url>[^"<>]+)">')
_kept = threading.local()


def _kept_for_thread():
    """This thread's kept state: its WeasyPrint font configuration (Pango's font map and the faces
    it loaded; a new one per PDF, WeasyPrint's default, loads every face again, a quarter of a
    certificate's render) and its parsed stylesheets. Per thread: a font map is not shared across
    threads."""
    if not hasattr(_kept, "font_config"):
        _kept.font_config = FontConfiguration()
        _kept.stylesheets = {}  # url: (file version, parsed)
    return _kept


def _parsed_stylesheet(url, path, kept):
    """The static stylesheet at ``url`` (file ``path``), parsed once per thread and file version;
    an edited file replaces its earlier version."""
    version = os.stat(path).st_mtime_ns
    known = kept.stylesheets.get(url)
    if known is None or known[0] != version:
        known = kept.stylesheets[url] = (
            version, CSS(url=url, url_fetcher=StaticFilesFetcher(), font_config=kept.font_config))
    return known[1]


def _linked_stylesheets(html, kept):
    """``(html, stylesheets)``: the HTML without its links to our static stylesheets, and those
    stylesheets parsed (``_parsed_stylesheet``), in the links' order. Given to WeasyPrint as user
    stylesheets they cascade as the links did: our PDFs have no other author stylesheet, only
    style attributes, which still win. A link to anything else stays for the fetcher to refuse."""
    stylesheets = []

    def take(link):
        try:
            path = finders.find(static_name(link["url"]))
        except FetchRefused:
            path = None
        if not path:
            return link.group(0)
        stylesheets.append(_parsed_stylesheet(link["url"], path, kept))
        return ""

    return _STYLESHEET_LINK.sub(take, html), stylesheets


def write_pdf(html, *, archival=False, attachments=()):
    """PDF bytes for ``html``; the options as ``training.pdf.html_to_pdf``'s."""
    kept = _kept_for_thread()
    html, stylesheets = _linked_stylesheets(html, kept)
    document = HTML(string=html, base_url=INTERNAL_ORIGIN + "/", url_fetcher=StaticFilesFetcher())
    options = {"stylesheets": stylesheets, "font_config": kept.font_config}
    if archival:
        options["pdf_variant"] = "pdf/a-3b"
    if attachments:
        options["attachments"] = [Attachment(string=text, name=name, description=description, relationship="Data")
                                   for name, text, description in attachments]
    return document.write_pdf(**options)
