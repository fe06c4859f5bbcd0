"""After the incident, in Chromium on the demo: the manager ticks a follow-up and gives the team a
briefing from the incident's page on a laptop, Alice finds it on her phone's home page and reads
it, and the manager sees the quarterly check's results on a phone. Every page checked with axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE
from training.assignments.models import AssignmentReason, TeamAssignment
from training.incidents.models import FollowUp, IncidentFollowUp

pytestmark = pytest.mark.usefixtures("demo")


def test_the_manager_follows_the_incident_up_and_alice_reads_the_briefing(open_page):
    manager = open_page("manager", LAPTOP)
    manager.goto("/team/")
    manager.get_by_role("link", name="Incidents").click()
    manager.get_by_test_id("incident-row").first.get_by_role("link").click()
    manager.get_by_role("button", name=f"Done: {FollowUp.BRIEFED.label}").click()
    expect(manager.get_by_test_id("follow-up-done")).to_have_count(3)
    form = manager.get_by_test_id("incident-assign-form")
    form.get_by_label("Or a briefing to read").select_option(label="Operational Runbooks")
    form.get_by_role("button", name="Assign to the whole team").click()
    expect(manager.get_by_test_id("incident-assignment")).to_contain_text("Operational Runbooks")
    briefing = TeamAssignment.objects.get(reason=AssignmentReason.INCIDENT)
    assert IncidentFollowUp.objects.filter(item=FollowUp.TRAINING).exists()

    alice = open_page("alice", PHONE)
    alice.goto("/me/")
    due = alice.get_by_test_id("assignment-due")
    expect(due).to_have_count(2)  # the quarterly check and the briefing
    due.filter(has_text="Operational Runbooks").get_by_role("link").click()
    alice.get_by_test_id("mark-read").click()
    expect(alice.get_by_test_id("read-box")).to_contain_text("You read version")
    alice.goto("/me/")
    expect(alice.get_by_test_id("assignment-due")).to_have_count(1)

    phone = open_page("manager", PHONE)
    phone.goto(f"/assignments/{briefing.pk}/")
    alice_row = phone.get_by_test_id("member-row").filter(has_text="Alice Okafor")
    assert "Done" in alice_row.inner_text() and "of 5" in phone.get_by_test_id("summary").inner_text()
    phone.goto("/assignments/")
    phone.get_by_test_id("assignment-row").filter(has_text="Week 3").get_by_role("link").click()
    expect(phone.get_by_test_id("question-row")).to_have_count(7)
