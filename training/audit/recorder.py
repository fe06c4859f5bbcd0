"""Recording an audit event: who did what, when and from where (README "Security").

- ``AuditContextMiddleware`` keeps the current request (its user and address) in a context
  variable for ``record``, and records every download of an export or a report.
- Outside a request, a management command is recorded as "command line" with the OS user;
  anything else (tests, the task worker) as "system".
- Every capability records its own events through ``record``: decisions (each ``SignOff`` row
  gets an event pointing to it, ``training.workflow.receivers``), track and exercise imports
  (``training.tracks.receivers``); ``training.audit.receivers`` records role changes and what
  the library and question banks announce.
"""

import contextvars
import getpass
import os
import sys
from contextlib import contextmanager
from email.message import Message

from django.db import router, transaction

from training.access import client_ip

from . import chain
from .models import AuditEvent, AuditKind

_request = contextvars.ContextVar("shiftready_audit_request", default=None)

# Downloads recorded as exports when they answer 200 (the reports' views record a bulk export started).
EXPORT_VIEWS = {
    "training:track_export": "track file",
    "training:certificate_download": "certificate PDF",
    "training:shadowing_log_pdf": "shadowing log PDF",
    "training:engineer_report_pdf": "onboarding report PDF",
    "training:engineer_report_csv": "onboarding report CSV",
    "training:team_report_pdf": "team report PDF",
    "training:team_report_csv": "team report CSV",
    "training:expiring_csv": "expiring certificates CSV",
    "training:metrics_csv": "programme metrics CSV",
    "training:export_download": "bulk export zip",
}


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            response = self.get_response(request)
            self._record_export(request, response)
            return response
        finally:
            _request.reset(token)

    @staticmethod
    def _record_export(request, response):
        match = getattr(request, "resolver_match", None)
        name = match.view_name if match else None
        if name in EXPORT_VIEWS and response.status_code == 200 and request.method == "GET":
            filename = attachment_name(response.get("Content-Disposition", ""))
            record(kind=AuditKind.EXPORT, summary=f"{EXPORT_VIEWS[name]} downloaded ({request.path})"
                                                  + (f": {filename}" if filename else ""))


def attachment_name(content_disposition):
    """The file name a ``Content-Disposition`` header gives (``filename*`` or ``filename``), or ""."""
    if not content_disposition:
        return ""
    header = Message()
    header["Content-Disposition"] = content_disposition
    return header.get_filename() or ""


def _command_origin():
    """A management command run by someone on the server, or None."""
    program = os.path.basename(sys.argv[0]) if sys.argv else ""
    if program in ("manage.py", "django-admin") and len(sys.argv) > 1:
        return f"command line ({sys.argv[1]})"[:80]
    return None


def _os_user():
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "system"


def where():
    """``(actor, actor_name, origin, ip)`` for an event happening now."""
    request = _request.get()
    if request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "pk", None) is None:
            # Not a person: a system calling with a token (the directory on the SCIM endpoints).
            return None, user.get_username()[:150], getattr(user, "audit_origin", "web"), client_ip(request)
        if user is not None and user.is_authenticated:
            # "web", or what authenticated the request (an API token names itself).
            return user, user.get_username(), getattr(request, "audit_origin", "web"), client_ip(request)
        return None, "anonymous", "web", client_ip(request)
    command = _command_origin()
    if command:
        return None, _os_user(), command, None
    return None, "system", "system", None


@contextmanager
def as_command(name):
    """Record events as a command would (tests, and code that runs a command in-process)."""
    saved = sys.argv
    sys.argv = ["manage.py", name]
    token = _request.set(None)
    try:
        yield
    finally:
        sys.argv = saved
        _request.reset(token)


def record(*, kind, summary, subject=None, signoff=None, actor=None, at=None, using=None):
    """Append an event to the audit log, at the end of its hash chain (``chain.link``)."""
    current, name, origin, ip = where()
    actor = actor or current
    event = AuditEvent(kind=kind, summary=summary[:10000], subject=subject, signoff=signoff, actor=actor,
                       actor_name=actor.get_username() if actor else name, origin=origin, ip=ip)
    if at is not None:
        event.at = at
    event.full_clean()
    using = using or router.db_for_write(AuditEvent)
    with transaction.atomic(using=using):
        return chain.link(event, using=using)
