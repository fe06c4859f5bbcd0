"""The demo has a major incident with two follow-ups ticked and Platform Operations' quarterly
knowledge check with some results, shown on the manager's pages and on a member's home; loading
it twice leaves the same."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from training.assignments import selectors
from training.assignments.models import AssignmentReason, TeamAssignment
from training.incidents.models import FollowUp, Incident

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_incident_and_a_quarterly_assessment_and_loads_twice_the_same(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    incident = Incident.objects.get()
    assert incident.team.slug == "platform-ops" and incident.documents.count() == 3
    assert sorted(incident.follow_ups.values_list("item", flat=True)) == sorted([FollowUp.RCA, FollowUp.RUNBOOKS])
    assignment = TeamAssignment.objects.get()
    assert assignment.reason == AssignmentReason.QUARTERLY and assignment.team == incident.team
    results = {r.person.username: r for r in selectors.results([assignment])[assignment.pk]}
    assert {name for name, r in results.items() if r.is_done} == {"bob", "mentor"}
    assert results["bob"].passed and results["mentor"].score < results["bob"].score
    client.login(username="manager", password="shiftready")
    assert "2 of 6 done" in client.get(reverse("training:incident_list")).content.decode()
    html = client.get(reverse("training:assignment_detail", args=[assignment.pk])).content.decode()
    assert html.count('data-testid="member-row"') == 5 and 'data-testid="question-row"' in html
    client.login(username="alice", password="shiftready")
    assert "Take the quiz" in client.get(reverse("training:my_training")).content.decode()
