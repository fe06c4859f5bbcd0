"""The foundation: start pages, navigation per role, login everywhere, health, settings modes."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse

from tests.factories import UserFactory
from tests.urlwalk import iter_patterns, sample_path

ROOT = Path(__file__).resolve().parents[3]
# Open to anyone: the health check, and allauth's pages for people who are not logged in yet
# (log in, a second factor during login, password reset, email confirmation, single sign-on).
PUBLIC_ROUTES = {
    "healthz", "account_login", "account_signup", "account_inactive", "account_reset_password",
    "account_reset_password_done", "account_reset_password_from_key", "account_reset_password_from_key_done",
    "account_confirm_email", "account_email_verification_sent", "account_confirm_login_code", "mfa_authenticate",
    "mfa_login_webauthn", "socialaccount_login_cancelled", "socialaccount_login_error", "socialaccount_signup",
    "openid_connect_login", "openid_connect_callback", "account_logout", "people:invitation_accept",
}


def nav_items(response):
    html = response.content.decode()
    known = ("my-training", "my-team", "metrics", "queue", "admin-home", "django-admin")
    return {item for item in known if f'data-nav="{item}"' in html}


@pytest.mark.django_db
class TestNavigation:
    def test_engineer_sees_only_their_training(self, client_for, engineer, team):
        response = client_for(engineer).get(reverse("training:my_training"))
        assert nav_items(response) == {"my-training"}

    def test_manager_sees_team(self, client_for, manager, team):
        response = client_for(manager).get(reverse("training:team"))
        assert nav_items(response) == {"my-training", "my-team", "metrics", "queue"}

    def test_training_admin_sees_admin_entries(self, client_for, training_admin):
        response = client_for(training_admin).get(reverse("training:admin_home"))
        assert nav_items(response) == {"my-training", "metrics", "admin-home", "django-admin"}

    def test_footer_shows_version(self, client_for, engineer):
        from django.conf import settings

        response = client_for(engineer).get(reverse("training:my_training"))
        assert f"Shiftready {settings.SHIFTREADY_VERSION}" in response.content.decode()


@pytest.mark.django_db
class TestStartPages:
    def test_engineer_goes_to_my_training(self, client_for, engineer, team):
        assert client_for(engineer).get("/").url == reverse("training:my_training")

    def test_manager_goes_to_team(self, client_for, manager, team):
        assert client_for(manager).get("/").url == reverse("training:team")

    def test_training_admin_goes_to_admin_home(self, client_for, training_admin):
        assert client_for(training_admin).get("/").url == reverse("training:admin_home")

    def test_engineer_may_not_open_team_or_admin_pages(self, client_for, engineer, team):
        client = client_for(engineer)
        assert client.get(reverse("training:team")).status_code == 403
        assert client.get(reverse("training:admin_home")).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_from_every_page_but_the_public_ones(client):
    checked = 0
    for name, route in iter_patterns():
        if (route.startswith("admin/") or name in PUBLIC_ROUTES or (name or "").startswith("public:")
                or (name or "").startswith("scim:")  # the directory's token, never a session: 401
                or ((name or "").startswith("api:") and name != "api:docs")):  # a token, never a login page: 401
            continue
        path = sample_path(route.replace("^(?P<provider_id>[^/]+)/", "sso/"))
        response = client.get(path)
        assert response.status_code == 302, (name, path, response.status_code)
        assert response.url.startswith(reverse("account_login")), (name, path, response.url)
        checked += 1
    assert checked >= 4


@pytest.mark.django_db
def test_login_page_and_health_are_public(client):
    assert client.get(reverse("account_login")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200


@pytest.mark.django_db
def test_login_with_password_lands_on_start_page(client, engineer):
    response = client.post(reverse("account_login"), {"login": "engineer", "password": "pass"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("training:my_training")
    assert b"You are not enrolled in a track yet" in response.content


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client, engineer):
    response = client.post(reverse("account_login"), {"login": "engineer", "password": "nope"})
    assert response.status_code == 200
    assert b"The username and/or password you specified are not correct" in response.content


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_503_when_database_is_unreachable(client):
    with mock.patch("training.site.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_its_logins_work(client, capsys):
    from django.contrib.auth import get_user_model

    from training.teams.models import Team

    call_command("load_demo")
    counts = (get_user_model().objects.count(), Team.objects.count())
    call_command("load_demo")
    out = capsys.readouterr().out
    assert (get_user_model().objects.count(), Team.objects.count()) == counts
    assert "alice" in out and "shiftready" in out
    assert client.login(username="manager", password="shiftready")
    assert client.get("/").url == reverse("training:team")
    team = Team.objects.get(slug="platform-ops")
    assert list(team.managers.values_list("username", flat=True)) == ["manager"]
    assert {"alice", "bob", "carol"} <= set(team.members.values_list("username", flat=True))


def run_manage(*args, env_overrides):
    dropped = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_mode_refuses_a_missing_secret_key():
    result = run_manage("check", env_overrides={"SHIFTREADY_ENV": "production"})
    assert result.returncode != 0
    assert "needs a real SECRET_KEY" in result.stderr


def test_production_mode_refuses_the_development_key():
    result = run_manage(
        "check",
        env_overrides={"SHIFTREADY_ENV": "production", "SECRET_KEY": "django-insecure-" + "x" * 60},
    )
    assert result.returncode != 0


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env_overrides={
            "SHIFTREADY_ENV": "production",
            "SECRET_KEY": "k3y-" + "".join(chr(97 + (i * 7) % 26) for i in range(70)),
            "ALLOWED_HOSTS": "shiftready.example.com",
            "SITE_URL": "https://shiftready.example.com",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_process_of_the_site_loads_weasyprint_and_pyhanko_only_to_make_a_pdf(tmp_path):
    """Every URL and model loaded, as a web worker or a command has them; WeasyPrint and pyHanko
    (two seconds of a start) only once the process renders or signs a PDF."""
    heavy = "('weasyprint', 'pyhanko', 'fontTools', 'aiohttp')"
    code = ("import sys; from django.urls import get_resolver; get_resolver().url_patterns; "
            f"print('started', [m for m in {heavy} if m in sys.modules]); "
            "from training import pdf; from training.credentials import pdfsign; "
            "pdfsign.sign(pdf.html_to_pdf('<p>Hi</p>'), reason='test'); "
            f"print('signed', [m for m in {heavy} if m in sys.modules])")
    result = run_manage("shell", "--no-imports", "-c", code,
                        env_overrides={"CREDENTIAL_KEYS_DIR": str(tmp_path / "keys")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["started []", "signed ['weasyprint', 'pyhanko', 'fontTools', 'aiohttp']"]


PRODUCTION_KEY = "k3y-" + "".join(chr(97 + (i * 7) % 26) for i in range(70))


@pytest.mark.parametrize("site_url", [None, "http://shiftready.example.com", "shiftready.example.com"])
def test_production_mode_refuses_a_site_url_that_is_not_https(site_url):
    overrides = {"SHIFTREADY_ENV": "production", "SECRET_KEY": PRODUCTION_KEY,
                 "ALLOWED_HOSTS": "shiftready.example.com", "SITE_URL": site_url or ""}
    result = run_manage("check", env_overrides=overrides)
    assert result.returncode != 0
    assert "needs SITE_URL, the site's public https:// address" in result.stderr


@pytest.mark.django_db
def test_password_change_page_renders_for_a_user(client_for):
    user = UserFactory()
    assert client_for(user).get(reverse("account_change_password")).status_code == 200
