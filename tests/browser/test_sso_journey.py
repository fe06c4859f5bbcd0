"""Journey 4: a new hire signs in through the company's identity provider (a real OpenID
provider on 127.0.0.1) in Chromium, and lands where their groups put them."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import LAPTOP, PHONE, Accessibility
from tests.oidc import Provider, sso_settings

GROUPS = {"sre-leads": {"team": "platform-ops", "role": "manager"},
          "sre-platform": {"team": "platform-ops", "role": "engineer"}}
LOOPBACK = re.compile(r"^https?://(localhost|127\.0\.0\.1)(:\d+)?/")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("viewport", "groups", "lands_on", "nav"), [
    (LAPTOP, ["sre-leads"], "/team/", "My team"),
    (PHONE, ["sre-platform"], "/me/", "My training"),
], ids=["manager-laptop", "engineer-phone"])
def test_journey_4_single_sign_on(browser, live_server, settings, viewport, groups, lands_on, nav):
    problems, left = [], []
    with Provider() as provider:
        sso_settings(settings, provider, group_map=GROUPS, label="Acme SSO")
        provider.set_user("dana-sub", email="dana@acme.example", email_verified=True, given_name="Dana",
                          family_name="Ortiz", preferred_username="dana", groups=groups)
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        # Nothing but loopback, ever: anything else is refused inside the browser and noted.
        context.route(lambda url: not LOOPBACK.match(url), lambda route: (left.append(route.request.url),
                                                                          route.abort()))
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        page.goto("/accounts/login/")
        accessibility = Accessibility(live_server.url)  # our pages; the provider's own is not ours
        accessibility.check(page, None)
        accessibility.watch(page, "dana")
        with page.expect_navigation():
            page.click("text=Sign in with Acme SSO")
        assert page.url.startswith(provider.url), page.url  # the provider's own sign-in page
        page.fill("input[name=sub]", "dana-sub")
        with page.expect_navigation(url=re.compile(re.escape(lands_on) + "$")):
            page.click("button:has-text('Authorize')")
        if viewport is PHONE:
            page.click(".navbar-toggler")
        assert page.get_by_role("link", name=nav).first.is_visible()
        accessibility.finish([(context, "dana")])
        context.close()
    dana = get_user_model().objects.get(username="dana")
    role = "managers" if "sre-leads" in groups else "members"
    assert dana.email == "dana@acme.example" and getattr(dana, {"managers": "managed_teams",
                                                                "members": "teams"}[role]).filter(
        slug="platform-ops").exists()
    assert not problems, problems
    assert not left, left
    assert not accessibility.violations, "\n".join(accessibility.violations)
