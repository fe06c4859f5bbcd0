"""What axe cannot see for itself: the skip link taking a keyboard past the navigation
and form controls whose edges can be seen (3:1). Every page these tests open is also checked by axe
(conftest.py)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE
from tests.training.factories import Org
from training.tracks.models import StepKind

pytestmark = pytest.mark.django_db(transaction=True)

# WCAG 2.x relative luminance and contrast ratio of two "rgb(r, g, b)" colours, in the page.
CONTRAST = """([a, b]) => {
    const lum = c => { const [r, g, b] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(v => {
        v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
}"""
# The colour of an element's edge, and of what is behind it (the nearest ancestor with a background).
EDGE_AND_BACKGROUND = """el => {
    let behind = el.parentElement;
    while (behind && getComputedStyle(behind).backgroundColor.match(/rgba\\(.*, 0\\)|transparent/)) {
        behind = behind.parentElement; }
    return [getComputedStyle(el).borderTopColor,
            behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)"];
}"""


def person(org, role):
    """One of the org's people, with the password ``open_page`` logs in with."""
    user = getattr(org, role)
    user.set_password("shiftready")
    user.save(update_fields=["password"])
    return user


def focused(page):
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_skip_link_is_the_first_stop_and_takes_the_keyboard_to_the_main_content(open_page, viewport):
    org = Org()
    page = open_page(person(org, "manager").username, viewport)
    page.goto(f"/enrollments/{org.enrollment.pk}/")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).not_to_be_in_viewport()  # out of sight until a keyboard reaches it

    page.keyboard.press("Tab")
    assert focused(page) == "Skip to main content"
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert focused(page) == "main"
    page.keyboard.press("Tab")  # the next stop is inside the content, past the whole navigation
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert page.evaluate("!document.querySelector('nav.navbar').contains(document.activeElement)")


def test_every_form_control_edge_stands_out_three_to_one(open_page):
    org = Org()
    page = open_page(person(org, "engineer").username)
    seen = set()
    for kind in (StepKind.EXERCISE, StepKind.SHADOW):
        page.goto(f"/steps/{org.progress(kind).pk}/")
        controls = page.locator(".form-control:visible, .form-select:visible, .form-check-input:visible")
        expect(controls.first).to_be_visible()
        for control in controls.all():
            edge, behind = control.evaluate(EDGE_AND_BACKGROUND)
            ratio = page.evaluate(CONTRAST, [edge, behind])
            assert ratio >= 3, f"{control.evaluate('el => el.outerHTML')[:120]}: {edge} on {behind}, {ratio:.2f}:1"
            seen.add(control.evaluate("el => el.type"))
    assert {"textarea", "checkbox", "select-one", "number"} <= seen, seen
