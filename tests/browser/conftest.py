"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's
live server on a free loopback port. Never a browser download."""

import os
import shutil

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make for
    # their arrange steps are still synchronous and safe. Only for the browser tests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), (
        f"{CHROMIUM} is missing: `make test` installs it with apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Problems(list):
    """Console errors and failed requests seen by a page; a journey fails on any."""


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(username, viewport=LAPTOP)`` gives a logged-in page; problems are asserted at the end."""
    contexts, problems = [], Problems()

    def make(username=None, viewport=LAPTOP):
        context = browser.new_context(viewport=viewport, base_url=live_server.url, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        # A request cancelled by the next navigation (net::ERR_ABORTED) is not a failure.
        page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}")
                if "ERR_ABORTED" not in (r.failure or "") else None)
        page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        if username:
            page.goto("/accounts/login/")
            page.fill("#id_login", username)
            page.fill("#id_password", "shiftready")
            # Wait for the page the login leads to: the login page itself is already "loaded".
            with page.expect_navigation():
                page.click("#password_login")
            assert "/accounts/login/" not in page.url, f"login as {username} failed"
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)
