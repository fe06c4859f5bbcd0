"""Local accounts through django-allauth: who may sign up (nobody by themself: people come in by
invitation, through single sign-on or the directory), where a login lands, the client address
for allauth's rate limits, and django-axes' lockout at the login page."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm
from django import forms
from django.conf import settings
from django.shortcuts import render

from training import access


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """No public sign-up: an invitation, single sign-on or the directory makes the account."""
        return False

    def get_client_ip(self, request):
        return access.client_ip(request) or super().get_client_ip(request)

    def get_reauthentication_methods(self, user):
        """A person with a second factor confirms with it first (a code or a passkey); the
        password stays an alternative."""
        methods = super().get_reauthentication_methods(user)
        return sorted(methods, key=lambda method: not method["id"].startswith("mfa"))


def axes_username(request, credentials=None):
    """The username django-axes counts failures against: allauth passes ``username`` or
    ``email`` to ``authenticate``; its login form posts ``login``, the admin's ``username``."""
    credentials = credentials or {}
    value = (credentials.get("username") or credentials.get("email") or request.POST.get("login")
             or request.POST.get("username") or "")
    return value.strip().lower() if "@" in value else value.strip()


class _LockedOutForm(LoginForm):
    """The login form showing why the login was refused, without trying the password again."""

    def clean(self):
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        raise forms.ValidationError(
            f"Too many failed logins. This account is locked for {minutes} minutes from your "
            "address; try again later or ask a training admin.",
            code="locked_out",
        )


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: the login page again, with the reason, status 429."""
    form = _LockedOutForm(data=request.POST or None, request=request)
    form.is_valid()
    return render(request, "account/login.html", {"form": form, "redirect_field_value": request.POST.get("next", "")},
                  status=429)
