"""The API's eligibility answer lists each member's readiness levels granted now, and never counts
a level as eligibility."""

import pytest
from django.core.management import call_command
from django.test import Client

from training.levels import services
from training.workflow import services as workflow

from .conftest import week_2_done

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(db):
    from io import StringIO

    out = StringIO()
    call_command("api_token", "create", "--name", "rota", stdout=out)
    return out.getvalue().split()[-1]


def answer(token, team, **params):
    response = Client(headers={"Authorization": f"Bearer {token}"}).get(
        f"/api/v1/teams/{team.slug}/on-call-eligible/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_each_member_with_levels_is_listed_with_them_and_is_not_eligible(org, token):
    assert answer(token, org.team)["readiness_levels"] == []
    week_2_done(org)
    services.level_grant(enrollment=org.enrollment, level="Escalation backup", by=org.manager)
    services.level_grant(enrollment=org.enrollment, level="Support rota", by=org.manager)
    body = answer(token, org.team)
    assert body["eligible"] == []
    [row] = body["readiness_levels"]
    assert row["person"] == {"username": org.engineer.username, "name": org.engineer.get_full_name()}
    assert row["eligible"] is False
    assert [(lv["level"], lv["track"], lv["stage"]) for lv in row["levels"]] == [
        ("Support rota", "levels", "Week 1: Foundations"), ("Escalation backup", "levels", "Week 2: Incidents")]
    assert row["levels"][0]["granted_by"]["username"] == org.manager.username

    # A revoked level is gone from the answer; the track filter counts only that track's levels.
    services.level_revoke(enrollment=org.enrollment, level="Support rota", by=org.manager, reason="Too early")
    assert [lv["level"] for lv in answer(token, org.team)["readiness_levels"][0]["levels"]] == ["Escalation backup"]
    assert answer(token, org.team, track="simple")["readiness_levels"] == []


def test_once_signed_off_the_engineer_is_eligible_and_keeps_the_levels_reached(org, token):
    week_2_done(org)
    services.level_grant(enrollment=org.enrollment, level="Support rota", by=org.manager)
    workflow.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=org.track.readiness_items)
    workflow.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
    body = answer(token, org.team)
    assert [row["person"]["username"] for row in body["eligible"]] == [org.engineer.username]
    assert [(row["eligible"], [lv["level"] for lv in row["levels"]]) for row in body["readiness_levels"]] == [
        (True, ["Support rota"])]
