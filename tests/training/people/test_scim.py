"""Directory provisioning with SCIM 2.0: a token made by ``scim_token``, users created, patched and
deactivated, group membership mapping to teams and roles, and the scim2-tester compliance checks
against the live test server on 127.0.0.1."""

import io
import json

import httpx2
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.factories import TeamFactory
from training.audit.models import AuditEvent
from training.people.models import DirectoryGroup

pytestmark = pytest.mark.django_db
SCIM = "application/scim+json"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
GROUPS = {"sre-platform": {"team": "platform-ops", "role": "engineer"},
          "oncall-hosts": {"team": "platform-ops", "role": "host"}}


def make_token(name="okta"):
    out = io.StringIO()
    call_command("scim_token", "create", "--name", name, stdout=out)
    return out.getvalue().split()[-1]


class Directory:
    """The directory's connector: JSON over the test client, with its bearer token."""

    def __init__(self, token):
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def call(self, method, path, body=None):
        response = getattr(self.client, method)(f"/scim/v2/{path}", data=json.dumps(body) if body else None,
                                                content_type=SCIM)
        return response.status_code, (json.loads(response.content) if response.content else None)

    def create_user(self, username, email, active=True, **extra):
        return self.call("post", "Users", {"schemas": [USER_SCHEMA], "userName": username, "active": active,
                                           "name": {"givenName": "Dana", "familyName": "Ortiz"},
                                           "emails": [{"value": email, "primary": True}], **extra})

    def patch(self, path, *operations):
        return self.call("patch", path, {"schemas": [PATCH_SCHEMA], "Operations": list(operations)})


@pytest.fixture
def directory(settings):
    settings.OIDC_GROUP_MAP = json.dumps(GROUPS)
    return Directory(make_token())


class TestTokens:
    def test_no_token_a_wrong_one_or_a_revoked_one_is_refused(self):
        token = make_token()
        assert Client().get("/scim/v2/Users").status_code == 401
        assert Directory("scim_wrong").call("get", "Users")[0] == 401
        assert Directory(token).call("get", "Users")[0] == 200
        call_command("scim_token", "revoke", "okta", stdout=io.StringIO())
        assert Directory(token).call("get", "Users")[0] == 401

    def test_the_token_is_stored_hashed_and_shown_once(self):
        from training.people.models import DirectoryToken

        token = make_token()
        assert token.startswith("scim_") and not DirectoryToken.objects.filter(token_hash=token).exists()

    def test_a_logged_in_person_cannot_use_the_endpoints(self, client_for, training_admin):
        assert client_for(training_admin).get("/scim/v2/Users").status_code == 401


class TestUsers:
    def test_create_read_and_find_a_user(self, directory):
        status, user = directory.create_user("dana", "dana@example.com", externalId="00u1")
        assert status == 201 and user["userName"] == "dana" and user["externalId"] == "00u1"
        dana = get_user_model().objects.get(username="dana")
        assert dana.email == "dana@example.com" and not dana.has_usable_password()
        assert directory.call("get", f"Users/{user['id']}")[1]["emails"][0]["value"] == "dana@example.com"
        found = directory.call("get", 'Users?filter=userName eq "dana"')[1]
        assert found["totalResults"] == 1 and found["Resources"][0]["id"] == user["id"]

    def test_a_taken_username_is_a_conflict(self, directory):
        directory.create_user("dana", "dana@example.com")
        assert directory.create_user("dana", "other@example.com")[0] == 409

    def test_patch_changes_the_name(self, directory):
        _, user = directory.create_user("dana", "dana@example.com")
        status, _ = directory.patch(f"Users/{user['id']}", {"op": "replace", "path": "name.givenName",
                                                            "value": "Danielle"})
        assert status == 200
        assert get_user_model().objects.get(username="dana").first_name == "Danielle"

    def test_deactivating_ends_sessions_drops_host_roles_and_keeps_the_account(self, directory):
        _, user = directory.create_user("dana", "dana@example.com")
        dana = get_user_model().objects.get(username="dana")
        team = TeamFactory(slug="platform-ops")
        team.hosts.add(dana)
        browser = Client()
        browser.force_login(dana)
        status, body = directory.patch(f"Users/{user['id']}", {"op": "replace", "value": {"active": False}})
        assert status == 200 and body["active"] is False
        dana.refresh_from_db()
        assert not dana.is_active and not team.hosts.filter(pk=dana.pk).exists()
        assert browser.get("/me/").status_code == 302  # signed out
        event = AuditEvent.objects.filter(summary__startswith="dana deactivated").get()
        assert (event.actor, event.actor_name, event.origin) == (None, "directory:okta", "directory (SCIM)")

    def test_delete_deactivates_and_hides_the_person_but_keeps_the_record(self, directory):
        _, user = directory.create_user("dana", "dana@example.com")
        assert directory.call("delete", f"Users/{user['id']}")[0] == 204
        assert directory.call("get", f"Users/{user['id']}")[0] == 404
        assert not get_user_model().objects.get(username="dana").is_active


class TestGroups:
    def test_group_membership_maps_to_teams_and_roles(self, directory):
        _, dana = directory.create_user("dana", "dana@example.com")
        status, group = directory.call("post", "Groups", {"schemas": [GROUP_SCHEMA], "displayName": "sre-platform",
                                                          "members": [{"value": dana["id"]}]})
        assert status == 201
        person = get_user_model().objects.get(username="dana")
        assert list(person.teams.values_list("slug", flat=True)) == ["platform-ops"]
        _, hosts = directory.call("post", "Groups", {"schemas": [GROUP_SCHEMA], "displayName": "oncall-hosts"})
        directory.patch(f"Groups/{hosts['id']}", {"op": "add", "path": "members", "value": [{"value": dana["id"]}]})
        assert person.host_of_teams.filter(slug="platform-ops").exists()
        directory.patch(f"Groups/{group['id']}", {"op": "remove", "path": f'members[value eq "{dana["id"]}"]'})
        assert not person.teams.exists()
        assert directory.call("delete", f"Groups/{hosts['id']}")[0] == 204
        assert not person.host_of_teams.exists() and not DirectoryGroup.objects.filter(display_name="oncall-hosts")


@pytest.mark.django_db(transaction=True)
def test_scim2_tester_finds_no_failure(live_server, settings):
    """The scim2-tester compliance checks, over HTTP, against the live server on 127.0.0.1."""
    from scim2_client.engines.httpx2 import SyncSCIMClient
    from scim2_tester import Status, check_server

    settings.OIDC_GROUP_MAP = json.dumps(GROUPS)
    token = make_token("tester")
    with httpx2.Client(base_url=f"{live_server.url}/scim/v2", headers={"Authorization": f"Bearer {token}"},
                      timeout=20) as http:
        results = check_server(SyncSCIMClient(http))
    failures = [f"{r.title}: {r.reason}" for r in results if r.status == Status.ERROR]
    assert not failures, "\n".join(failures)
    passed = {(r.resource_type, r.title) for r in results if r.status == Status.SUCCESS}
    for resource in ("User", "Group"):  # the operations Shiftready supports were all checked
        for check in ("object_creation", "object_query", "object_replacement", "object_deletion",
                      "check_add_attribute", "check_replace_attribute", "check_remove_attribute"):
            assert (resource, check) in passed, (resource, check)
