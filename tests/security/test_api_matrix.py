"""The access matrix of the API: every API URL, for every role of DESIGN.md with a token acting as
that person (every scope, so only who they are decides), against the objects of one team.
A URL of the API missing from API_TABLE fails the test with its name. Scopes themselves are
tests/training/api/test_api.py's."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.security.test_access_matrix import E, fingerprint, project_routes
from tests.security.world import ROLES, World
from training.api.models import Scope
from training.api.tokens import service_token_create

TEAM = {"engineer": 200, "engineer2": 200, "mentor": 200, "host": 200, "manager": 200, "admin": 200}
SEES_ENROLLMENT = {"engineer": 200, "mentor": 200, "manager": 200, "admin": 200}
SEES_CERTIFIED = {"engineer2": 200, "mentor": 200, "manager": 200, "admin": 200}

# URL name -> (kwargs from the world, expected answer to GET per role's token).
API_TABLE = {
    **{f"api:{name}": (lambda w: {}, E(200, anon=401)) for name in (
        "person-list", "team-list", "track-list", "enrollment-list", "certificate-list")},
    "api:person-detail": (lambda w: {"username": w.engineer.username}, E(404, anon=401, **TEAM)),
    "api:team-detail": (lambda w: {"slug": w.team.slug}, E(404, anon=401, **TEAM)),
    "api:team-on-call-eligible": (lambda w: {"slug": w.team.slug}, E(404, anon=401, **TEAM)),
    "api:track-detail": (lambda w: {"slug": w.track.slug}, E(200, anon=401)),
    "api:enrollment-detail": (lambda w: {"pk": w.enrollment.pk}, E(404, anon=401, **SEES_ENROLLMENT)),
    "api:certificate-detail": (lambda w: {"code": w.certificate.code}, E(404, anon=401, **SEES_CERTIFIED)),
    "api:shadow-shift-list": (lambda w: {}, E(405, anon=401)),
    # Webhooks are a training admin's: anyone else's token finds none.
    "api:webhook-list": (lambda w: {}, E(200, anon=401)),
    "api:webhook-detail": (lambda w: {"pk": w.webhook.pk}, E(404, anon=401, admin=200)),
    **{f"api:webhook-{name}": (lambda w: {"pk": w.webhook.pk}, E(405, anon=401)) for name in ("ping", "rotate-secret")},
    "api:schema": (lambda w: {}, E(200, anon=401)),
    "api:docs": (lambda w: {}, E("login")),  # for people signed in, not for tokens
    "api:unknown": (lambda w: {"rest": "nothing"}, E(404, anon=404)),
}

# Writes that must be refused, with what a real client would send; each must answer as listed
# and change nothing. (Roles allowed to write are None.)
REFUSED_WRITES = {
    # Only the other team's manager (and a training admin) may enrol the other team's engineer.
    "api:enrollment-list": (lambda w: {"engineer": w.outsider.username, "track": w.track.slug},
                            E(409, anon=401, other_manager=None, admin=None)),
    # The engineer, their manager or a training admin records the engineer's shift; never the host.
    "api:shadow-shift-list": (lambda w: {
        "engineer": w.engineer.username, "host": w.host.username,
        "start": (timezone.now() - datetime.timedelta(hours=5)).isoformat(),
        "end": (timezone.now() - datetime.timedelta(hours=1)).isoformat()},
        E(409, anon=401, engineer=None, manager=None, admin=None)),
    "api:webhook-list": (lambda w: {"url": "http://127.0.0.1:9/new", "events": ["all"]},
                         E(409, anon=401, admin=None)),
}


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    return World(django_capture_on_commit_callbacks)


def token_clients(world):
    clients = {"anon": Client(raise_request_exception=False)}
    for role in ROLES[1:]:
        _, raw = service_token_create(name=f"as-{role}", scopes=list(Scope.values), by=None,
                                      acting_as=world.user(role))
        clients[role] = Client(raise_request_exception=False, headers={"Authorization": f"Bearer {raw}"})
    return clients


def answer_of(response):
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("account_login")) else 302
    return response.status_code


def test_every_api_url_is_in_the_table():
    routes = {name for name in project_routes() if name.startswith("api:")}
    assert routes == set(API_TABLE), (f"missing: {sorted(routes - set(API_TABLE))}, "
                                      f"gone: {sorted(set(API_TABLE) - routes)}")


@pytest.mark.django_db
def test_every_roles_token_gets_the_expected_answer_on_every_api_url(world):
    clients = token_clients(world)
    unexpected = []
    for role in ROLES:
        for name, (kwargs, expected) in sorted(API_TABLE.items()):
            url = reverse(name, kwargs=kwargs(world))
            got = answer_of(clients[role].get(url))
            if got != expected[role]:
                unexpected.append(f"{role} GET {name} ({url}): {got}, expected {expected[role]}")
    assert not unexpected, "\n".join(unexpected)


@pytest.mark.django_db
def test_every_refused_write_is_refused_and_changes_nothing_and_the_allowed_ones_succeed(world, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True  # a receiver on this machine (never called: nothing commits)
    clients = token_clients(world)
    unexpected = []
    for name, (data, expected) in sorted(REFUSED_WRITES.items()):
        for role in ROLES:
            if expected[role] is None:
                continue
            before = fingerprint()
            response = clients[role].post(reverse(name), data(world), content_type="application/json")
            if response.status_code != expected[role]:
                unexpected.append(f"{role} POST {name}: {response.status_code}, expected {expected[role]}")
            elif fingerprint() != before:
                unexpected.append(f"{role} POST {name} changed something")
    assert not unexpected, "\n".join(unexpected)
    for name, (data, expected) in sorted(REFUSED_WRITES.items()):
        allowed = [role for role in ROLES if expected[role] is None]
        response = clients[allowed[0]].post(reverse(name), data(world), content_type="application/json")
        assert response.status_code == 201, (name, allowed[0], response.content)
