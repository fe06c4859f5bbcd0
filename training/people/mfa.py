"""A second factor for the people who sign (README "Single sign-on and provisioning").

With ``MFA_REQUIRED_FOR_SIGNERS`` (on by default in production), a manager or training admin
without a TOTP app or passkey reaches only the pages that set one up (allauth's, under
/accounts/), and logging out. The answer is kept in the session for a few minutes, so the check
costs no query on most requests."""

import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from training import access

SESSION_KEY = "_shiftready_mfa_checked_at"
RECHECK_SECONDS = 300
OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/scim/", "/invitations/")


def is_signer(user):
    return access.is_manager(user) or access.is_training_admin(user)


def lacks_required_second_factor(user):
    return settings.MFA_REQUIRED_FOR_SIGNERS and is_signer(user) and not access.has_second_factor(user)


class MFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (settings.MFA_REQUIRED_FOR_SIGNERS and user is not None and user.is_authenticated
                and not request.path.startswith(OPEN_PREFIXES)):
            checked = request.session.get(SESSION_KEY, 0)
            if time.time() - checked > RECHECK_SECONDS:
                if lacks_required_second_factor(user):
                    messages.warning(request, "Managers and training admins sign for others: set up an authenticator "
                                              "app or a passkey to continue.")
                    return redirect("mfa_index")
                request.session[SESSION_KEY] = time.time()
        return self.get_response(request)
