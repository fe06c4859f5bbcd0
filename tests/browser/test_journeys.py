"""The three journeys of DESIGN.md in a real browser, on the demo organisation."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE

pytestmark = pytest.mark.usefixtures("demo")


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
