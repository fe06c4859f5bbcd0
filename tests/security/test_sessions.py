"""Sessions end when they should: idle, too old, at logout, and everywhere at once for a leaver
(OWASP ASVS 5.0, chapter V7 Session Management)."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from training.site.models import UserSession

MY_TRAINING = "/me/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def is_logged_in(client):
    response = client.get(MY_TRAINING)
    if response.status_code == 302:
        assert response.url.startswith(reverse("account_login"))
        return False
    assert response.status_code == 200
    return True


@pytest.mark.django_db
class TestTimeouts:
    # ASVS 5.0 V7.3.1: an inactivity timeout enforces re-authentication (30 minutes here).
    def test_thirty_minutes_without_a_request_ends_the_session(self, clock):
        client = logged_in(UserFactory())
        clock.advance(minutes=29)
        assert is_logged_in(client)
        clock.advance(minutes=31)
        response = client.get(MY_TRAINING, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
        assert b"Your session has expired" in response.content
        assert not is_logged_in(client)

    def test_the_idle_timeout_slides_with_activity(self, clock):
        client = logged_in(UserFactory())
        for _ in range(6):  # two hours, a request every 20 minutes
            clock.advance(minutes=20)
            assert is_logged_in(client)

    # ASVS 5.0 V7.3.2: an absolute maximum session lifetime (12 hours since login), however
    # active the user is.
    def test_twelve_hours_after_login_the_session_ends_even_when_busy(self, clock):
        client = logged_in(UserFactory())
        for _ in range(35):  # 11 h 40 min of steady work
            clock.advance(minutes=20)
            assert is_logged_in(client)
        clock.advance(minutes=21)
        assert not is_logged_in(client)

    def test_the_expired_session_is_deleted_on_the_server(self, clock):
        client = logged_in(UserFactory())
        key = client.cookies["sessionid"].value
        clock.advance(minutes=31)
        client.get(MY_TRAINING)
        assert not Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db
class TestLogout:
    # ASVS 5.0 V7.2.4: a new session token on authentication; the old one is terminated.
    def test_logging_in_replaces_the_session_key(self, client, engineer):
        client.get(reverse("account_login"))
        client.session.save()
        before = client.session.session_key
        client.post(reverse("account_login"), {"login": "engineer", "password": "pass"})
        assert client.session.session_key != before
        assert not Session.objects.filter(session_key=before).exists()

    # ASVS 5.0 V7.4.1: after logout the session cannot be used again.
    def test_a_stolen_cookie_is_useless_after_logout(self, engineer):
        client = logged_in(engineer)
        stolen = client.cookies["sessionid"].value
        assert client.post(reverse("account_logout")).status_code == 302
        thief = Client()
        thief.cookies["sessionid"] = stolen
        assert not is_logged_in(thief)
        assert not UserSession.objects.filter(session_key=stolen).exists()

    # ASVS 5.0 V3.3 Cookie Setup: the session cookie is HttpOnly and SameSite (Secure and
    # __Host- in production: test_headers).
    def test_the_session_cookie_is_not_readable_by_scripts(self, client, engineer):
        client.post(reverse("account_login"), {"login": "engineer", "password": "pass"})
        cookie = client.cookies["sessionid"]
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert int(cookie["max-age"]) == 30 * 60


@pytest.mark.django_db
class TestLeaver:
    # ASVS 5.0 V7.4.2: all active sessions end when a user account is disabled (a leaver).
    def test_deactivating_a_user_logs_out_every_browser_at_once(self):
        leaver, colleague = UserFactory(), UserFactory()
        laptop, phone, other = logged_in(leaver), logged_in(leaver), logged_in(colleague)
        assert is_logged_in(laptop) and is_logged_in(phone)
        assert UserSession.objects.filter(user=leaver).count() == 2

        leaver.is_active = False
        leaver.save()

        assert Session.objects.filter(session_key__in=[laptop.cookies["sessionid"].value,
                                                       phone.cookies["sessionid"].value]).count() == 0
        assert not is_logged_in(laptop)
        assert not is_logged_in(phone)
        assert is_logged_in(other)

    def test_reactivating_the_account_does_not_revive_old_sessions(self):
        leaver = UserFactory()
        laptop = logged_in(leaver)
        leaver.is_active = False
        leaver.save()
        leaver.is_active = True
        leaver.save()
        assert not is_logged_in(laptop)

    def test_a_session_whose_key_changed_after_a_password_change_is_still_ended(self):
        leaver = UserFactory(username="leaver")
        laptop = logged_in(leaver)
        new = "a long new passphrase 42"
        response = laptop.post(reverse("account_change_password"), {
            "oldpassword": "pass", "password1": new, "password2": new,
        })
        assert response.status_code == 302
        assert is_logged_in(laptop)  # Django keeps the user logged in, under a new session key
        leaver.refresh_from_db()
        leaver.is_active = False
        leaver.save()
        assert not is_logged_in(laptop)

    def test_deactivating_through_the_admin_logs_the_leaver_out(self, training_admin):
        leaver = UserFactory(username="leaver")
        laptop = logged_in(leaver)
        admin = logged_in(UserFactory(username="root", is_staff=True, is_superuser=True))
        form = admin.get(reverse("admin:auth_user_change", args=[leaver.pk])).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None and k not in ("password", "groups",
                                                                                       "user_permissions")}
        data.update({"is_active": "", "date_joined_0": form.initial["date_joined"].strftime("%Y-%m-%d"),
                     "date_joined_1": form.initial["date_joined"].strftime("%H:%M:%S")})
        data.pop("date_joined")
        data.pop("last_login", None)
        response = admin.post(reverse("admin:auth_user_change", args=[leaver.pk]), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        leaver.refresh_from_db()
        assert leaver.is_active is False
        assert not is_logged_in(laptop)
