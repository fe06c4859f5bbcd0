"""Who may carry the pager: eligible when signed off with a valid certificate, not lapsed for
drift, account active; the record of who lost it and why, as the API answers it."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.training.certification.test_certificates import certified
from tests.training.factories import Org
from training.certification.certificates import certificate_revoke_unchecked
from training.certification.eligibility import eligibility_sync
from training.certification.models import Certificate, EligibilityChange, ReReadItem
from training.people.services import person_deactivate
from training.tracks.models import Track
from training.workflow.models import ShadowShift

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def org():
    return Org()


@pytest.fixture
def token(db):
    from io import StringIO

    out = StringIO()
    call_command("api_token", "create", "--name", "rota", stdout=out)
    return out.getvalue().split()[-1]


def answer(token, team):
    response = Client(headers={"Authorization": f"Bearer {token}"}).get(f"/api/v1/teams/{team.slug}/on-call-eligible/")
    assert response.status_code == 200, response.content
    return response.json()


def eligible_usernames(body):
    return [row["person"]["username"] for row in body["eligible"]]


def lost(body):
    return {row["person"]["username"]: row["reason"] for row in body["lost_recently"]}


def test_signed_off_with_a_valid_certificate_is_eligible(org, token):
    body = answer(token, org.team)
    assert body["eligible"] == [] and body["lost_recently"] == []
    certificate = certified(org)
    body = answer(token, org.team)
    assert eligible_usernames(body) == [org.engineer.username]
    assert body["eligible"][0]["certificate"]["code"] == certificate.display_code
    assert body["eligible"][0]["certificate"]["expires_on"] == certificate.expires_on.isoformat()
    gained = EligibilityChange.objects.get()
    assert gained.eligible and gained.engineer == org.engineer and gained.certificate == certificate


def test_a_revoked_certificate_ends_eligibility_at_once_with_the_reason(org, token):
    certificate = certified(org)
    certificate_revoke_unchecked(certificate=certificate, by=org.manager, reason="Failed the incident review")
    body = answer(token, org.team)
    assert body["eligible"] == []
    assert lost(body) == {org.engineer.username:
                          f"certificate {certificate.display_code} revoked: Failed the incident review"}
    assert EligibilityChange.objects.filter(eligible=False).count() == 1


def test_an_expired_certificate_ends_eligibility_and_the_daily_run_records_it_once(org, token):
    certificate = certified(org)
    Certificate.objects.filter(pk=certificate.pk).update(issued_on=TODAY - datetime.timedelta(days=400),
                                                         expires_on=TODAY - datetime.timedelta(days=1))
    body = answer(token, org.team)
    expired_on = (TODAY - datetime.timedelta(days=1)).strftime("%d %b %Y")
    assert body["eligible"] == []
    assert lost(body) == {org.engineer.username: f"certificate {certificate.display_code} expired on {expired_on}"}
    assert len(eligibility_sync()) == 1 and eligibility_sync() == []
    assert lost(answer(token, org.team)) == {org.engineer.username:
                                             f"certificate {certificate.display_code} expired on {expired_on}"}


def test_an_overdue_reread_lapses_eligibility_for_drift(org, token, settings):
    certificate = certified(org)
    settings.REREAD_GRACE_DAYS = 30
    item = ReReadItem.objects.create(engineer=org.engineer, certificate=certificate, document_slug="runbook",
                                     document_title="Main runbook", version="2.0",
                                     created_at=timezone.now() - datetime.timedelta(days=29))
    assert eligible_usernames(answer(token, org.team)) == [org.engineer.username]
    ReReadItem.objects.filter(pk=item.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    body = answer(token, org.team)
    assert body["eligible"] == []
    assert lost(body)[org.engineer.username].startswith("lapsed: has not re-read Main runbook v2.0")
    ReReadItem.objects.filter(pk=item.pk).update(done_at=timezone.now())
    assert eligible_usernames(answer(token, org.team)) == [org.engineer.username]


def test_no_on_call_shift_within_the_currency_rule_lapses_eligibility(org, token):
    certificate = certified(org)
    Track.objects.filter(slug=org.track.slug).update(currency_months=3)
    long_ago = TODAY - datetime.timedelta(days=120)
    Certificate.objects.filter(pk=certificate.pk).update(issued_on=long_ago)
    ShadowShift.objects.update(date=long_ago)
    assert lost(answer(token, org.team)) == {
        org.engineer.username: "lapsed: no confirmed on-call shift for 3 months"}
    ShadowShift.objects.update(date=TODAY - datetime.timedelta(days=10))
    assert eligible_usernames(answer(token, org.team)) == [org.engineer.username]


def test_a_deactivated_account_or_leaving_the_team_ends_eligibility(org, token):
    certified(org)
    second = Org(track=org.track, prefix="b-")
    certified(second)
    org.team.members.add(second.engineer)
    assert sorted(eligible_usernames(answer(token, org.team))) == sorted([org.engineer.username,
                                                                          second.engineer.username])
    person_deactivate(user=org.engineer, by=None)
    org.team.members.remove(second.engineer)
    body = answer(token, org.team)
    assert body["eligible"] == []
    assert lost(body) == {org.engineer.username: "account deactivated",
                          second.engineer.username: "no longer a member of the team"}
    # Recorded when it happened, not only computed: the record says so.
    assert set(EligibilityChange.objects.filter(team=org.team, eligible=False).values_list("reason", flat=True)) == {
        "account deactivated", "no longer a member of the team"}
    assert eligible_usernames(answer(token, second.team)) == [second.engineer.username]


def test_losses_older_than_30_days_are_not_listed_and_a_regain_clears_it(org, token):
    certificate = certified(org)
    certificate_revoke_unchecked(certificate=certificate, by=org.manager, reason="Left the rota")
    EligibilityChange.objects.filter(eligible=False).update(at=timezone.now() - datetime.timedelta(days=31))
    assert answer(token, org.team)["lost_recently"] == []
    EligibilityChange.objects.filter(eligible=False).update(at=timezone.now() - datetime.timedelta(days=3))
    assert list(lost(answer(token, org.team))) == [org.engineer.username]
    # Eligible again (as a renewed certificate would make them): no longer listed as lost.
    Certificate.objects.update(revoked_at=None, revoked_by=None, revocation_reason="")
    assert [c.eligible for c in eligibility_sync()] == [True]
    assert answer(token, org.team)["lost_recently"] == []


def test_the_track_filter_counts_only_that_tracks_certificates(org, token):
    certified(org)
    client = Client(headers={"Authorization": f"Bearer {token}"})
    url = f"/api/v1/teams/{org.team.slug}/on-call-eligible/"
    assert len(client.get(url, {"track": org.track.slug}).json()["eligible"]) == 1
    assert client.get(url, {"track": "database"}).json()["eligible"] == []
