"""A week's check-in in Chromium, on the demo: the mentor records it on a laptop (a carried action
ticked, a new one agreed), Alice adds her confidence on her phone; every page checked with axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE
from training.checkins.models import CheckIn
from training.workflow.models import Enrollment

pytestmark = pytest.mark.usefixtures("demo")


def test_the_mentor_records_week_3_and_alice_rates_it(open_page):
    alice = Enrollment.objects.get(engineer__username="alice")
    mentor = open_page("mentor", LAPTOP)
    mentor.goto("/queue/")
    mentor.get_by_test_id("checkins-link").click()
    overdue = mentor.get_by_test_id("checkin-overdue")
    expect(overdue).to_have_count(1)
    expect(overdue).to_contain_text("Week 1 check-in overdue")
    mentor.get_by_test_id("meeting-row").filter(has_text="Alice Okafor").click()
    assert "Week 3 check-in" in mentor.locator("h1").inner_text()
    mentor.get_by_test_id("record-checkin").click()  # no confidence: refused, nothing lost
    expect(mentor.get_by_text("pick a rating from 1 to 5")).to_be_visible()  # the refused page, once it is there
    mentor.get_by_label("Notes").fill("Ready to shadow nights next week.")
    mentor.locator("label.btn", has_text="4").click()
    mentor.get_by_label("Shadow an evening shift with Hugo").check()
    mentor.get_by_placeholder("Action 1").fill("Lead the hand-over on Friday")
    mentor.get_by_test_id("record-checkin").click()
    actions = mentor.get_by_test_id("checkin-actions").inner_text()
    assert "Lead the hand-over on Friday" in actions and "from week 2" in actions

    phone = open_page("alice", PHONE)
    phone.goto(f"/enrollments/{alice.pk}/")
    phone.get_by_test_id("checkins-link").click()
    phone.get_by_test_id("checkin-week").filter(has_text="Week 3").click()
    phone.locator("label.btn", has_text="3").click()
    phone.get_by_label("Your notes").fill("The hand-over checklist would help.")
    phone.get_by_role("button", name="Add my confidence").click()
    assert phone.get_by_test_id("engineer-confidence").inner_text() == "3 / 5"
    checkin = CheckIn.objects.get(enrollment=alice, week=3)
    assert (checkin.mentor_confidence, checkin.engineer_confidence) == (4, 3)
    assert [(a.text, a.done) for a in checkin.actions.all()] == [
        ("Finish the runbooks' sections 1-4", False), ("Shadow an evening shift with Hugo", True),
        ("Lead the hand-over on Friday", False)]
