"""The programme metrics page in Chromium, on the demo: the manager reads the charts on a laptop,
opens a figure's numbers, filters and downloads a CSV; on a phone the charts keep a readable size
and scroll sideways. Every page checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE

pytestmark = pytest.mark.usefixtures("demo")


def test_the_manager_reads_the_metrics_on_a_laptop_and_a_phone(open_page):
    page = open_page("manager", LAPTOP)
    page.goto("/team/")
    page.locator("[data-nav=metrics]").click()
    expect(page.locator("h1")).to_have_text("Programme metrics")
    charts = page.get_by_role("img")
    assert charts.filter(has_text="Shadow hours per engineer").count() == 1
    shadow = page.locator("#shadow-hours")
    assert not shadow.locator("table").is_visible()
    shadow.get_by_text("The numbers").click()
    table = shadow.locator("table")
    assert "Alice Okafor" in table.inner_text() and "Required hours" in table.inner_text()
    with page.expect_download() as download:
        shadow.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "metrics-shadow-hours.csv"

    page.get_by_label("Track", exact=True).select_option(label="Fast track")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"track=fast"))
    page.locator("#shadow-hours").get_by_text("The numbers").click()
    assert "Alice Okafor" not in page.locator("#shadow-hours table").inner_text()  # Alice is on the Standard track

    phone = open_page("manager", PHONE)
    phone.goto("/manage/metrics/")
    box = phone.locator("#time-to-ready .chart-box").first
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")  # the chart scrolls, its text stays readable
    assert box.get_attribute("aria-label") == "Chart, scrolls sideways"
