"""`make screenshots`: PNGs of the main pages, on the demo organisation, into docs/screenshots/.

Not collected by the test run (the name does not start with ``test_``); the Makefile runs it with
pytest so it reuses the live server and the browser fixtures.
"""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import LAPTOP, PHONE

OUT = Path(os.environ.get("SCREENSHOTS_DIR", Path(__file__).resolve().parents[2] / "docs" / "screenshots"))

pytestmark = pytest.mark.usefixtures("demo")


def shoot(page, path, name, full_page=True):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / name), full_page=full_page)


def test_engineer_pages(open_page):
    page = open_page("alice")
    shoot(page, "/me/", "engineer-home.png")
    shoot(page, "/library/docs/system-architecture-training/", "document.png", full_page=False)
    page.goto("/quizzes/week-1-knowledge-check/")
    page.get_by_role("button", name="Start attempt 1").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / "quiz.png"), full_page=False)
    phone = open_page("alice", PHONE)
    shoot(phone, "/me/", "engineer-home-phone.png", full_page=False)


def test_manager_pages(open_page):
    page = open_page("manager", LAPTOP)
    shoot(page, "/team/", "team.png")
    mentor = open_page("mentor", LAPTOP)
    shoot(mentor, "/queue/", "signoff-queue.png")
