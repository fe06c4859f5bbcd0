"""Single sign-on against a real OpenID provider on 127.0.0.1 (tests/oidc.py): the first sign-in
makes the account, groups map to teams and roles at every sign-in, a verified email finds an
existing account, and a wrong issuer, a bad signature, an expired token and an unverified email
are each refused with a clear message."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import TeamFactory, UserFactory
from tests.oidc import Provider, sign_in, sso_settings
from training import access
from training.audit.models import AuditEvent, AuditKind

pytestmark = pytest.mark.django_db

GROUPS = {
    "sre-platform": {"team": "platform-ops", "role": "engineer"},
    "sre-leads": [{"team": "platform-ops", "role": "manager"}, {"role": "training_admin"}],
    "oncall-hosts": {"team": "platform-ops", "role": "host"},
}


@pytest.fixture
def provider(settings):
    with Provider() as running:
        sso_settings(settings, running, group_map=GROUPS)
        yield running


@pytest.fixture
def team(db):
    return TeamFactory(name="Platform Operations", slug="platform-ops")


def alice(provider, **overrides):
    claims = {"email": "alice@corp.example", "email_verified": True, "given_name": "Alice",
              "family_name": "Moreau", "preferred_username": "amoreau", "groups": ["sre-platform"], **overrides}
    provider.set_user("alice-sub", **claims)


def logged_in_user(client):
    return get_user_model().objects.filter(pk=client.session.get("_auth_user_id")).first()


class TestSignIn:
    def test_the_login_page_offers_the_provider(self, client, provider):
        page = client.get(reverse("account_login")).content.decode()
        assert "Sign in with Company SSO" in page and 'name="password"' in page

    def test_the_login_form_may_send_people_to_the_provider_and_nowhere_else(self, client, settings, provider):
        # The "Sign in with ..." form posts to our view, which redirects to the provider: browsers
        # check that redirect against the page's form-action.
        policy = client.get(reverse("account_login"))["Content-Security-Policy"]
        assert f"form-action 'self' {provider.url}" in policy
        settings.OIDC_ISSUER = ""
        assert "form-action 'self';" in client.get(reverse("account_login"))["Content-Security-Policy"] + ";"

    def test_sso_only_hides_the_password_form(self, client, settings, provider):
        settings.OIDC_ONLY = True
        page = client.get(reverse("account_login")).content.decode()
        assert "Sign in with Company SSO" in page and 'name="password"' not in page

    def test_the_first_sign_in_makes_the_account_with_its_team_and_role(self, client, provider, team):
        alice(provider)
        response = sign_in(client, provider, "alice-sub")
        assert response.status_code == 302 and response["Location"] == "/"
        user = logged_in_user(client)
        assert (user.username, user.email, user.get_full_name()) == ("amoreau", "alice@corp.example", "Alice Moreau")
        assert not user.has_usable_password()
        assert list(team.members.all()) == [user] and not team.managers.filter(pk=user.pk).exists()
        assert client.get("/").url == reverse("training:my_training")
        assert AuditEvent.objects.filter(kind=AuditKind.ROLE_CHANGE, summary="amoreau joined team Platform "
                                                                               "Operations").exists()

    def test_groups_are_applied_again_at_every_sign_in(self, client, provider, team):
        alice(provider)
        sign_in(client, provider, "alice-sub")
        user = logged_in_user(client)
        client.post(reverse("account_logout"))
        alice(provider, groups=["sre-leads", "oncall-hosts"])
        sign_in(client, provider, "alice-sub")
        assert logged_in_user(client) == user
        assert not team.members.filter(pk=user.pk).exists()
        assert team.managers.filter(pk=user.pk).exists() and team.hosts.filter(pk=user.pk).exists()
        assert access.is_training_admin(get_user_model().objects.get(pk=user.pk))
        assert client.get("/").url == reverse("training:team")

    def test_a_group_map_team_that_does_not_exist_is_made(self, client, provider):
        alice(provider)
        sign_in(client, provider, "alice-sub")
        user = logged_in_user(client)
        assert list(user.teams.values_list("slug", flat=True)) == ["platform-ops"]

    def test_a_verified_email_signs_in_the_existing_account(self, client, provider, team):
        existing = UserFactory(username="alice", email="alice@corp.example")
        alice(provider)
        sign_in(client, provider, "alice-sub")
        assert logged_in_user(client) == existing
        assert get_user_model().objects.filter(email="alice@corp.example").count() == 1
        assert team.members.filter(pk=existing.pk).exists()

    def test_a_deactivated_person_cannot_sign_in(self, client, provider, team):
        UserFactory(username="alice", email="alice@corp.example", is_active=False)
        alice(provider)
        response = sign_in(client, provider, "alice-sub")
        assert logged_in_user(client) is None
        assert response.status_code == 302 and response["Location"] == reverse("account_inactive")


class TestRefusals:
    def refused(self, response, client, message):
        page = response.content.decode()
        assert response.status_code in (401, 403), response.status_code
        assert "Sign-in refused" in page and message in page, page[:2000]
        assert logged_in_user(client) is None
        assert not get_user_model().objects.filter(email="alice@corp.example").exists()

    def test_an_unverified_email_is_refused(self, client, provider):
        alice(provider, email_verified=False)
        self.refused(sign_in(client, provider, "alice-sub"), client,
                     "Your identity provider has not verified the email address alice@corp.example")

    def test_a_token_signed_with_another_key_is_refused(self, client, provider):
        alice(provider)
        provider.tampering.forge_keys = True
        self.refused(sign_in(client, provider, "alice-sub"), client,
                     "signature does not match the keys your identity provider publishes")

    def test_a_provider_naming_another_issuer_is_refused(self, client, provider):
        alice(provider)
        provider.tampering.issuer = "https://login.other.example"
        self.refused(sign_in(client, provider, "alice-sub"), client, "says its issuer is https://login.other.example")

    def test_an_expired_token_is_refused(self, client, settings):
        with Provider(token_max_age=timedelta(seconds=-120)) as expired:
            sso_settings(settings, expired, group_map=GROUPS)
            alice(expired)
            self.refused(sign_in(client, expired, "alice-sub"), client, "has expired: sign in again")
