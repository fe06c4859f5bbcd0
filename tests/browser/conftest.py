"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's
live server on a free loopback port. Never a browser download.

Every page a journey shows is checked with axe-core (axe-playwright-python ships its script; no
network): a test fails on any serious or critical WCAG 2.x A/AA violation, with the rule, the page
and the elements. The checks run in the SQLite suite: what a page is made of does not depend on
the database, and ``make test`` runs that suite beside the longer PostgreSQL one, so they add
nothing to its time (as schemathesis, which also runs once)."""

import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection

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


# WCAG 2.0 and 2.1, levels A and AA: the rules the site answers for, and fewer of them to run.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
FAILING_IMPACTS = {"serious", "critical"}
# Pages that are not ours to fix: Swagger UI (/api/v1/docs/) is third-party markup and script.
NOT_OURS = ("/api/v1/docs/",)
AXE_RUN = """options => axe.run(document, options).then(results => ({
    url: location.href,
    violations: results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                               targets: v.nodes.map(n => n.target.join(" "))}))}))"""


# (test function, person, screen width, address with its numbers left out) -> the test that checked it.
CHECKED_IN_SESSION = {}


class Accessibility:
    """axe-core on every page a journey shows, once per person and address in a test.

    A journey run at phone size has its other people at laptop size, as in the laptop run: their
    pages, checked in the laptop run, are not checked again (same steps, same demo data; only the
    objects' numbers differ).

    A page is checked once it has loaded, while the journey goes on. When the journey leaves the
    page before axe is done, the address is checked at the end, in a new tab of the same browser
    context (the same person). A check cannot wait for the page to be left instead: Chromium runs
    no script in a page whose next document is on its way."""

    def __init__(self, site, test=None):
        from axe_playwright_python.base import AXE_SCRIPT

        self.site = site  # the live server: another origin (a test identity provider) is not ours
        self.test = test
        self.on = connection.vendor == "sqlite"
        self.script, self.checked, self.missed, self.running, self.violations = AXE_SCRIPT, set(), {}, 0, []

    def watch(self, page, who):
        page.on("load", lambda page: self.check(page, who))

    def check(self, page, who):
        from playwright.sync_api import Error

        url = urldefrag(page.url).url
        path = urlsplit(url).path
        if not self.on or not url.startswith(self.site) or path.startswith(NOT_OURS) or (who, url) in self.checked:
            return
        if self.test is not None:
            shape = (self.test.originalname, who, page.viewport_size["width"], re.sub(r"\d+", "#", path))
            if CHECKED_IN_SESSION.setdefault(shape, self.test.nodeid) != self.test.nodeid:
                return  # the same page of the same journey, checked in a sibling run
        self.checked.add((who, url))
        self.running += 1
        try:
            page.evaluate(self.script)
            results = page.evaluate(AXE_RUN, AXE_OPTIONS)
        except Error:  # the page went away under axe
            results = None
        finally:
            self.running -= 1
        if results is None or urldefrag(results["url"]).url != url:
            self.checked.discard((who, url))
            self.missed[(who, url)] = page.context
            return
        for violation in results["violations"]:
            if violation["impact"] in FAILING_IMPACTS:
                self.violations.append(f"{violation['id']} ({violation['impact']}) on {path} as {who}: "
                                       f"{violation['help']}: {'; '.join(violation['targets'])}")

    def finish(self, contexts):
        """Checks the pages on screen at the end, and the addresses left before axe was done."""
        for context, who in contexts:
            for page in context.pages:
                for _ in range(200):  # a check still running from a page's load
                    if not self.running:
                        break
                    page.wait_for_timeout(50)
                self.check(page, who)
        for (who, url), context in self.missed.items():
            if (who, url) not in self.checked:
                page = context.new_page()
                page.goto(url)
                self.check(page, who)
        assert not self.running, "axe did not finish"


class DemoSnapshot:
    """The demo organisation as ``load_demo`` leaves it, loaded once a session and put back for
    every later test: the SQLite database copied whole (the backup API), and the stored files."""

    def __init__(self):
        self.database = None
        self.media = Path(tempfile.mkdtemp(prefix="shiftready-demo-media-"))

    def put_back(self):
        from django.conf import settings
        from django.contrib.contenttypes.models import ContentType

        if self.database is not None:
            connection.ensure_connection()
            self.database.backup(connection.connection)
            shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
            shutil.copytree(self.media, settings.MEDIA_ROOT)
            ContentType.objects.clear_cache()  # the copy's ids, not those the last flush made again
            return
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        if connection.vendor == "sqlite":  # a copy of the database works on SQLite only: load it each time elsewhere
            self.database = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.database)
            shutil.copytree(settings.MEDIA_ROOT, self.media, dirs_exist_ok=True)


_DEMO = DemoSnapshot()


@pytest.fixture
def demo(transactional_db):
    _DEMO.put_back()


@pytest.fixture
def open_page(browser, live_server, request):
    """``open_page(username, viewport=LAPTOP)`` gives a logged-in page; problems are asserted at the end."""
    contexts, problems, accessibility = [], Problems(), Accessibility(live_server.url, request.node)

    def make(username=None, viewport=LAPTOP):
        # Reduced motion: Bootstrap then draws no colour transition, so axe never reads a button
        # half-way to its hover colours after a click (a contrast failure of no real state).
        context = browser.new_context(viewport=viewport, base_url=live_server.url, accept_downloads=True,
                                      reduced_motion="reduce")
        contexts.append((context, username))
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
            accessibility.check(page, None)  # the same page for everyone: once a test
            page.fill("#id_login", username)
            page.fill("#id_password", "shiftready")
            # Wait for the page the login leads to: the login page itself is already "loaded".
            with page.expect_navigation():
                page.click("#password_login")
            assert "/accounts/login/" not in page.url, f"login as {username} failed"
        accessibility.check(page, username)
        accessibility.watch(page, username)
        return page

    yield make
    accessibility.finish(contexts)
    for context, _ in contexts:
        context.close()
    assert not problems, "\n".join(problems)
    assert not accessibility.violations, "\n".join(accessibility.violations)
