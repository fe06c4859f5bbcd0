"""Accounts: a second factor for the people who sign (required when MFA_REQUIRED_FOR_SIGNERS), a
TOTP code in place of the password before the final sign-off, the lockout per username and client
address behind a proxy (TRUSTED_PROXY_COUNT), and password reset end to end, rate limited."""

import base64
import datetime
import hashlib
import hmac
import re
import struct
import time

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.training.certification.test_certificates import finish
from tests.training.factories import Org
from training.workflow.models import EnrollmentStatus, SignOff, SignOffAction

pytestmark = pytest.mark.django_db
AUTHENTICATION_RECORDS = "account_authentication_methods"  # allauth's session key


def totp(secret, *, step=0):
    """The code an authenticator app shows (RFC 6238: HMAC-SHA1, 30 s, 6 digits); ``step`` moves a
    window back or forth, so that one test can use several codes (each is accepted once)."""
    key = base64.b32decode(secret, casefold=True)
    counter = int(time.time()) // 30 + step
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


def log_in(user, password="pass"):
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.username, "password": password})
    assert response.status_code == 302, response.content[:300]
    return client


def activate_totp(client, password="pass"):
    """Set up an authenticator app through allauth's pages (which first ask for the password
    again); returns its secret."""
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302 and page.url.startswith(reverse("account_reauthenticate")):
        confirmed = client.post(page.url, {"password": password})
        assert confirmed.status_code == 302, confirmed.content[:500]
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page.status_code
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})
    assert response.status_code == 302, response.content[:500]
    return secret


def twenty_minutes_later(client, user):
    """The login, and every confirmation allauth recorded in the session, twenty minutes ago."""
    session = client.session
    for record in session.get(AUTHENTICATION_RECORDS, []):
        record["at"] -= 20 * 60
    session.save()
    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now() - datetime.timedelta(minutes=20))


@pytest.fixture
def tolerant_totp(settings):
    settings.MFA_TOTP_TOLERANCE = 1


class TestSecondFactorForSigners:
    def test_a_manager_without_one_is_sent_to_set_it_up(self, settings, manager, engineer, team):
        settings.MFA_REQUIRED_FOR_SIGNERS = True
        client = log_in(manager)
        response = client.get(reverse("training:team"))
        assert response.status_code == 302 and response.url == reverse("mfa_index")
        page = client.get(response.url).content.decode()
        assert "Managers and training admins sign for others" in page
        assert log_in(engineer).get(reverse("training:my_training")).status_code == 200

    def test_once_set_up_the_manager_works_and_logs_in_with_a_code(self, settings, manager, team, tolerant_totp):
        settings.MFA_REQUIRED_FOR_SIGNERS = True
        client = log_in(manager)
        secret = activate_totp(client)
        assert client.get(reverse("training:team")).status_code == 200
        fresh = Client()
        response = fresh.post(reverse("account_login"), {"login": "manager", "password": "pass"})
        assert response.url == reverse("mfa_authenticate")
        assert fresh.get(reverse("training:team")).status_code == 302  # not logged in until the code
        response = fresh.post(reverse("mfa_authenticate"), {"code": totp(secret, step=-1)})
        assert response.status_code == 302
        assert fresh.get(reverse("training:team")).status_code == 200

    def test_off_by_default_outside_production(self, manager, team):
        assert log_in(manager).get(reverse("training:team")).status_code == 200


class TestReauthenticationWithASecondFactor:
    def test_a_totp_code_confirms_the_final_sign_off_and_keeps_the_comment(self, tolerant_totp):
        org = Org()
        finish(org)
        client = log_in(org.manager)
        secret = activate_totp(client)
        twenty_minutes_later(client, org.manager)  # too long ago for the final sign-off
        url = reverse("training:sign_off", args=[org.enrollment.pk])

        prompt = client.post(url, {"comment": "Welcome to the rota"})
        assert prompt.status_code == 200
        assert "Confirm with your authenticator app or passkey" in prompt.content.decode()
        asked = client.post(url, {"comment": "Welcome to the rota", "reauth": "second_factor"})
        assert asked.status_code == 302 and asked.url.startswith(reverse("mfa_reauthenticate"))
        org.enrollment.refresh_from_db()
        assert org.enrollment.status == EnrollmentStatus.ACTIVE  # nothing yet

        done = client.post(asked.url, {"code": totp(secret, step=1)})
        assert done.status_code == 302, done.content[:500]
        org.enrollment.refresh_from_db()
        assert org.enrollment.status == EnrollmentStatus.READY
        signed = SignOff.objects.get(enrollment=org.enrollment, action=SignOffAction.SIGNED_OFF)
        assert (signed.by, signed.comment) == (org.manager, "Welcome to the rota")

    def test_a_wrong_code_changes_nothing(self, tolerant_totp):
        org = Org()
        finish(org)
        client = log_in(org.manager)
        secret = activate_totp(client)
        twenty_minutes_later(client, org.manager)
        url = reverse("training:sign_off", args=[org.enrollment.pk])
        asked = client.post(url, {"comment": "Welcome", "reauth": "second_factor"})
        accepted = {totp(secret, step=step) for step in (-1, 0, 1)}
        wrong = client.post(asked.url, {"code": next(c for c in ("000000", "111111", "222222") if c not in accepted)})
        assert wrong.status_code == 200 and "Incorrect code" in wrong.content.decode()
        org.enrollment.refresh_from_db()
        assert org.enrollment.status == EnrollmentStatus.ACTIVE


class TestLockoutBehindAProxy:
    PROXY = "10.0.0.1"  # REMOTE_ADDR of every request: the proxy's (no packet goes anywhere)

    def attempt(self, username, password, client_address=None):
        headers = {"REMOTE_ADDR": self.PROXY}
        if client_address:
            headers["HTTP_X_FORWARDED_FOR"] = client_address
        return Client().post(reverse("account_login"), {"login": username, "password": password}, **headers)

    def test_the_lock_is_per_username_and_client_address(self, settings, axes_on, engineer):
        settings.TRUSTED_PROXY_COUNT = 1
        for _ in range(5):
            self.attempt("engineer", "wrong", "203.0.113.7")
        assert self.attempt("engineer", "pass", "203.0.113.7").status_code == 429
        # The same account from another client, through the same proxy: not locked.
        assert self.attempt("engineer", "pass", "198.51.100.9").status_code == 302
        assert AccessAttempt.objects.get(username="engineer").ip_address == "203.0.113.7"

    def test_a_client_cannot_pick_its_address_by_writing_the_header(self, settings, axes_on, engineer):
        settings.TRUSTED_PROXY_COUNT = 1
        # Two entries: what the client wrote, then what the proxy saw. Only the proxy's counts.
        for n in range(5):
            self.attempt("engineer", "wrong", f"192.0.2.{n}, 203.0.113.7")
        assert self.attempt("engineer", "pass", "192.0.2.99, 203.0.113.7").status_code == 429

    def test_without_trusted_proxies_the_header_is_ignored(self, settings, axes_on, engineer):
        settings.TRUSTED_PROXY_COUNT = 0
        for n in range(5):
            self.attempt("engineer", "wrong", f"203.0.113.{n}")
        assert self.attempt("engineer", "pass", "198.51.100.9").status_code == 429
        assert AccessAttempt.objects.get(username="engineer").ip_address == self.PROXY


class TestPasswordReset:
    def test_end_to_end(self, engineer):
        client = Client()
        response = client.post(reverse("account_reset_password"), {"email": engineer.email})
        assert response.status_code == 302
        link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
        form = client.get(link, follow=True)
        action = form.redirect_chain[-1][0] if form.redirect_chain else link
        done = client.post(action, {"password1": "a brand new passphrase 9", "password2": "a brand new passphrase 9"})
        assert done.status_code == 302
        assert log_in(engineer, "a brand new passphrase 9").get("/").status_code == 302

    def test_an_unknown_address_sends_no_link_and_says_the_same(self, client, engineer):
        response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
        assert response.status_code == 302
        assert all("/password/reset/key/" not in m.body for m in mail.outbox)

    def test_requests_for_one_address_are_rate_limited(self, client, engineer):
        answers = [client.post(reverse("account_reset_password"), {"email": engineer.email}).status_code
                   for _ in range(6)]
        assert answers[:5] == [302] * 5 and answers[5] == 429
