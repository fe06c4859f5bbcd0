"""The three journeys of DESIGN.md in a real browser, on the demo organisation."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE

pytestmark = pytest.mark.usefixtures("demo")


# How a careful engineer answers the demo's week 1 knowledge check: question text → answer.
WEEK_1_ANSWERS = {
    "Where does the API hand it over": ("choose", ["To a RabbitMQ queue, from which an agent processor consumes it"]),
    "Which of these are components": ("choose", ["The API layer (Express.js)", "The RabbitMQ message broker",
                                                 "PostgreSQL as the database layer", "Redis as the cache layer"]),
    "Redis is the system of record": ("choose", ["False"]),
    "Name the product": ("fill", "RabbitMQ"),
    "By how many tasks a minute": ("fill", "30"),
    "What percentage of the pool": ("fill", "85"),
    "An agent crashes half-way": ("choose", ["The message is only acknowledged after processing, so the broker "
                                             "delivers it again (retry logic)"]),
    "Each container has a health check": ("choose", ["True"]),
    "Which runbook procedure tells you in five minutes": ("choose", ["The morning health check"]),
}


def every(locator):
    """Every match, once the page shows the first: ``Locator.all()`` does not wait, and right
    after a click the page before may still be the one on screen (a slow machine under load)."""
    expect(locator.first).to_be_visible()
    return locator.all()


def answer_quiz(page, answers):
    for card in every(page.locator("section.question-card")):
        text = card.locator(".question-text").inner_text()
        matches = [answer for fragment, answer in answers.items() if fragment in text]
        assert matches, f"no answer prepared for: {text}"
        how, value = matches[0]
        if how == "fill":
            card.locator("input[type=text], textarea").fill(value)
        else:
            for label in value:
                card.get_by_label(label, exact=True).check()
        saved(card)


def saved(card):
    """Wait for the answer's autosave, as someone watching the page would."""
    expect(card.locator(".answer-status")).to_contain_text("Saved", timeout=15_000)  # a busy CI machine


def overall_percent(page):
    page.goto("/me/")
    return int(page.get_by_test_id("overall-percent").inner_text().rstrip("%"))


def open_step(page, title):
    page.goto("/me/")
    page.get_by_role("link", name=title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_journey_1_the_new_engineer(open_page, viewport):
    page = open_page("alice", viewport)
    first = "Read the training checklist, standard track"
    expect(page.get_by_test_id("next-step")).to_contain_text(first)
    start = overall_percent(page)

    # Read a document and mark it read.
    page.get_by_test_id("next-step").get_by_role("link", name=first).click()
    page.get_by_test_id("document-link").click()
    expect(page.get_by_test_id("document-body")).to_be_visible()
    page.get_by_test_id("mark-read").click()
    expect(page.locator(".alert-success")).to_be_visible()
    after_reading = overall_percent(page)
    assert after_reading > start
    expect(page.get_by_test_id("next-step")).to_contain_text("Read the system architecture guide")

    # Submit an exercise log with its checklist.
    open_step(page, "Exercise: Inspect message flow")
    page.get_by_label("Notes").fill("Task, retry and dead-letter queues; retry grows when agents fail.")
    for box in every(page.locator("input[name=ticks]")):
        box.check()
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.get_by_test_id("step-status")).to_have_text("Waiting for sign-off")

    # Log a shadow shift.
    open_step(page, "Shadow an experienced on-call engineer")
    page.get_by_label("Date").fill((timezone.localdate() - datetime.timedelta(days=2)).isoformat())
    page.get_by_label("Hours").fill("4")
    page.get_by_label("On-call engineer you shadowed").select_option(label="Hugo Lindqvist")
    page.get_by_label("Incidents").fill("INC-3001, P2, Broker backlog after deploy")
    page.get_by_role("button", name="Log shift").click()
    expect(page.locator(".alert-success")).to_contain_text("Shadow shift logged")
    expect(page.get_by_role("cell", name="INC-3001 (P2) Broker backlog after deploy")).to_be_visible()

    page.goto("/me/")
    expect(page.get_by_test_id("shadow-hours")).to_have_text(re.compile(r"0 / 8 h"))
    assert overall_percent(page) == after_reading

    # Take the week 1 quiz: fail once, pass on the second attempt.
    open_step(page, "Quiz: Week 1 knowledge check")
    page.get_by_test_id("quiz-link").click()
    page.get_by_role("button", name="Start attempt 1").click()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_test_id("result-summary")).to_contain_text("Not passed")
    page.get_by_role("link", name="Quiz page").click()
    page.get_by_role("button", name="Start attempt 2").click()
    answer_quiz(page, WEEK_1_ANSWERS)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_test_id("result-summary")).to_contain_text("Passed")
    page.get_by_role("link", name="Back to your training").click()
    expect(page.get_by_test_id("step-status")).to_have_text("Done")
    assert overall_percent(page) > after_reading


def alice_nearly_through():
    """Arrange with the services: alice has done everything but what journey 2 does in the
    browser (her waiting exercise log, her waiting shadow shift, the scenario validation)."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from training import demo
    from training.tracks.models import StepKind
    from training.workflow import services
    from training.workflow.models import ShadowShift

    users = {u.username: u for u in get_user_model().objects.all()}
    enrollment = users["alice"].enrollments.get()
    shadow = enrollment.progress.get(step__kind=StepKind.SHADOW)
    extra = services.shadow_shift_log(progress=shadow, by=users["alice"], host=users["host"], hours=Decimal("4"),
                                      date=timezone.localdate() - datetime.timedelta(days=5))
    services.shadow_shift_confirm(shift=extra, by=users["host"])
    journey = {StepKind.SHADOW, StepKind.VALIDATION}
    demo.walk_to_ready(
        enrollment, {"engineer": users["alice"], "mentor": users["mentor"], "host": users["host"],
                     "manager": users["manager"]},
        skip=lambda p: p.step.kind in journey or p.status == "submitted",
    )
    assert ShadowShift.objects.filter(state="pending").count() == 1
    return enrollment


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_journey_2_the_people_who_sign(open_page, tmp_path, viewport):
    enrollment = alice_nearly_through()

    # The shadow host confirms the shift, in place.
    host = open_page("host")
    host.goto("/queue/")
    shift_card = host.locator("[id^=queue-shift-]")
    shift_card.get_by_role("button", name="Confirm").click()
    expect(host.get_by_test_id("queue-decided")).to_contain_text("Confirmed")

    # The mentor returns the exercise log with a comment.
    mentor = open_page("mentor")
    mentor.goto("/queue/")
    log_card = mentor.locator("[id^=queue-log-]")
    log_card.get_by_placeholder("Comment (required to return)").fill("Add how long detection took.")
    log_card.get_by_role("button", name="Return").click()
    expect(mentor.get_by_test_id("queue-decided")).to_contain_text("Returned")

    # The engineer sees why, fixes and resubmits.
    alice = open_page("alice", viewport)
    alice.goto("/me/")
    expect(alice.get_by_test_id("returned")).to_contain_text("Add how long detection took.")
    alice.get_by_test_id("returned").get_by_role("link").click()
    alice.get_by_label("Notes").fill("Stopped agent-3; the dashboard flagged it after 45 seconds.")
    for box in every(alice.locator("input[name=ticks]")):
        box.check()
    alice.get_by_role("button", name="Submit for sign-off").click()
    expect(alice.get_by_test_id("step-status")).to_have_text("Waiting for sign-off")

    # The mentor verifies.
    mentor.goto("/queue/")
    mentor.locator("[id^=queue-log-]").get_by_role("button", name="Verify").click()
    expect(mentor.get_by_test_id("queue-decided")).to_contain_text("Verified")

    # The engineer answers the scenario validation in prose.
    open_step(alice, "Scenario validation")
    alice.get_by_test_id("quiz-link").click()
    alice.get_by_role("button", name="Start attempt 1").click()
    for card in every(alice.locator("section.question-card")):
        text = card.locator(".question-text").inner_text()
        if "severity" in text:
            card.get_by_label("P2", exact=True).check()
        elif "escalate" in text:
            card.get_by_label("True", exact=True).check()
        else:
            card.locator("textarea").fill("Scope it, check RabbitMQ queues and consumers, restart the stalled "
                                          "agents, confirm tasks flow, update the channel every 15 minutes.")
        saved(card)
    alice.get_by_role("button", name="Submit answers").click()
    expect(alice.get_by_test_id("result-summary")).to_contain_text("Awaiting review")

    # The manager grades it from the sign-off queue, then completes readiness and signs off.
    manager = open_page("manager")
    manager.goto("/queue/")
    manager.get_by_role("link", name="Grade against the rubric").click()
    for field in every(manager.locator("input[type=number]")):
        field.fill(field.get_attribute("max"))
    manager.get_by_role("button", name="Save grades").click()
    manager.goto("/queue/")
    manager.get_by_role("link", name="Readiness checklist").click()
    expect(manager.get_by_role("button", name="Complete the checklist")).to_be_visible()
    for box in manager.locator("input[type=checkbox]").all():
        box.check()
    manager.get_by_role("button", name="Complete the checklist").click()
    expect(manager.locator(".alert-success")).to_contain_text("Readiness checklist complete")
    manager.get_by_test_id("final-sign-off").click()
    expect(manager.locator(".alert-success")).to_contain_text("signed off as ready for on-call")

    # The certificate appears and downloads as a PDF.
    expect(manager.get_by_test_id("certificate-badge")).to_have_text("Valid")
    with manager.expect_download() as download:
        manager.get_by_test_id("certificate-download").click()
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    enrollment.refresh_from_db()
    assert enrollment.status == "ready"


def test_journey_3_reporting_and_trust(open_page, tmp_path):
    """The manager and the admin at a desk; whoever checks the certificate, on a laptop and on a
    phone (the journey's one page that depends on the screen)."""
    from training.certification.models import Certificate

    manager = open_page("manager")
    manager.goto("/team/")
    # The heaviest request of the journeys: the immediate task backend builds the whole zip (a PDF
    # per certificate and shadowing log, the reports) before the POST answers, some 3 s of CPU on
    # its own; with the other suite running beside this one (make test), more than the 10 s a
    # click may take otherwise.
    manager.get_by_role("button", name="Export everything (zip)").click(timeout=60_000)
    expect(manager.get_by_test_id("export-progress")).to_be_visible()
    with manager.expect_download() as download:
        manager.get_by_test_id("export-download").click()
    path = tmp_path / "team.zip"
    download.value.save_as(path)
    import zipfile

    names = zipfile.ZipFile(path).namelist()
    assert any(name.endswith("certificate.pdf") for name in names), names

    # Anyone with the link, logged out, sees the certificate valid.
    certificate = Certificate.objects.get(engineer__username="bob")
    anyone = [open_page(None, viewport) for viewport in (LAPTOP, PHONE)]
    for page in anyone:
        page.goto(f"/verify/{certificate.display_code}/")
        expect(page.get_by_test_id("certificate-state")).to_have_attribute("data-state", "valid")
        expect(page.get_by_test_id("holder")).to_have_text("Bob Novak")

    # A training admin revokes it; the page now says revoked.
    admin = open_page("admin")
    admin.goto(f"/enrollments/{certificate.enrollment_id}/")
    admin.get_by_role("link", name="Revoke…").click()
    admin.locator("#id_reason").fill("Left the on-call rota.")
    admin.get_by_role("button", name="Revoke the certificate").click()
    for page in anyone:
        page.goto(f"/verify/{certificate.display_code}/")
        expect(page.get_by_test_id("certificate-state")).to_have_attribute("data-state", "revoked")
        expect(page.get_by_test_id("certificate-state")).to_contain_text("Left the on-call rota.")
