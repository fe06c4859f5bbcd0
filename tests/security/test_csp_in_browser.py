"""The Content-Security-Policy holds in a real browser: Chromium reports no violation on the
app's pages or the Django admin. OWASP ASVS 5.0 V3.4.3 (a CSP that limits script execution)."""

import os
import shutil

import pytest
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]

PAGES = {
    "alice": ["/me/", "/library/", "/quizzes/"],
    "manager": ["/team/", "/queue/"],
    "admin": ["/manage/", "/admin/", "/admin/auth/user/", "/admin/auth/user/1/change/"],
}


def in_chromium(drive):
    """Run ``drive(browser)`` in a thread of its own: Playwright's sync API refuses a thread that
    already runs an event loop (tests/browser keeps one open for the whole session)."""
    from concurrent.futures import ThreadPoolExecutor

    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), f"{CHROMIUM} is missing (make chromium)"

    def run():
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
            try:
                return drive(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result(timeout=300)


@pytest.fixture
def demo(transactional_db):
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)


def open_as(browser, live_server, username, violations):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", "shiftready")
    with page.expect_navigation():  # the page the login leads to, not the login page already loaded
        page.click("#password_login")
    assert "/accounts/login/" not in page.url, f"login as {username} failed"
    return context, page


@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_policy_in_chromium(live_server, demo):
    violations, seen = [], []

    def drive(browser):
        for username, paths in PAGES.items():
            context, page = open_as(browser, live_server, username, violations)
            for path in paths:
                response = page.goto(path)
                page.wait_for_load_state("networkidle")
                seen.append((path, response.status, page.evaluate("document.querySelectorAll('style').length")))
            context.close()

    in_chromium(drive)
    assert seen == [(path, 200, 0) for paths in PAGES.values() for path in paths]
    assert violations == []


@pytest.mark.django_db(transaction=True)
def test_without_the_htmx_config_meta_htmx_would_break_the_policy(live_server, demo):
    # The control experiment for base.html's <meta name="htmx-config">: remove it and htmx 2
    # injects its indicator <style>, which Chromium refuses under style-src 'self'.
    violations = []

    def drive(browser):
        context, page = open_as(browser, live_server, "alice", violations)
        # The page as the server sends it (its policy header and the nonce in its body belong
        # together), served again without the meta: nothing in flight while the route answers.
        original = page.goto("/me/")
        headers = {name: value for name, value in original.all_headers().items()
                   if name in ("content-type", "content-security-policy")}
        assert "content-security-policy" in headers
        body = original.text().replace('<meta name="htmx-config"', '<meta name="x-removed"')
        assert body != original.text()
        violations.clear()
        page.route("**/me/", lambda route: route.fulfill(status=200, headers=headers, body=body))
        page.goto("/me/")
        page.wait_for_load_state("networkidle")
        context.close()

    in_chromium(drive)
    assert any("style-src" in v for v in violations), violations
