"""The gravest decisions ask for the password again when the login is older than 15 minutes:
the manager's final sign-off, a certificate revocation, and a review that revokes.
OWASP ASVS 5.0 V7.5.3 (re-authentication before sensitive transactions).

The prompt is a page like any other (200), not an error page: the person may do it, they only
have to confirm it is them; the action waits until they have."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import TrainingAdminFactory
from tests.security.world import PASSWORD
from tests.training.certification.test_certificates import certified, finish
from tests.training.factories import Org
from training.certification.models import Certificate, CertificationReview
from training.workflow.models import EnrollmentStatus, SignOff

pytestmark = pytest.mark.django_db


def logged_in(user, *, minutes_ago=0):
    client = Client()
    client.force_login(user)  # sets last_login to now
    if minutes_ago:
        user.last_login = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        user.save(update_fields=["last_login"])
    return client


@pytest.fixture
def ready():
    """An enrollment whose manager can give the final sign-off."""
    org = Org()
    finish(org)
    return org


def sign_off(client, org, **data):
    return client.post(reverse("training:sign_off", args=[org.enrollment.pk]), {"comment": "Welcome", **data})


def status_of(org):
    org.enrollment.refresh_from_db()
    return org.enrollment.status


class TestFinalSignOff:
    def test_a_fresh_login_signs_off_without_the_password(self, ready):
        response = sign_off(logged_in(ready.manager), ready)
        assert response.status_code == 302
        assert status_of(ready) == EnrollmentStatus.READY

    def test_a_stale_login_without_the_password_is_asked_for_it_and_nothing_changes(self, ready):
        signoffs = SignOff.objects.count()
        response = sign_off(logged_in(ready.manager, minutes_ago=16), ready)
        assert response.status_code == 200  # a prompt, not an error page
        assert response.templates[0].name == "training/reauth_sign_off.html"
        page = response.content.decode()
        assert "more than 15 minutes ago" in page and 'type="password"' in page
        assert 'value="Welcome"' in page  # the comment is kept for the second try
        assert status_of(ready) == EnrollmentStatus.ACTIVE
        assert SignOff.objects.count() == signoffs and not Certificate.objects.exists()

    def test_a_stale_login_with_the_right_password_signs_off(self, ready):
        response = sign_off(logged_in(ready.manager, minutes_ago=16), ready, password=PASSWORD)
        assert response.status_code == 302
        assert status_of(ready) == EnrollmentStatus.READY
        assert Certificate.objects.filter(enrollment=ready.enrollment).exists()

    def test_a_wrong_password_is_refused_and_says_so(self, ready):
        response = sign_off(logged_in(ready.manager, minutes_ago=16), ready, password="not-it")
        assert response.status_code == 200
        assert "That password is not right: nothing was changed." in response.content.decode()
        assert status_of(ready) == EnrollmentStatus.ACTIVE and not Certificate.objects.exists()

    def test_wrong_passwords_count_as_failed_logins_and_lock_the_account(self, ready, axes_on):
        from axes.models import AccessAttempt

        client = logged_in(ready.manager, minutes_ago=16)
        for _ in range(axes_on.AXES_FAILURE_LIMIT - 1):
            assert "not right" in sign_off(client, ready, password="guess").content.decode()
        assert AccessAttempt.objects.get(username=ready.manager.username).failures_since_start == (
            axes_on.AXES_FAILURE_LIMIT - 1)
        sign_off(client, ready, password="guess")  # the last allowed failure locks the account
        response = sign_off(client, ready, password=PASSWORD)  # even the right one, now
        assert response.status_code == 429 and "locked" in response.content.decode().lower()
        assert status_of(ready) == EnrollmentStatus.ACTIVE and not Certificate.objects.exists()

    def test_the_clock_moving_past_fifteen_minutes_asks_again(self, ready, monkeypatch):
        client = logged_in(ready.manager)
        later = timezone.now() + datetime.timedelta(minutes=15, seconds=5)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert "enter your password to confirm" in sign_off(client, ready).content.decode()
        assert status_of(ready) == EnrollmentStatus.ACTIVE


@pytest.fixture
def certificate():
    return certified(Org())


def revoke(client, certificate, **data):
    return client.post(reverse("training:certificate_revoke", args=[certificate.pk]),
                       {"reason": "Misreported shadow hours", **data})


def is_revoked(certificate):
    certificate.refresh_from_db()
    return certificate.revoked_at is not None


class TestRevocation:
    def test_a_fresh_login_revokes_and_the_form_has_no_password_field(self, certificate):
        client = logged_in(TrainingAdminFactory())
        page = client.get(reverse("training:certificate_revoke", args=[certificate.pk])).content.decode()
        assert 'type="password"' not in page
        assert revoke(client, certificate).status_code == 302
        assert is_revoked(certificate)

    def test_a_stale_login_shows_the_field_and_refuses_without_it(self, certificate):
        client = logged_in(TrainingAdminFactory(), minutes_ago=20)
        page = client.get(reverse("training:certificate_revoke", args=[certificate.pk])).content.decode()
        assert 'name="password"' in page
        response = revoke(client, certificate)
        assert response.status_code == 200  # the form again, with the prompt: not an error page
        assert "enter your password to confirm" in response.content.decode()
        assert not is_revoked(certificate)

    def test_a_stale_login_with_the_right_password_revokes(self, certificate):
        client = logged_in(TrainingAdminFactory(), minutes_ago=20)
        assert revoke(client, certificate, password=PASSWORD).status_code == 302
        assert is_revoked(certificate)

    def test_a_wrong_password_does_not_revoke(self, certificate):
        client = logged_in(TrainingAdminFactory(), minutes_ago=20)
        response = revoke(client, certificate, password="wrong-password")
        assert response.status_code == 200 and "not right" in response.content.decode()
        assert not is_revoked(certificate)

    def test_a_confirmed_password_counts_as_a_fresh_login_for_fifteen_minutes(self, certificate):
        admin = TrainingAdminFactory()
        client = logged_in(admin, minutes_ago=20)
        other = certified(Org(prefix="b-"))
        assert revoke(client, certificate, password=PASSWORD).status_code == 302
        assert revoke(client, other).status_code == 302  # no second prompt
        assert is_revoked(other)


class TestReviewThatRevokes:
    def review(self, client, certificate, outcome, **data):
        return client.post(reverse("training:certificate_review", args=[certificate.pk]),
                           {"outcome": outcome, "notes": "Left the rota", **data})

    def test_a_stale_login_may_record_a_fine_review_without_the_password(self, certificate):
        client = logged_in(certificate.enrollment.manager, minutes_ago=30)
        assert self.review(client, certificate, "fine").status_code == 302
        assert CertificationReview.objects.count() == 1

    def test_a_stale_revoking_review_needs_the_password(self, certificate):
        client = logged_in(certificate.enrollment.manager, minutes_ago=30)
        response = self.review(client, certificate, "revoke")
        assert response.status_code == 200
        assert "enter your password" in response.content.decode()
        assert CertificationReview.objects.count() == 0 and not is_revoked(certificate)
        response = self.review(client, certificate, "revoke", password="wrong-password")
        assert response.status_code == 200 and "not right" in response.content.decode()
        assert CertificationReview.objects.count() == 0 and not is_revoked(certificate)
        assert self.review(client, certificate, "revoke", password=PASSWORD).status_code == 302
        assert is_revoked(certificate)

    def test_a_fresh_login_revokes_through_a_review(self, certificate):
        client = logged_in(certificate.enrollment.manager)
        assert self.review(client, certificate, "revoke").status_code == 302
        assert is_revoked(certificate)
