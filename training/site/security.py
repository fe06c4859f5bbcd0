"""Session and login security: idle and absolute session timeouts, ending every session of a
user who is deactivated (a leaver), and the answer to a login that django-axes has locked out.
README "Security" says what each protects against; tests/security shows each working."""

import logging
import time
from importlib import import_module
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone

from .models import UserSession

log = logging.getLogger("shiftready.security")

# Keys kept in the session itself (Unix timestamps, and the session key last recorded).
AUTH_AT = "_shiftready_auth_at"
SEEN_AT = "_shiftready_seen_at"
RECORDED_KEY = "_shiftready_recorded_key"
# The sliding idle expiry is refreshed at most this often, so that reading pages does not
# write the session row on every request.
TOUCH_EVERY = 60


def _now():
    return time.time()


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _record(user, session):
    """Remember which session belongs to whom, so a leaver's sessions can all be ended."""
    key = session.session_key
    if not key or session.get(RECORDED_KEY) == key:
        return
    UserSession.objects.get_or_create(session_key=key, defaults={"user": user})
    session[RECORDED_KEY] = key


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is larger than ``MAX_REQUEST_BODY_SIZE`` with 413, before
    anything reads it. Django's DATA_UPLOAD_MAX_MEMORY_SIZE bounds form fields but not uploaded
    files, which it would spool to disk whatever their size."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_SIZE:
            log.warning("refused a %d-byte %s to %s: larger than %d bytes", length, request.method,
                        request.path, settings.MAX_REQUEST_BODY_SIZE)
            return HttpResponse(
                "Request too large.", status=413, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


def _has_session(user):
    """A person logged in with a session (not the directory's token on the SCIM endpoints)."""
    return user is not None and user.is_authenticated and getattr(user, "pk", None) is not None


class SessionPolicyMiddleware:
    """Ends a logged-in session after ``SESSION_COOKIE_AGE`` seconds without a request (idle) or
    ``SESSION_ABSOLUTE_TIMEOUT`` seconds after the login, however busy (absolute). The idle
    expiry slides: the session is saved again (new cookie and database expiry) at most once a
    minute. A session whose key changed (password change) is recorded under its new key."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if _has_session(user):
            self._apply(request, user)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if _has_session(user) and hasattr(request, "session"):
            _record(user, request.session)
        return response

    def _apply(self, request, user):
        session, now = request.session, _now()
        auth_at = session.get(AUTH_AT)
        seen_at = session.get(SEEN_AT)
        if auth_at is None:
            # A session from before this policy: its clock starts now.
            session[AUTH_AT] = auth_at = now
        if seen_at is None:
            session[SEEN_AT] = seen_at = now
        if now - auth_at > settings.SESSION_ABSOLUTE_TIMEOUT:
            reason = "absolute"
        elif now - seen_at > settings.SESSION_COOKIE_AGE:
            reason = "idle"
        else:
            if now - seen_at >= TOUCH_EVERY:
                session[SEEN_AT] = now
            return
        log.info("session of %s ended: %s timeout", user.get_username(), reason)
        logout(request)
        messages.info(request, "Your session has expired. Log in again to continue.")


def end_sessions_of(user):
    """Delete every recorded session of ``user`` from the session store. Returns how many."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    store = _session_store()
    for key in keys:
        store().delete(key)
    UserSession.objects.filter(user=user).delete()
    return len(keys)


@receiver(user_logged_in, dispatch_uid="shiftready-session-login")
def on_login(sender, request, user, **kwargs):
    now = _now()
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now
    # Forget sessions of this user that have expired or ended meanwhile.
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        known = UserSession.objects.filter(user=user)
        alive = Session.objects.filter(
            session_key__in=known.values("session_key"), expire_date__gt=timezone.now()
        ).values("session_key")
        known.exclude(session_key__in=alive).delete()
    _record(user, request.session)


@receiver(user_logged_out, dispatch_uid="shiftready-session-logout")
def on_logout(sender, request, user, **kwargs):
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="shiftready-end-leaver-sessions")
def on_user_saved(sender, instance, created, **kwargs):
    """A deactivated user (a leaver) is logged out everywhere at once, and stays out if the
    account is ever reactivated. (``QuerySet.update(is_active=False)`` sends no signal; the model
    backend still refuses an inactive user on the next request, so such a session is dead too,
    only not deleted.)"""
    if kwargs.get("raw"):  # loaddata / restore: no sessions to end
        return
    if not created and not instance.is_active:
        ended = end_sessions_of(instance)
        if ended:
            log.info("user %s deactivated: %d session(s) ended", instance.get_username(), ended)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the identity provider allowed as a form target when single
    sign-on is on: the "Sign in with ..." form posts to our own view, which redirects to the
    provider, and browsers apply ``form-action`` to that redirect too."""

    def get_policy_parts(self, request, response, report_only=False):
        if settings.OIDC_ISSUER and not report_only:
            parts = urlsplit(settings.OIDC_ISSUER)
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), f"{parts.scheme}://{parts.netloc}"]
            response._csp_update = update
        return super().get_policy_parts(request, response, report_only=report_only)
