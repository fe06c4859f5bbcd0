"""What axe cannot see for itself: the skip link taking a keyboard past the navigation, form
controls whose edges can be seen (3:1), and the password question before the final sign-off being
a page like any other. Every page these tests open is also checked by axe (conftest.py)."""

import datetime
from importlib import import_module

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE
from tests.training.certification.test_certificates import finish
from tests.training.factories import Org
from training.tracks.models import StepKind
from training.workflow.models import EnrollmentStatus

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


def twenty_minutes_later(page, user):
    """The browser's login, and every confirmation recorded in its session, twenty minutes ago."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    for record in session.get("account_authentication_methods", []):
        record["at"] -= 20 * 60
    session.save()
    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now() - datetime.timedelta(minutes=20))


def test_the_password_question_before_the_final_sign_off_is_a_page_not_an_error(open_page):
    org = Org()
    finish(org)
    manager = person(org, "manager")
    page = open_page(manager.username)
    page.goto(f"/enrollments/{org.enrollment.pk}/")
    twenty_minutes_later(page, manager)

    page.get_by_role("textbox", name="Comment").fill("Welcome to the rota")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_test_id("final-sign-off").click()
    assert answer.value.status == 200  # open_page also fails the test on any answer of 400 or more
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    expect(page.get_by_test_id("reauth-refusal")).to_contain_text("enter your password to confirm")
    org.enrollment.refresh_from_db()
    assert org.enrollment.status == EnrollmentStatus.ACTIVE  # nothing yet

    page.get_by_label("Your password").fill("shiftready")
    page.get_by_role("button", name="Sign off as ready").click()
    expect(page.locator(".alert-success")).to_contain_text("signed off as ready for on-call")
    org.enrollment.refresh_from_db()
    assert org.enrollment.status == EnrollmentStatus.READY
    assert org.enrollment.signoffs.get(action="signed_off").comment == "Welcome to the rota"
