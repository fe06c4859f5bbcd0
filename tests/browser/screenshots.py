"""`make screenshots`: PNGs of the main pages, on the demo organisation, into docs/screenshots/.

Not collected by the test run (the name does not start with ``test_``); the Makefile runs it with
pytest so it reuses the live server and the browser fixtures.
"""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import LAPTOP, PHONE

OUT = Path(os.environ.get("SCREENSHOTS_DIR", Path(__file__).resolve().parents[2] / "docs" / "screenshots"))

pytestmark = pytest.mark.usefixtures("site_url", "demo")


@pytest.fixture
def site_url(settings):
    """Certificates print the public address of the site; show a realistic one."""
    settings.SITE_URL = "https://shiftready.example.com"


def shoot(page, path, name, full_page=True):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / name), full_page=full_page)


def test_engineer_pages(open_page):
    page = open_page("alice")
    shoot(page, "/me/", "engineer-home.png")
    shoot(page, "/library/docs/system-architecture-training/", "document.png", full_page=False)
    page.goto("/quizzes/week-1-knowledge-check/")
    page.get_by_role("button", name="Start attempt 1").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / "quiz.png"), full_page=False)
    phone = open_page("alice", PHONE)
    shoot(phone, "/me/", "engineer-home-phone.png", full_page=False)


def test_manager_pages(open_page):
    page = open_page("manager", LAPTOP)
    shoot(page, "/team/", "team.png")
    shoot(open_page("manager", PHONE), "/team/", "team-phone.png", full_page=False)
    mentor = open_page("mentor", LAPTOP)
    shoot(mentor, "/queue/", "signoff-queue.png")


def test_import_pages(open_page, tmp_path):
    """A check of the demo library plus a new runbook, and a track file refused with its lines."""
    demo_docs = Path(__file__).resolve().parents[2] / "content" / "demo_docs"
    new = tmp_path / "database-failover.md"
    new.write_text("---\ncategory: runbook\n---\n# Database failover\n\nPromote the replica.\n")
    page = open_page("admin", LAPTOP)
    page.goto("/library/import/")
    page.set_input_files("#id_files", [*sorted(demo_docs.glob("*.md")), new])
    page.get_by_label("Check only").check()
    page.get_by_role("button", name="Import").click()
    page.get_by_test_id("import-report").wait_for()
    page.screenshot(path=str(OUT / "import-documents.png"), full_page=True)

    broken = tmp_path / "standard.md"
    track = Path(__file__).resolve().parents[2] / "training" / "demo" / "tracks" / "standard.md"
    broken.write_text(track.read_text().replace("{hours: 8}", "{hours: eight}")
                      .replace("{before_first_shift: 7d}", "{before_first_shift: soon}"))
    phone = open_page("admin", PHONE)
    phone.goto("/manage/import/")
    phone.set_input_files("#id_file", broken)
    phone.get_by_role("button", name="Import").click()
    phone.get_by_test_id("import-problems").wait_for()
    phone.screenshot(path=str(OUT / "import-track-phone.png"), full_page=False)


def test_verification_page_and_pdfs(open_page, tmp_path):
    import shutil
    import subprocess

    from training.certification.models import Certificate
    from training.reports import onboarding
    from training.teams.models import Team
    from training.workflow.models import Enrollment

    certificate = Certificate.objects.get(engineer__username="bob")
    anyone = open_page(None, PHONE)
    shoot(anyone, f"/verify/{certificate.display_code}/", "verification-phone.png")
    shoot(open_page(None, LAPTOP), f"/verify/{certificate.display_code}/", "verification.png", full_page=False)
    # A file checked on the open verification page: every check and what it found.
    with certificate.pdf.open("rb") as stored:
        (tmp_path / "certificate.pdf").write_bytes(stored.read())
    checker = open_page(None, LAPTOP)
    checker.goto("/verify/")
    checker.set_input_files("#id_file", tmp_path / "certificate.pdf")
    checker.get_by_role("button", name="Check the file").click()
    checker.get_by_test_id("upload-result").wait_for()
    checker.screenshot(path=str(OUT / "verification-checks.png"), full_page=True)

    team = Team.objects.get(slug="platform-ops")
    alice = Enrollment.objects.get(engineer__username="alice")
    with certificate.pdf.open("rb") as stored:
        pdfs = {"certificate": stored.read()}
    pdfs["shadowing-log"] = onboarding.shadowing_log_pdf(certificate.enrollment)
    pdfs["onboarding-report"] = onboarding.engineer_report_pdf(onboarding.engineer_report(alice))
    rows = onboarding.team_rows(onboarding.team_enrollments(team=team, user=team.managers.first()))
    pdfs["team-report"] = onboarding.team_report_pdf(team=team, rows=rows)
    assert shutil.which("pdftoppm"), "pdftoppm is missing: apt-get install -y poppler-utils"
    for name, content in pdfs.items():
        source = tmp_path / f"{name}.pdf"
        source.write_bytes(content)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(source),
                        str(OUT / f"pdf-{name}")], check=True)


def test_people_pages(open_page):
    admin = open_page("admin", LAPTOP)
    shoot(admin, "/people/", "people.png", full_page=False)
    person = admin.get_by_role("link", name="Alice Okafor").get_attribute("href")
    shoot(admin, person, "person.png", full_page=False)
    shoot(open_page(viewport=PHONE), "/accounts/login/", "login-phone.png", full_page=False)


def test_webhook_delivery_log(open_page, settings):
    """A webhook to a receiver on this machine: a test event it first refused, sent again; an
    enrollment; a certificate 30 days before expiry (the daily scan); a test event refused."""
    import datetime

    from django.contrib.auth import get_user_model

    from tests.training.webhooks.receiver import serve
    from training.certification.models import Certificate
    from training.tracks.models import Track
    from training.webhooks import services
    from training.webhooks.receivers import expiry_events_publish
    from training.workflow import services as workflow

    settings.WEBHOOK_ALLOW_PRIVATE = True
    people = {u.username: u for u in get_user_model().objects.filter(username__in=["admin", "manager", "carol"])}
    page = open_page("admin", LAPTOP)
    # The test task backend runs each delivery as soon as its transaction commits.
    with serve() as receiver:
        subscription, receiver.secret = services.subscription_create(
            url=receiver.url.replace("127.0.0.1", "localhost"), events="all", by=people["admin"],
            description="On-call paging sync")
        receiver.statuses = [503]
        refused = services.subscription_ping(subscription=subscription, by=people["admin"])
        services.delivery_resend(delivery=refused, by=people["admin"])
        workflow.enrollment_create(engineer=people["carol"], track=Track.objects.get(slug="fast", is_current=True),
                                   by=people["manager"])
        certificate = Certificate.objects.get(engineer__username="bob")
        expiry_events_publish(today=certificate.expires_on - datetime.timedelta(days=30))
        receiver.statuses = [500]
        services.subscription_ping(subscription=subscription, by=people["admin"])
    page.goto(f"/manage/webhooks/{subscription.pk}/")
    page.locator("[data-state='retrying'] summary").first.click()
    page.screenshot(path=str(OUT / "webhook-deliveries.png"), full_page=True)


def test_api_pages(open_page):
    """The API tokens page of a training admin (the demo's read token listed) and the API's docs."""
    page = open_page("admin", LAPTOP)
    shoot(page, "/account/api-tokens/", "api-tokens.png")
    page.goto("/api/v1/docs/")
    page.get_by_text("/api/v1/teams/{slug}/on-call-eligible/").first.wait_for()
    page.screenshot(path=str(OUT / "api-docs.png"), full_page=False)


def test_practice_pages(open_page):
    """Readiness levels, first on-call shifts, an incident, the quarterly check and a decision-tree
    walk, on the demo."""
    from training.assignments.models import AssignmentReason, TeamAssignment
    from training.incidents.models import Incident
    from training.workflow.models import Enrollment

    bob = Enrollment.objects.get(engineer__username="bob", status="ready")
    manager = open_page("manager", LAPTOP)
    shoot(manager, f"/enrollments/{bob.pk}/levels/", "levels.png", full_page=False)
    shoot(manager, f"/enrollments/{bob.pk}/first-shifts/", "first-shifts.png", full_page=False)
    shoot(open_page("bob", PHONE), f"/enrollments/{bob.pk}/first-shifts/", "first-shifts-phone.png", full_page=False)
    shoot(manager, f"/incidents/{Incident.objects.get().pk}/", "incident.png", full_page=False)
    quarterly = TeamAssignment.objects.filter(reason=AssignmentReason.QUARTERLY).first()
    shoot(open_page("manager", PHONE), f"/assignments/{quarterly.pk}/", "assessment-phone.png", full_page=False)
    walk = "/library/docs/troubleshooting-decision-tree/walk/"
    shoot(open_page("alice", LAPTOP), walk + "?tree=tree-5&a=0", "tree-walk.png", full_page=False)
    shoot(open_page("alice", PHONE), walk + "?tree=tree-5&a=0.0", "tree-walk-outcome-phone.png", full_page=False)


def test_metrics_pages(open_page):
    """The programme metrics as the training admin sees them: the demo team beside the bench's
    small organisation, whose enrollments started and ended over months (the demo's all start today)."""
    from training.bench.org import build_org

    build_org("small")
    admin = open_page("admin", LAPTOP)
    shoot(admin, "/manage/metrics/", "metrics.png", full_page=False)
    shoot(open_page("admin", PHONE), "/manage/metrics/", "metrics-phone.png", full_page=False)


def test_feedback_pages(open_page):
    """The review queue with its gap reports and whose turn it is, and a step's ratings on the
    track page, as the training admin sees them."""
    from training.tracks.models import Track

    admin = open_page("admin", LAPTOP)
    shoot(admin, "/library/review/", "review-queue.png", full_page=False)
    standard = Track.objects.current().get(slug="standard")
    shoot(admin, f"/manage/tracks/standard/v{standard.version}/", "track-ratings.png", full_page=False)
