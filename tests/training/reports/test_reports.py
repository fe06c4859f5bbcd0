"""Shadowing logs and onboarding reports, as PDF and CSV."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import TrainingAdminFactory, UserFactory
from tests.training.certification.test_certificates import certified, pdf_text
from tests.training.factories import SIMPLE_TRACK, Org, simple_track
from training import downloads
from training.reports import onboarding
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import ShiftRole

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def body(response):
    return b"".join(response.streaming_content)


def flat(data):
    """The PDF's text with line breaks and runs of spaces made single spaces."""
    return " ".join(pdf_text(data).split())


def csv_rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def log_shifts(org):
    progress = org.progress(StepKind.SHADOW)
    first = services.shadow_shift_log(
        progress=progress, by=org.engineer, date=TODAY - datetime.timedelta(days=6), hours=Decimal("2.5"),
        host=org.host, notes="Watched the hourly checks",
        incidents=[{"reference": "INC-101", "severity": "P2", "summary": "Queue backlog"}])
    services.shadow_shift_confirm(shift=first, by=org.host)
    second = services.shadow_shift_log(
        progress=progress, by=org.engineer, date=TODAY - datetime.timedelta(days=3), hours=3, host=org.host,
        role=ShiftRole.LEAD, notes="Led the evening handover")
    services.shadow_shift_confirm(shift=second, by=org.host)
    disputed = services.shadow_shift_log(
        progress=progress, by=org.engineer, date=TODAY - datetime.timedelta(days=2), hours=1, host=org.host,
        notes="Short one")
    services.shadow_shift_dispute(shift=disputed, by=org.host, comment="I was off that day")
    services.shadow_shift_log(progress=progress, by=org.engineer, date=TODAY - datetime.timedelta(days=1),
                              hours=Decimal("1.5"), host=org.host, notes="Night shift")


class TestShadowingLog:
    def test_lists_every_shift_with_host_confirmation_incidents_notes_and_totals(self, client):
        org = Org()
        # A long name stays whole in its column (a narrow one broke "Schneider" as "Schneid er").
        org.host.first_name, org.host.last_name = "Maximiliane", "Oppenheimer"
        org.host.save(update_fields=["first_name", "last_name"])
        log_shifts(org)
        client.force_login(org.mentor)
        response = client.get(reverse("training:shadowing_log_pdf", args=[org.enrollment.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert "shadowing-log.pdf" in response["Content-Disposition"]
        text = flat(body(response))
        for day in (6, 3, 2, 1):
            assert (TODAY - datetime.timedelta(days=day)).strftime("%-d %b %Y") in text
        for shown in ("Watched the hourly checks", "Led the evening handover", "Short one", "Night shift",
                      "INC-101", "Queue backlog", "I was off that day", org.host.get_full_name()):
            assert shown in text
        assert text.count("Confirmed") >= 2 and "Disputed" in text and "Waiting for the host" in text
        assert "Total 8 4 shifts" in text  # every shift: 2.5 + 3 + 1 + 1.5
        assert "5.5 / 4 h" in text and "5.5 h confirmed of 4 h required" in text
        assert "1.5 h waiting for the host" in text.lower() and "1 h disputed" in text.lower()
        assert "Engineer Date" in text and "Mentor Date" in text and "Manager Date" in text  # signature lines

    def test_no_shift_yet_says_so(self):
        text = pdf_text(onboarding.shadowing_log_pdf(Org().enrollment))
        assert "No shadow shifts logged yet" in text


class TestEngineerReport:
    def test_every_step_with_dates_results_and_who_gave_each_sign_off(self, client):
        from assessments.models import Attempt, AttemptStatus
        from tests.assessments.factories import QuizFactory

        quiz = QuizFactory(slug="knowledge-check", title="Knowledge check", pass_mark=75)
        pager = "- [ ] Confirm your pager works"
        text = SIMPLE_TRACK.replace(pager, pager + "\n- [ ] Quiz: Knowledge check {{ref: knowledge-check}}")
        org = Org(track=simple_track(text=text))
        Attempt.objects.create(user=org.engineer, quiz=quiz, number=1, status=AttemptStatus.GRADED,
                               score_percent=Decimal("85"), passed=True, submitted_at=timezone.now())
        log = services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                           notes="Task 42", ticks=[0, 1])
        services.exercise_log_verify(log=log, by=org.mentor)
        log_shifts(org)
        client.force_login(org.manager)
        data = body(client.get(reverse("training:engineer_report_pdf", args=[org.enrollment.pk])))
        text = " ".join(pdf_text(data).split())
        for step in ("Practise the thing", "Confirm your pager works", "Quiz: Knowledge check",
                     "Shadow an on-call engineer", "Manager sign-off"):
            assert step in text
        assert f"Verified by {org.mentor.get_full_name()}" in text
        assert "Best score 85% (passed, pass mark 75%" in text
        assert "5.5 of 4 h confirmed" in text
        assert "Enrolled" in text and org.manager.get_full_name() in text  # the sign-off history

        rows = csv_rows(body(client.get(reverse("training:engineer_report_csv", args=[org.enrollment.pk]))))
        assert rows[0][:4] == ["Engineer", "Track", "Stage", "Step"]
        assert len(rows) == 1 + org.enrollment.progress.count()
        exercise = next(r for r in rows if r[3].startswith("Exercise"))
        assert exercise[6] == "Done" and exercise[10] == org.mentor.get_full_name()

    def test_a_certified_engineer_report_names_the_certificate(self):
        org = Org()
        certificate = certified(org)
        text = pdf_text(onboarding.engineer_report_pdf(onboarding.engineer_report(org.enrollment)))
        assert certificate.display_code in text and "Valid until" in text

    def test_the_certificate_code_is_never_broken_across_lines(self):
        # The widest code there is: a code cut at a hyphen cannot be read out or pasted into the checker.
        org = Org()
        certificate = certified(org)
        certificate.code = "W" * len(certificate.code)
        certificate.save(update_fields=["code"])
        text = pdf_text(onboarding.engineer_report_pdf(onboarding.engineer_report(org.enrollment)))
        assert certificate.display_code in text


def grow_team(org, n):
    for _ in range(n):
        engineer = UserFactory()
        org.team.members.add(engineer)
        services.enrollment_create(engineer=engineer, track=org.track, by=org.manager, mentor=org.mentor)


class TestTeamReport:
    def test_one_row_per_enrollment_in_pdf_and_csv(self, client):
        org = Org()
        certificate = certified(org)
        grow_team(org, 2)
        client.force_login(org.manager)
        response = client.get(reverse("training:team_report_pdf", args=[org.team.slug]))
        assert f"{org.team.slug}-team-report.pdf" in response["Content-Disposition"]
        text = flat(body(response))
        names = [m.get_full_name() for m in org.team.members.filter(enrollments__isnull=False)]
        assert len(names) == 3
        for name in names:
            assert text.count(name) == 2  # its row, and its bar of the shadow hours chart
        assert certificate.display_code in text and "Not issued" in text

        rows = csv_rows(body(client.get(reverse("training:team_report_csv", args=[org.team.slug]))))
        assert rows[0][0] == "Engineer" and len(rows) == 4
        assert {r[0] for r in rows[1:]} == set(names)
        certified_row = next(r for r in rows if r[0] == org.engineer.get_full_name())
        assert certified_row[4] == "Ready for on-call" and certified_row[13] == certificate.display_code

    def test_csv_cells_cannot_run_as_formulas(self, client):
        org = Org()
        org.engineer.first_name, org.engineer.last_name = "=HYPERLINK(\"http://x\")", "@SUM(A1)"
        org.engineer.save()
        grown = UserFactory(first_name="+cmd", last_name="-2")
        org.team.members.add(grown)
        services.enrollment_create(engineer=grown, track=org.track, by=org.manager)
        client.force_login(org.manager)
        rows = csv_rows(body(client.get(reverse("training:team_report_csv", args=[org.team.slug]))))
        names = {r[0] for r in rows[1:]}
        assert names == {"'=HYPERLINK(\"http://x\") @SUM(A1)", "'+cmd -2"}
        assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
        assert downloads.safe_cell("-1") == "'-1" and downloads.safe_cell("plain") == "plain"

    def test_queries_do_not_grow_with_the_team(self, client):
        org = Org()
        grow_team(org, 2)
        client.force_login(org.manager)
        url = reverse("training:team_report_csv", args=[org.team.slug])

        def count():
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            return len(ctx.captured_queries)

        small = count()
        pdf_url = reverse("training:team_report_pdf", args=[org.team.slug])
        body(client.get(pdf_url))  # made and stored: the next downloads are that file

        def count_pdf():
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(pdf_url)
                assert response.status_code == 200 and body(response).startswith(b"%PDF")
            return len(ctx.captured_queries)

        small_pdf = count_pdf()
        grow_team(org, 27)
        assert count() == small
        body(client.get(pdf_url))
        assert count_pdf() == small_pdf
        assert len(csv_rows(body(client.get(url)))) == 31

    def test_a_training_admin_may_have_every_team_report_and_an_engineer_none(self, client):
        org = Org()
        client.force_login(TrainingAdminFactory(username="trainadmin"))
        assert client.get(reverse("training:team_report_csv", args=[org.team.slug])).status_code == 200
        client.force_login(org.engineer)
        assert client.get(reverse("training:team_report_csv", args=[org.team.slug])).status_code == 404

    def test_the_team_page_offers_the_reports_and_the_export(self, client):
        org = Org()
        client.force_login(org.manager)
        html = client.get(reverse("training:team")).content.decode()
        for name in ("team_report_pdf", "team_report_csv", "export_start"):
            assert reverse(f"training:{name}", args=[org.team.slug]) in html
