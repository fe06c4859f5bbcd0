"""The Content-Security-Policy holds in a real browser: Chromium reports no violation on the
app's pages or the Django admin. OWASP ASVS 5.0 V3.4.3 (a CSP that limits script execution)."""

import pytest

pytestmark = pytest.mark.usefixtures("demo")

PAGES = {
    "alice": ["/me/", "/library/", "/quizzes/"],
    "manager": ["/team/", "/queue/"],
    "admin": ["/manage/", "/admin/", "/admin/auth/user/", "/admin/auth/user/1/change/"],
}


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


def test_no_page_breaks_the_policy_in_chromium(browser, live_server):
    violations, seen = [], []
    for username, paths in PAGES.items():
        context, page = open_as(browser, live_server, username, violations)
        for path in paths:
            response = page.goto(path)
            page.wait_for_load_state("networkidle")
            seen.append((path, response.status, page.evaluate("document.querySelectorAll('style').length")))
        context.close()
    assert seen == [(path, 200, 0) for paths in PAGES.values() for path in paths]
    assert violations == []


def test_without_the_htmx_config_meta_htmx_would_break_the_policy(browser, live_server):
    # The control experiment for base.html's <meta name="htmx-config">: remove it and htmx 2
    # injects its indicator <style>, which Chromium refuses under style-src 'self'.
    violations = []
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
    assert any("style-src" in v for v in violations), violations
