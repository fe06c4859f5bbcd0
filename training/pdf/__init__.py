"""The one place a PDF is made: a Django template rendered to HTML, then to PDF by WeasyPrint.

WeasyPrint fetches whatever the HTML names (images, stylesheets). Ours may fetch the project's
own static files and nothing else: no ``file://``, no network, no ``data:``. User data is
escaped by the template engine, so it cannot add markup; the fetcher is the second wall, for
the day a template forgets.

Templates refer to static files by absolute path (``/static/css/pdf.css``): the HTML's base URL
is an internal origin that never leaves the process, and the fetcher maps
``<origin>/static/<name>`` to ``django.contrib.staticfiles.finders.find(<name>)``. WeasyPrint
itself, that fetcher and the render are in ``engine``, which the first render imports.

Where PDFs are made: a web request never renders one for a download. Shadowing logs, onboarding
and team reports are rendered by the background worker and served from storage
(``training.reports.rendered``); a certificate is rendered and signed once, by the final sign-off
that issues it, and its download is the stored file. ``request_render_ms()`` says how long any
one request has spent rendering (the bench's ``pdf_request_blocking_ms``): the time a page spent
in ``html_to_pdf`` between Django's ``request_started`` and ``request_finished`` signals.
"""

import contextvars
import posixpath
import threading
import time
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from django.template.loader import render_to_string

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


def html_to_pdf(html, *, archival=False, attachments=()):
    """PDF bytes for an HTML string, fetching only static files. ``archival`` writes PDF/A-3b
    (fonts embedded, metadata in XMP, sRGB output intent), the variant that may carry
    ``attachments``: ``(file name, text, description)`` each, embedded as data of the document.
    Fonts and the linked static stylesheets are loaded once per thread (``engine``)."""
    started = time.perf_counter()
    try:
        from .engine import write_pdf  # WeasyPrint: loaded by the first render (see engine), timed with it

        return write_pdf(html, archival=archival, attachments=attachments)
    finally:
        _count_request_render(time.perf_counter() - started)


def render_pdf(template_name, context=None, **options):
    """Render ``template_name`` (autoescaped, like every Django template) and return PDF bytes;
    ``options`` as ``html_to_pdf``'s."""
    context = {"static_base": static_base(), "SITE_URL": settings.SITE_URL, **(context or {})}
    return html_to_pdf(render_to_string(template_name, context), **options)
