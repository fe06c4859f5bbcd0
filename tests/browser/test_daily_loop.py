"""The daily loop in a real browser, on the demo organisation: lists that fit a phone, the queue
that counts down as decisions are made, the quiz that keeps its clock and its count in sight."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE

pytestmark = pytest.mark.usefixtures("demo")


def within_the_screen(locator, viewport):
    """The element is drawn inside the screen's width: not hidden off to the right of a table."""
    box = locator.bounding_box()
    assert box is not None, "not drawn"
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 0.5, box


def test_the_team_page_on_a_phone_shows_target_waiting_on_and_certification(open_page):
    manager = open_page("manager", PHONE)
    manager.goto("/team/")
    rows = manager.get_by_test_id("team-row")
    expect(rows.first).to_be_visible()
    assert rows.count() == 4  # Alice, Bob and Carol, and Hugo (certified to back Bob up on his first shifts)
    for row in rows.all():
        for cell in ("target", "waiting-on", "certification"):
            within_the_screen(row.get_by_test_id(cell), PHONE)
    alice = rows.filter(has_text="Alice Okafor")
    expect(alice.get_by_test_id("waiting-on")).to_contain_text("mentor (1 log)")
    bob = rows.filter(has_text="Bob Novak")
    expect(bob.get_by_test_id("certification")).to_contain_text("Certified")
    assert manager.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_shadowing_log_on_a_phone_shows_each_shifts_state(open_page):
    from training.tracks.models import StepKind
    from training.workflow.models import StepProgress

    shadow = StepProgress.objects.get(enrollment__engineer__username="alice", step__kind=StepKind.SHADOW)
    alice = open_page("alice", PHONE)
    alice.goto(f"/steps/{shadow.pk}/")
    state = alice.get_by_test_id("shadowing-log").get_by_test_id("shift-state")
    expect(state).to_have_count(1)
    expect(state).to_contain_text("Waiting for the host")
    within_the_screen(state, PHONE)
    assert alice.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_queue_counts_down_in_place_and_a_dispute_needs_a_comment(open_page):
    host = open_page("host", LAPTOP)
    host.goto("/")
    expect(host).to_have_url(re.compile(r"/queue/$"))  # the host lands where their work is
    expect(host.get_by_test_id("queue-total")).to_have_text("1")
    expect(host.get_by_test_id("queue-count")).to_have_text("1")
    card = host.locator("[id^=queue-shift-]")
    card.get_by_role("button", name="Dispute").click()
    expect(card.get_by_test_id("queue-error")).to_contain_text("Comment: say what is wrong")
    expect(host.get_by_test_id("queue-total")).to_have_text("1")
    card.get_by_placeholder("Comment (required to dispute)").fill("")
    card.get_by_role("button", name="Confirm").click()
    expect(host.get_by_test_id("queue-decided")).to_contain_text("Confirmed")
    expect(host.get_by_test_id("queue-total")).to_have_text("0")
    expect(host.get_by_test_id("queue-count")).to_have_count(0)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_quiz_keeps_its_clock_and_its_count_in_sight(open_page, viewport):
    alice = open_page("alice", viewport)
    alice.goto("/quizzes/week-1-knowledge-check/")
    alice.get_by_role("button", name="Start attempt 1").click()
    bar = alice.get_by_test_id("quiz-bar")
    expect(bar.get_by_test_id("answered")).to_have_text(re.compile(r"^0 of \d+ answered$"))
    cards = alice.locator("section.question-card")
    last = cards.last
    last.scroll_into_view_if_needed()
    expect(alice.locator("[data-quiz-timer]")).to_be_in_viewport()
    expect(alice.locator("[data-quiz-timer]")).to_contain_text(re.compile(r"\d+:\d\d"))
    true_false = cards.filter(has_text="Redis is the system of record")
    true_false.get_by_label("False", exact=True).check()
    expect(true_false.locator(".answer-status")).to_contain_text("Saved")
    expect(bar.get_by_test_id("answered")).to_have_text(re.compile(r"^1 of \d+ answered$"))
    expect(bar).to_be_in_viewport()
