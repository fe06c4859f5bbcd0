"""Readiness levels in Chromium on the demo, every page checked with axe: the manager finds Bob's
"Support rota" on the team page, opens his levels from his page and revokes it (a revocation
without its reason is refused beside its form) on a laptop; Alice sees what hers wait for on her
phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE
from training.levels.models import LevelSignOff
from training.workflow.models import Enrollment

pytestmark = pytest.mark.usefixtures("demo")


def test_the_manager_revokes_bobs_level_and_alice_sees_hers_on_the_way(open_page):
    # The team's last activity a few hours back ("4 hours, 50 minutes ago", the column's widest).
    Enrollment.objects.update(last_activity_at=timezone.now() - datetime.timedelta(hours=4, minutes=50))
    manager = open_page("manager", LAPTOP)
    manager.goto("/team/")
    # Every column fits a laptop: the certifications' expiry and review dates wrap in their cell.
    assert manager.locator(".table-responsive").evaluate("table => table.scrollWidth <= table.clientWidth")
    bob = manager.get_by_test_id("team-row").filter(has_text="Bob")
    assert bob.get_by_test_id("level-badge").inner_text() == "Support rota"
    bob.get_by_role("link").first.click()
    panel = manager.get_by_test_id("levels-panel")
    assert "Granted" in panel.get_by_test_id("level").inner_text()
    panel.get_by_test_id("levels-link").click()

    manager.get_by_text("Revoke this level").click()
    manager.get_by_test_id("revoke-level").click()
    expect(manager.get_by_test_id("revoke-form")).to_contain_text("Say why: a revoked level needs a reason.")
    manager.get_by_label("Reason").fill("Granted by mistake: the rota handover was not his.")
    manager.get_by_test_id("revoke-level").click()
    expect(manager.get_by_test_id("level")).to_have_attribute("data-state", "closed")  # Bob is signed off
    assert "Granted by mistake" in manager.get_by_test_id("levels-history").inner_text()
    assert [d.action for d in LevelSignOff.objects.order_by("pk")] == ["granted", "revoked"]

    alice = open_page("alice", PHONE)
    alice.goto("/me/")
    levels = alice.get_by_test_id("levels-panel").get_by_test_id("level")
    expect(levels).to_have_count(2)
    assert {levels.nth(i).get_attribute("data-state") for i in range(2)} == {"not_yet"}
    assert "waits for" in levels.first.inner_text()
