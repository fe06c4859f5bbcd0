"""The one place a PDF is made: a Django template rendered to HTML, then to PDF by WeasyPrint.

WeasyPrint fetches whatever the HTML names (images, stylesheets). Ours may fetch the project's
own static files and nothing else: no ``file://``, no network, no ``data:``. User data is
escaped by the template engine, so it cannot add markup; the fetcher is the second wall, for
the day a template forgets.

Templates refer to static files by absolute path (``/static/css/pdf.css``): the HTML's base URL
is an internal origin that never leaves the process, and the fetcher maps
``<origin>/static/<name>`` to ``django.contrib.staticfiles.finders.find(<name>)``.

Where PDFs are made: a web request never renders one for a download. Shadowing logs, onboarding
and team reports are rendered by the background worker and served from storage
(``training.reports.rendered``); a certificate is rendered and signed once, by the final sign-off
that issues it, and its download is the stored file. ``request_render_ms()`` says how long any
one request has spent rendering (the bench's ``pdf_request_blocking_ms``): the time a page spent
in ``html_to_pdf`` between Django's ``request_started`` and ``request_finished`` signals.
"""

import contextvars
import logging
import mimetypes
import os
import posixpath
import re
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from django.template.loader import render_to_string
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Base URL of every PDF's HTML. ``.invalid`` is reserved (RFC 2606): it never resolves, and the
# fetcher never opens a socket anyway.
INTERNAL_ORIGIN = "https://shiftready.invalid"
# What a PDF may embed: stylesheets, images and fonts.
ALLOWED_TYPES = ("text/css", "image/", "font/")


class FetchRefused(ValueError):
    """A PDF asked for something other than one of our static files."""


def static_prefix():
    """The path part of STATIC_URL, with slashes: ``/static/``."""
    path = urlsplit(settings.STATIC_URL).path
    return "/" + path.strip("/") + "/"


def static_base():
    """The base templates put before a static file's name: ``https://shiftready.invalid/static/``."""
    return INTERNAL_ORIGIN + static_prefix()


def static_name(url):
    """The static file name that ``url`` refers to, or ``FetchRefused``.

    Accepts ``<internal origin>/static/<name>`` and, when STATIC_URL is itself absolute (a CDN),
    ``<STATIC_URL><name>``. Refuses every other scheme and host, and any path that climbs out
    (``..``, encoded or not), starts again at the root, or names a hidden file.
    """
    bases = [static_base()]
    if urlsplit(settings.STATIC_URL).scheme:
        bases.append(settings.STATIC_URL)
    base = next((b for b in bases if url.startswith(b)), None)
    if base is None:
        raise FetchRefused(f"PDFs may only embed the site's static files, not {url[:200]!r}")
    raw = urlsplit(url).path[len(urlsplit(base).path):]
    name = unquote(raw)
    normalised = posixpath.normpath(name) if name else ""
    if (
        not name or "\\" in name or "\x00" in name or name.startswith("/")
        or normalised != name.rstrip("/") or normalised.startswith("..")
        or any(part.startswith(".") for part in name.split("/"))
    ):
        raise FetchRefused(f"Refused static path {raw[:200]!r}")
    return name


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


# --- Time spent rendering inside web requests ----------------------------------------------------

# The milliseconds the current request has spent rendering, in a one-item list (a thread that
# asgiref runs the view in sees the same list); None outside a request (the task worker).
_request_render = contextvars.ContextVar("shiftready_request_render", default=None)
_longest = {"ms": 0.0}
_longest_lock = threading.Lock()


@receiver(request_started, dispatch_uid="shiftready_pdf_request_started")
def _request_started(**kwargs):
    _request_render.set([0.0])


@receiver(request_finished, dispatch_uid="shiftready_pdf_request_finished")
def _request_finished(**kwargs):
    _request_render.set(None)


def request_render_ms():
    """The longest time, in milliseconds, one web request of this process has spent rendering
    PDFs since it started or since ``request_render_reset()``; 0 when none has."""
    return _longest["ms"]


def request_render_reset():
    with _longest_lock:
        _longest["ms"] = 0.0
    _request_render.set(None)


def _count_request_render(seconds):
    spent = _request_render.get()
    if spent is None:
        return
    spent[0] += seconds * 1000
    with _longest_lock:
        _longest["ms"] = max(_longest["ms"], spent[0])


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


def html_to_pdf(html, *, fetcher=None, archival=False, attachments=()):
    """PDF bytes for an HTML string, fetching only static files. ``archival`` writes PDF/A-3b
    (fonts embedded, metadata in XMP, sRGB output intent), the variant that may carry
    ``attachments``: ``(file name, text, description)`` each, embedded as data of the document.
    Fonts and the linked static stylesheets are loaded once per thread (``_kept_for_thread``)."""
    started = time.perf_counter()
    try:
        kept = _kept_for_thread()
        stylesheets = []
        if fetcher is None:
            html, stylesheets = _linked_stylesheets(html, kept)
        document = HTML(string=html, base_url=INTERNAL_ORIGIN + "/", url_fetcher=fetcher or StaticFilesFetcher())
        options = {"stylesheets": stylesheets, "font_config": kept.font_config}
        if archival:
            options["pdf_variant"] = "pdf/a-3b"
        if attachments:
            options["attachments"] = [Attachment(string=text, name=name, description=description, relationship="Data")
                                       for name, text, description in attachments]
        return document.write_pdf(**options)
    finally:
        _count_request_render(time.perf_counter() - started)


def render_pdf(template_name, context=None, **options):
    """Render ``template_name`` (autoescaped, like every Django template) and return PDF bytes;
    ``options`` as ``html_to_pdf``'s."""
    context = {"static_base": static_base(), "SITE_URL": settings.SITE_URL, **(context or {})}
    return html_to_pdf(render_to_string(template_name, context), **options)
