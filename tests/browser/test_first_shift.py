"""The first on-call weeks in Chromium, on the demo: Bob's weeks and his readiness level, then his
first shifts — the manager moves them on a laptop, Bob ticks his countdown on his phone, Hugo (the
backup) looks, "on the rota" is refused until the backed-up weeks are over and then confirmed;
every page checked with axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE
from training.rota.models import CountdownTick, FirstShifts
from training.workflow.models import Enrollment

pytestmark = pytest.mark.usefixtures("demo")
DAY = datetime.timedelta(days=1)


def test_bob_goes_from_his_level_to_his_first_shifts_and_on_the_rota(open_page):
    bob = Enrollment.objects.get(engineer__username="bob", status="ready")
    manager = open_page("manager", LAPTOP)
    manager.goto(f"/enrollments/{bob.pk}/")
    # The weeks of his training, the countdown not among them; the level he reached on the way.
    manager.get_by_test_id("checkins-link").click()
    weeks = manager.get_by_test_id("checkin-week")
    expect(weeks).to_have_count(2)
    assert "first shift" not in manager.get_by_test_id("checkin-weeks").inner_text()
    manager.goto(f"/enrollments/{bob.pk}/levels/")
    assert "Support rota" in manager.get_by_test_id("levels").inner_text()

    # His first shifts: in ten days with Hugo; the manager moves them a day later, for three weeks.
    manager.goto(f"/enrollments/{bob.pk}/")
    assert "with Hugo Lindqvist as backup" in manager.get_by_test_id("first-shifts-summary").inner_text()
    manager.get_by_test_id("first-shifts-link").click()
    day = timezone.localdate() + 11 * DAY
    manager.get_by_label("First shift on").fill(day.isoformat())
    manager.get_by_label("Weeks with the backup").fill("0")
    manager.get_by_test_id("schedule").click()  # refused: nothing lost
    expect(manager.get_by_text("Weeks: from 1 to 8.")).to_be_visible()  # the refused page, once it is there
    assert manager.get_by_label("First shift on").input_value() == day.isoformat()
    manager.get_by_label("Weeks with the backup").fill("3")
    manager.get_by_test_id("schedule").click()
    assert f"{day:%-d %B %Y}" in manager.get_by_test_id("first-shift-at").inner_text()
    assert "rescheduled from" in manager.get_by_test_id("first-shifts-history").inner_text()
    manager.get_by_test_id("on-rota").click()  # too early, and the page says from when
    assert f"until {day + 21 * DAY:%a %-d %b %Y}" in manager.get_by_role("alert").first.inner_text()

    # Bob ticks the next item of his countdown on his phone; Hugo sees it.
    phone = open_page("bob", PHONE)
    phone.goto(f"/enrollments/{bob.pk}/")
    phone.get_by_test_id("first-shifts-link").click()
    item = phone.get_by_test_id("countdown-item").filter(has_text="troubleshooting decision tree")
    assert f"{day - 3 * DAY:%a %-d %b}" in item.inner_text()
    item.get_by_test_id("tick").click()
    assert "1 day before" in phone.get_by_test_id("countdown").inner_text()
    assert phone.get_by_test_id("countdown-item").filter(has_text="troubleshooting decision tree").get_by_text(
        "Done", exact=True).is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert CountdownTick.objects.filter(first_shifts__enrollment=bob).count() == 2
    hugo = open_page("host", PHONE)
    hugo.goto(f"/enrollments/{bob.pk}/first-shifts/")
    assert "2 of 5 done." in hugo.content() and hugo.get_by_test_id("tick").count() == 0

    # Three weeks after the first shift: the manager confirms him on the rota without backup.
    FirstShifts.objects.filter(enrollment=bob).update(
        first_shift_at=timezone.now() - 22 * DAY)
    manager.reload()
    manager.get_by_test_id("on-rota").click()
    assert "On the rota since" in manager.get_by_test_id("rota-state").inner_text()
    assert FirstShifts.objects.get(enrollment=bob).on_rota_by.username == "manager"
