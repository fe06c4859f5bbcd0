"""Failed logins are throttled and logged (django-axes). OWASP ASVS 5.0 V6.3.1 (General
Authentication Security): controls against credential stuffing and password brute force."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

LOGIN = "/accounts/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"login": username, "password": password})


@pytest.mark.django_db
class TestLockout:
    def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(self, axes_on, engineer, caplog):
        client = Client()
        caplog.set_level(logging.INFO, logger="axes")
        for _ in range(4):
            response = attempt(client, "engineer", "wrong")
            assert response.status_code == 200
            assert b"The username and/or password you specified are not correct" in response.content
        response = attempt(client, "engineer", "wrong")
        assert response.status_code == 429
        response = attempt(client, "engineer", "pass")
        assert response.status_code == 429
        assert b"Too many failed logins" in response.content
        assert b"locked for 15 minutes" in response.content
        assert "_auth_user_id" not in client.session
        # Logged: an administrator can see who was locked out and from where.
        lockouts = [r.getMessage() for r in caplog.records if "Locking out" in r.getMessage()]
        assert lockouts and 'username: "engineer"' in lockouts[0] and "127.0.0.1" in lockouts[0]
        record = AccessAttempt.objects.get(username="engineer")
        assert record.failures_since_start >= 5
        assert record.ip_address == "127.0.0.1"

    def test_the_lock_is_lifted_after_fifteen_minutes(self, axes_on, engineer):
        client = Client()
        for _ in range(5):
            attempt(client, "engineer", "wrong")
        assert attempt(client, "engineer", "pass").status_code == 429
        AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
        response = attempt(client, "engineer", "pass")
        assert response.status_code == 302
        assert response.url == reverse("home")

    def test_one_locked_account_does_not_lock_a_colleague_out(self, axes_on, engineer, manager):
        client = Client()
        for _ in range(5):
            attempt(client, "engineer", "wrong")
        colleague = Client()
        assert attempt(colleague, "manager", "pass").status_code == 302

    def test_a_successful_login_resets_the_count(self, axes_on, engineer):
        client = Client()
        for _ in range(4):
            attempt(client, "engineer", "wrong")
        assert attempt(client, "engineer", "pass").status_code == 302
        client.post(reverse("account_logout"))
        for _ in range(4):
            assert attempt(client, "engineer", "wrong").status_code == 200
        assert attempt(client, "engineer", "pass").status_code == 302

    def test_the_admin_login_is_throttled_too(self, axes_on, training_admin):
        client = Client()
        for _ in range(5):
            client.post("/admin/login/", {"username": "trainadmin", "password": "wrong"})
        response = client.post("/admin/login/", {"username": "trainadmin", "password": "pass"})
        assert response.status_code == 429


@pytest.mark.django_db
def test_tests_keep_logging_in_with_the_test_client_when_axes_is_off(client, engineer):
    # tests/settings.py switches axes off because Client.login() passes no request.
    assert client.login(username="engineer", password="pass")
