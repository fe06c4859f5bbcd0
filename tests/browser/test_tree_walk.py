"""Walking the demo's troubleshooting decision tree in Chromium: from the document page, one
question at a time (htmx swaps the card), back and start again, the runbook section at the
outcome; then a practice walk on a phone, recorded for Alice and shown to her alone (not to her
mentor). Every page checked with axe (a reload after the swaps, so the outcome's page is too)."""

import re

import pytest
from playwright.sync_api import expect

from content.models import PracticeWalk
from tests.browser.conftest import LAPTOP, PHONE

pytestmark = pytest.mark.usefixtures("demo")

TREE = "/library/docs/troubleshooting-decision-tree/"


def answer(page, label):
    """Click the answer that starts with ``label``, and wait for the next card (its address)."""
    before = page.url
    page.get_by_test_id("walk-answer").filter(has_text=re.compile("^" + re.escape(label))).click()
    expect(page).not_to_have_url(before)


def test_alice_walks_the_database_tree_to_the_pool_runbook(open_page):
    page = open_page("alice", LAPTOP)
    page.goto(TREE)
    assert page.get_by_test_id("document-pdf").is_visible()
    page.get_by_test_id("walk-link").click()
    page.get_by_test_id("walk-trees").get_by_role("link", name="Tree 5: Database Problems").click()
    expect(page.get_by_test_id("walk-answers")).to_be_visible()
    expect(page.get_by_test_id("walk-question")).to_have_text("What does the error say?")
    answer(page, "too many clients")
    expect(page.get_by_test_id("walk-question")).to_have_text("Is the connection pool at its maximum?")
    assert "pg_stat_activity" in page.get_by_test_id("walk-question-text").inner_text()  # the query to run
    expect(page).to_have_url(re.compile(r"\?tree=tree-5&a=0$"))  # the address follows the walk (and works without JS)

    page.get_by_test_id("walk-back").click()
    expect(page.get_by_test_id("walk-question")).to_have_text("What does the error say?")
    answer(page, "connection refused")
    answer(page, "No")
    expect(page.get_by_test_id("walk-question")).to_have_text("Is its disk full?")
    answer(page, "Yes")  # → Tree 7
    expect(page.get_by_test_id("walk-question")).to_have_text("Which resource is exhausted?")
    expect(page.get_by_test_id("walk-card")).to_contain_text("Tree 7: Resource Exhaustion")
    page.get_by_test_id("walk-restart").click()
    expect(page.get_by_test_id("walk-question")).to_have_text("What does the error say?")
    expect(page.get_by_test_id("walk-path")).to_have_count(0)

    answer(page, "too many clients")
    answer(page, "Yes, mostly")
    expect(page.get_by_test_id("walk-leaf")).to_have_text("Restore the pool")
    section = page.get_by_test_id("walk-section")
    assert "Database Pool Exhaustion" in section.inner_text()
    page.reload()  # the outcome's own address: the same card
    expect(page.get_by_test_id("walk-leaf")).to_have_text("Restore the pool")
    page.get_by_test_id("walk-section-link").click()
    expect(page).to_have_url(re.compile(r"/library/docs/operational-runbooks/#database-pool-exhaustion$"))
    assert not PracticeWalk.objects.exists()  # a plain walk records nothing


def test_a_practice_walk_on_a_phone_is_recorded_for_alice_only(open_page):
    phone = open_page("alice", PHONE)
    phone.goto(TREE + "walk/")
    phone.get_by_test_id("start-practice").click()
    expect(phone.get_by_test_id("practice-badge")).to_be_visible()
    phone.get_by_test_id("walk-trees").get_by_role("link", name="Tree 9: Agent Not Responding").click()
    answer(phone, "No")
    answer(phone, "No")
    expect(phone.get_by_test_id("walk-leaf")).to_have_text("Restart the stuck worker")
    expect(phone.get_by_test_id("walk-recorded")).to_contain_text("recorded: 2 questions")
    walk = PracticeWalk.objects.get()
    assert (walk.user.username, walk.path, walk.leaf) == (
        "alice", ["tree-9/Q1", "tree-9/Q3"], "tree-9/restart-the-stuck-worker")
    phone.goto(TREE + "walk/")
    assert "Restart the stuck worker" in phone.get_by_test_id("practice-walks").inner_text()

    mentor = open_page("mentor", LAPTOP)
    mentor.goto(TREE + "walk/")
    assert mentor.get_by_test_id("practice-walks").count() == 0
