"""The REST API: tokens and scopes, what each token's person may see, the writes through the
same services as the pages, and one error shape."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import TeamFactory, UserFactory
from tests.training.certification.test_certificates import certified
from tests.training.factories import Org, simple_track
from training.api.models import ApiToken, Scope
from training.api.tokens import personal_token_create, service_token_create, token_revoke
from training.audit.models import AuditEvent
from training.people.models import token_digest
from training.people.services import person_deactivate
from training.teams.models import person_name
from training.tracks.models import StepKind
from training.workflow.models import Enrollment, ShadowShift, ShiftState, SignOff, SignOffAction

pytestmark = pytest.mark.django_db


def command_token(*args):
    """``api_token create ...`` as a script would run it: the token is the last word."""
    from io import StringIO

    out = StringIO()
    call_command("api_token", "create", *args, stdout=out)
    return out.getvalue().split()[-1]


def api(token):
    return Client(headers={"Authorization": f"Bearer {token}"})


def get(token, path, **params):
    return api(token).get(f"/api/v1/{path}", params)


def post(token, path, data):
    return api(token).post(f"/api/v1/{path}", data, content_type="application/json")


@pytest.fixture
def org():
    return Org()


# --- Tokens ----------------------------------------------------------------------------------


def test_the_command_prints_a_token_that_is_stored_only_as_its_hash(org):
    token = command_token("--name", "hr-onboarding", "--scopes", "read,enroll")
    stored = ApiToken.objects.get(name="hr-onboarding")
    assert token.startswith("srt_") and stored.token_hash == token_digest(token)
    assert not ApiToken.objects.filter(token_hash=token).exists()
    assert stored.scopes == ["read", "enroll"] and stored.service_account
    assert stored.user.username == "svc-hr-onboarding" and not stored.user.has_usable_password()
    assert get(token, "teams/").json()["results"][0]["slug"] == org.team.slug


def test_a_revoked_expired_or_deactivated_token_is_refused_at_once(org):
    token = command_token("--name", "rota", "--user", org.manager.username)
    assert get(token, "teams/").status_code == 200
    token_revoke(token=ApiToken.objects.get(name="rota"), by=None)
    response = get(token, "teams/")
    assert response.status_code == 401
    assert response.json()["error"] == {"status": 401, "code": "not_authenticated",
                                        "message": "The token is unknown, expired or revoked."}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'

    _, expiring = personal_token_create(user=org.engineer, name="script",
                                        expires_at=timezone.now() + datetime.timedelta(days=1))
    assert get(expiring, "enrollments/").status_code == 200
    ApiToken.objects.filter(name="script").update(expires_at=timezone.now() - datetime.timedelta(seconds=1),
                                                  created_at=timezone.now() - datetime.timedelta(days=2))
    assert get(expiring, "enrollments/").status_code == 401

    _, mine = personal_token_create(user=org.mentor, name="mine",
                                    expires_at=timezone.now() + datetime.timedelta(days=9))
    person_deactivate(user=org.mentor, by=None)
    assert get(mine, "enrollments/").status_code == 401


def test_no_token_or_a_made_up_one_is_refused(org):
    assert Client().get("/api/v1/teams/").json()["error"]["code"] == "not_authenticated"
    assert get("srt_not-a-token", "teams/").status_code == 401
    assert Client(headers={"Authorization": "Basic abc"}).get("/api/v1/teams/").status_code == 401


def test_a_personal_token_reads_only_and_expires_within_a_year(org):
    from training.errors import TrainingError

    with pytest.raises(TrainingError, match="within a year"):
        personal_token_create(user=org.engineer, name="forever", expires_at=None)
    token, raw = personal_token_create(user=org.engineer, name="rota script",
                                       expires_at=timezone.now() + datetime.timedelta(days=30))
    assert token.scopes == [Scope.READ]
    response = post(raw, "enrollments/", {"engineer": org.engineer.username, "track": org.track.slug})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "This token lacks the “enroll” scope."


# --- Who sees what ------------------------------------------------------------------------------


@pytest.fixture
def two_teams(org):
    other = Org(track=org.track, prefix="b-")
    return org, other


def usernames(response):
    return sorted(row["engineer"]["username"] for row in response.json()["results"])


def test_a_managers_token_sees_only_their_teams(two_teams):
    mine, other = two_teams
    token = command_token("--name", "mgr", "--user", mine.manager.username)
    assert [t["slug"] for t in get(token, "teams/").json()["results"]] == [mine.team.slug]
    assert get(token, f"teams/{other.team.slug}/").status_code == 404
    assert get(token, f"teams/{other.team.slug}/on-call-eligible/").status_code == 404
    assert usernames(get(token, "enrollments/")) == [mine.engineer.username]
    assert get(token, f"enrollments/{other.enrollment.pk}/").status_code == 404
    people = {p["username"] for p in get(token, "people/").json()["results"]}
    assert mine.engineer.username in people and other.engineer.username not in people
    assert get(token, f"people/{other.engineer.username}/").json()["error"]["code"] == "not_found"


def test_an_engineers_token_sees_their_own_training_and_their_team(two_teams):
    mine, other = two_teams
    _, raw = personal_token_create(user=mine.engineer, name="me",
                                   expires_at=timezone.now() + datetime.timedelta(days=5))
    assert usernames(get(raw, "enrollments/")) == [mine.engineer.username]
    Org(track=mine.track, prefix="c-").team.members.add(mine.mentor)  # the mentor's other team: not mine
    assert [t["slug"] for t in get(raw, "teams/").json()["results"]] == [mine.team.slug]
    assert get(raw, f"people/{other.manager.username}/").status_code == 404


def test_a_service_token_sees_everyone(two_teams):
    token = command_token("--name", "iam")
    assert len(get(token, "enrollments/").json()["results"]) == 2
    assert len(get(token, "teams/").json()["results"]) == 2


def test_lists_filter_and_page(two_teams):
    mine, other = two_teams
    token = command_token("--name", "hr")
    assert usernames(get(token, "enrollments/", team=other.team.slug)) == [other.engineer.username]
    assert usernames(get(token, "enrollments/", engineer=mine.engineer.username)) == [mine.engineer.username]
    assert usernames(get(token, "enrollments/", status="ready")) == []
    page = get(token, "enrollments/", page_size=1).json()
    assert page["count"] == 2 and len(page["results"]) == 1 and "page=2" in page["next"]
    bad = get(token, "enrollments/", status="asleep")
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["status"]


def test_an_enrollment_says_its_progress_and_what_it_waits_for(org):
    from training.workflow import services

    services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer, notes="Done",
                                 ticks=[0, 1])
    token = command_token("--name", "hr")
    row = get(token, f"enrollments/{org.enrollment.pk}/").json()
    assert row["progress"] == {"steps_done": 0, "steps_total": 4, "percent": 0}
    assert row["waiting_on"] == "mentor (1 log)"
    assert row["track"] == {"slug": "simple", "name": "Simple track", "version": 1}


def test_tracks_list_every_version(org):
    simple_track(text=SIMPLE_V2)
    token = command_token("--name", "hr")
    track = get(token, "tracks/simple/").json()
    assert track["version"] == 2 and track["steps"] == 5
    assert [v["version"] for v in track["versions"]] == [2, 1]
    assert [v["is_current"] for v in track["versions"]] == [True, False]


SIMPLE_V2 = """---
name: Simple track
slug: simple
hours: 2
validity_months: 12
readiness:
  Core knowledge:
    - Knows the system
---
## Week 1: Foundations
- [ ] Exercise: Practise the thing {{ref: {exercise}}}
- [ ] Confirm your pager works
- [ ] Check the dashboards
- [ ] Shadow an on-call engineer {{hours: 4, lead: 1}}

## Week 2: Sign-off
- [ ] Manager sign-off
"""


def test_certificates_with_state_and_expiry(org):
    certificate = certified(org)
    token = command_token("--name", "hr")
    row = get(token, f"certificates/{certificate.display_code.lower()}/").json()
    assert row["code"] == certificate.display_code and row["state"] == "valid"
    assert row["expires_on"] == certificate.expires_on.isoformat()
    assert row["verify_url"].endswith(f"/verify/{certificate.code}/")
    assert row["credential_url"].endswith(f"/verify/{certificate.display_code}/credential.jwt")
    assert get(token, "certificates/", state="revoked").json()["count"] == 0
    assert get(token, "certificates/", state="valid").json()["count"] == 1


# --- Writes ------------------------------------------------------------------------------------


def test_enrolling_through_the_api_is_the_enrol_forms_service_with_its_audit(org):
    newcomer = UserFactory(username="newcomer")
    org.team.members.add(newcomer)
    token = command_token("--name", "hr-onboarding", "--scopes", "read,enroll")
    response = post(token, "enrollments/", {"engineer": "newcomer", "track": "simple", "mentor": org.mentor.username})
    assert response.status_code == 201, response.json()
    enrollment = Enrollment.objects.get(pk=response.json()["id"])
    assert enrollment.manager == org.manager and enrollment.mentor == org.mentor
    assert enrollment.progress.count() == 4
    signoff = SignOff.objects.get(enrollment=enrollment, action=SignOffAction.ENROLLED)
    assert signoff.by.username == "svc-hr-onboarding"
    event = AuditEvent.objects.get(signoff=signoff)
    assert event.origin == "API token hr-onboarding" and event.actor_name == "svc-hr-onboarding"

    again = post(token, "enrollments/", {"engineer": "newcomer", "track": "simple"})
    assert again.status_code == 409
    assert again.json()["error"] == {"status": 409, "code": "refused",
                                     "message": f"{person_name(newcomer)} is already enrolled in Simple track."}


def test_the_enrol_rules_refuse_through_the_api_too(two_teams):
    mine, other = two_teams
    token = command_token("--name", "mgr", "--user", mine.manager.username, "--scopes", "read,enroll")
    stranger = post(token, "enrollments/", {"engineer": other.engineer.username, "track": "simple"})
    assert stranger.status_code == 409
    assert stranger.json()["error"]["message"] == "You may only enrol engineers of a team you manage."
    own_mentor = post(token, "enrollments/", {"engineer": mine.host.username, "track": "simple",
                                              "mentor": mine.host.username})
    assert own_mentor.json()["error"]["message"] == "An engineer cannot be their own mentor."
    loner = UserFactory(username="loner")
    service = command_token("--name", "hr", "--scopes", "enroll")
    refused = post(service, "enrollments/", {"engineer": "loner", "track": "simple"})
    assert refused.json()["error"]["message"] == (
        f"{person_name(loner)} has no manager: add them to a team that has one first.")
    invalid = post(service, "enrollments/", {"engineer": "nobody", "track": "nothing", "target_date": "soon"})
    assert invalid.status_code == 400
    assert set(invalid.json()["error"]["fields"]) == {"engineer", "track", "target_date"}
    assert Enrollment.objects.count() == 2


def test_a_shift_from_the_paging_system_waits_for_the_host(org):
    token = command_token("--name", "pagerduty", "--scopes", "shifts")
    start = timezone.now() - datetime.timedelta(hours=6)
    response = post(token, "shadow-shifts/", {
        "engineer": org.engineer.username, "host": org.host.username, "start": start.isoformat(),
        "end": (start + datetime.timedelta(hours=4, minutes=30)).isoformat(), "role": "assist",
        "incidents": [{"id": "PD-123", "severity": "P2"}, {"id": "PD-124"}]})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "pending" and body["hours"] == "4.5" and body["incidents"] == ["PD-123", "PD-124"]
    shift = ShadowShift.objects.get(pk=body["id"])
    assert shift.state == ShiftState.PENDING and shift.host == org.host
    assert sorted(shift.incidents.values_list("reference", "severity")) == [("PD-123", "P2"), ("PD-124", "")]
    assert SignOff.objects.get(shadow_shift=shift, action=SignOffAction.LOGGED).by.username == "svc-pagerduty"

    from training.workflow import services

    services.shadow_shift_confirm(shift=shift, by=org.host)
    shift.refresh_from_db()
    assert shift.state == ShiftState.CONFIRMED


def test_a_shift_is_refused_as_on_the_page(org):
    token = command_token("--name", "pagerduty", "--scopes", "shifts")
    start = timezone.now() - datetime.timedelta(hours=6)
    body = {"engineer": org.engineer.username, "host": org.engineer.username, "start": start.isoformat(),
            "end": (start + datetime.timedelta(hours=2)).isoformat()}
    refused = post(token, "shadow-shifts/", body)
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == "The host must be the on-call engineer you shadowed, not yourself."
    backwards = post(token, "shadow-shifts/", body | {"host": org.host.username, "end": start.isoformat()})
    assert backwards.json()["error"]["fields"] == {"end": ["The shift ends after it starts."]}
    future = timezone.now() + datetime.timedelta(days=2)
    assert post(token, "shadow-shifts/", body | {
        "host": org.host.username, "start": future.isoformat(),
        "end": (future + datetime.timedelta(hours=1)).isoformat()}).json()["error"]["message"] == (
        "A shadow shift cannot be in the future.")
    nul = post(token, "shadow-shifts/", body | {"host": "host\x00"})  # PostgreSQL refuses it in a query
    assert nul.status_code == 400 and nul.json()["error"]["fields"] == {"host": ["Null characters are not allowed."]}
    read_only = command_token("--name", "reader")
    assert post(read_only, "shadow-shifts/", body | {"host": org.host.username}).status_code == 403
    assert not ShadowShift.objects.exists()


def test_a_shift_names_a_host_eligible_on_the_engineer_s_team_or_listed_there(org):
    token = command_token("--name", "pagerduty", "--scopes", "shifts")
    start = timezone.now() - datetime.timedelta(hours=30)
    body = {"engineer": org.engineer.username, "start": start.isoformat(),
            "end": (start + datetime.timedelta(hours=24)).isoformat(), "role": "lead"}
    trainee = UserFactory(username="trainee")
    org.team.members.add(trainee)
    refused = post(token, "shadow-shifts/", body | {"host": trainee.username})
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == (
        f"{person_name(trainee)} cannot host {person_name(org.engineer)}'s shadow shifts: a host must be eligible "
        f"for on-call on a team of {person_name(org.engineer)}'s, or listed as a shadow host of that team by its "
        "manager.")
    assert not ShadowShift.objects.exists()
    veteran_org = Org(prefix="v-", track=org.track)
    certified(veteran_org)
    org.team.members.add(veteran_org.engineer)
    accepted = post(token, "shadow-shifts/", body | {"host": veteran_org.engineer.username})
    assert accepted.status_code == 201, accepted.json()
    assert ShadowShift.objects.get(progress__enrollment=org.enrollment).host == veteran_org.engineer


def test_requests_beyond_the_rate_are_throttled_per_token(org, settings):
    settings.API_RATE = "2/minute"
    token, other = command_token("--name", "a"), command_token("--name", "b")
    assert [get(token, "teams/").status_code for _ in range(3)] == [200, 200, 429]
    throttled = get(token, "teams/")
    assert throttled.json()["error"]["code"] == "throttled" and int(throttled["Retry-After"]) > 0
    assert get(other, "teams/").status_code == 200


# --- The API tokens page -------------------------------------------------------------------------


def test_a_person_makes_a_read_token_shown_once_and_revokes_it(org, client_for):
    client = client_for(org.engineer)
    page = client.post("/account/api-tokens/", {"kind": "personal", "personal-name": "rota", "personal-days": "30"})
    raw = page.context["created"]
    assert raw in page.content.decode() and "shown only once" in page.content.decode()
    assert get(raw, "enrollments/").status_code == 200
    assert raw not in client.get("/account/api-tokens/").content.decode()
    token = ApiToken.objects.get(name="rota")
    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert get(raw, "enrollments/").status_code == 401
    assert "service-name" not in page.content.decode()  # no service tokens for an engineer


def test_only_a_training_admin_makes_service_tokens_and_sees_every_token(org, training_admin, client_for):
    _, manager_token = personal_token_create(user=org.manager, name="mgr",
                                             expires_at=timezone.now() + datetime.timedelta(days=3))
    client = client_for(org.engineer)
    client.post("/account/api-tokens/", {"kind": "service", "service-name": "sneaky", "service-scopes": ["enroll"]})
    assert not ApiToken.objects.filter(name="sneaky").exists()
    mgr = ApiToken.objects.get(name="mgr")
    assert client.post(f"/account/api-tokens/{mgr.pk}/revoke/").status_code == 404

    admin = client_for(training_admin)
    page = admin.post("/account/api-tokens/", {"kind": "service", "service-name": "paging-sync",
                                               "service-scopes": ["read", "shifts"],
                                               "service-acting_as": str(org.manager.pk)})
    made = ApiToken.objects.get(name="paging-sync")
    assert made.user == org.manager and made.scopes == ["read", "shifts"] and not made.service_account
    assert page.context["created"].startswith("srt_")
    listing = admin.get("/account/api-tokens/").content.decode()
    assert 'data-token="mgr"' in listing and 'data-token="paging-sync"' in listing
    admin.post(f"/account/api-tokens/{mgr.pk}/revoke/")
    assert get(manager_token, "teams/").status_code == 401


def test_the_tokens_page_query_count_does_not_grow(training_admin, client_for, django_assert_max_num_queries):
    client = client_for(training_admin)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/account/api-tokens/").status_code == 200
        return len(ctx)

    service_token_create(name="one", scopes=["read"], by=training_admin)
    count()  # the first request notes the session's checks
    few = count()
    for n in range(6):
        service_token_create(name=f"more-{n}", scopes=["read"], by=training_admin)
    assert count() == few


# --- Fixed query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["people/", "teams/", "enrollments/", "certificates/", "tracks/"])
def test_list_query_counts_do_not_grow_with_the_data(org, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    token = command_token("--name", "iam")
    certified(org)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert get(token, path).status_code == 200
        return len(ctx)

    count()  # the first use of a token notes when it was used
    few = count()
    for n in range(3):
        other = Org(track=org.track, prefix=f"x{n}-")
        certified(other)
        TeamFactory(members=[other.engineer])
    assert count() == few
