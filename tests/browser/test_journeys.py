"""The three journeys of DESIGN.md in a real browser, on the demo organisation."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE

pytestmark = pytest.mark.usefixtures("demo")


# How a careful engineer answers the demo's week 1 knowledge check: question text → answer.
WEEK_1_ANSWERS = {
    "Where does the API hand it over": ("choose", ["To a RabbitMQ queue, from which an agent processor consumes it"]),
    "Which of these are components": ("choose", ["The API layer (Express.js)", "The RabbitMQ message broker",
                                                 "PostgreSQL as the database layer", "Redis as the cache layer"]),
    "Redis is the system of record": ("choose", ["False"]),
    "Name the product": ("fill", "RabbitMQ"),
    "By how many tasks a minute": ("fill", "30"),
    "What percentage of the pool": ("fill", "85"),
    "An agent crashes half-way": ("choose", ["The message is only acknowledged after processing, so the broker "
                                             "delivers it again (retry logic)"]),
    "Each container has a health check": ("choose", ["True"]),
}


def answer_quiz(page, answers):
    for card in page.locator("section.question-card").all():
        text = card.locator(".question-text").inner_text()
        matches = [answer for fragment, answer in answers.items() if fragment in text]
        assert matches, f"no answer prepared for: {text}"
        how, value = matches[0]
        if how == "fill":
            card.locator("input[type=text], textarea").fill(value)
        else:
            for label in value:
                card.get_by_label(label, exact=True).check()


def overall_percent(page):
    page.goto("/me/")
    return int(page.get_by_test_id("overall-percent").inner_text().rstrip("%"))


def open_step(page, title):
    page.goto("/me/")
    page.get_by_role("link", name=title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_journey_1_the_new_engineer(open_page, viewport):
    page = open_page("alice", viewport)
    expect(page.get_by_test_id("next-step")).to_contain_text("Read the system architecture guide")
    start = overall_percent(page)

    # Read a document and mark it read.
    page.get_by_test_id("next-step").get_by_role("link").click()
    page.get_by_test_id("document-link").click()
    expect(page.get_by_test_id("document-body")).to_be_visible()
    page.get_by_test_id("mark-read").click()
    expect(page.locator(".alert-success")).to_be_visible()
    after_reading = overall_percent(page)
    assert after_reading > start
    expect(page.get_by_test_id("next-step")).to_contain_text("Read the operational runbooks")

    # Submit an exercise log with its checklist.
    open_step(page, "Exercise: Inspect message flow")
    page.get_by_label("Notes").fill("Task, retry and dead-letter queues; retry grows when agents fail.")
    for box in page.locator("input[name=ticks]").all():
        box.check()
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.get_by_test_id("step-status")).to_have_text("Waiting for sign-off")

    # Log a shadow shift.
    open_step(page, "Shadow an experienced on-call engineer")
    page.get_by_label("Date").fill((timezone.localdate() - datetime.timedelta(days=2)).isoformat())
    page.get_by_label("Hours").fill("4")
    page.get_by_label("On-call engineer you shadowed").select_option(label="Hugo Lindqvist")
    page.get_by_label("Incidents").fill("INC-3001, P2, Broker backlog after deploy")
    page.get_by_role("button", name="Log shift").click()
    expect(page.locator(".alert-success")).to_contain_text("Shadow shift logged")
    expect(page.get_by_role("cell", name="INC-3001 (P2) Broker backlog after deploy")).to_be_visible()

    page.goto("/me/")
    expect(page.get_by_test_id("shadow-hours")).to_have_text(re.compile(r"0 / 8 h"))
    assert overall_percent(page) == after_reading

    # Take the week 1 quiz: fail once, pass on the second attempt.
    open_step(page, "Quiz: Week 1 knowledge check")
    page.get_by_test_id("quiz-link").click()
    page.get_by_role("button", name="Start attempt 1").click()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_test_id("result-summary")).to_contain_text("Not passed")
    page.get_by_role("link", name="Quiz page").click()
    page.get_by_role("button", name="Start attempt 2").click()
    answer_quiz(page, WEEK_1_ANSWERS)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_test_id("result-summary")).to_contain_text("Passed")
    page.get_by_role("link", name="Back to your training").click()
    expect(page.get_by_test_id("step-status")).to_have_text("Done")
    assert overall_percent(page) > after_reading
