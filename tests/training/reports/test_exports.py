"""Bulk export in the background, and the rule that every export URL is 404 to strangers."""

import datetime
import io
import zipfile
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tests.factories import TrainingAdminFactory
from tests.training.certification.test_certificates import certified, stored_bytes
from tests.training.factories import Org
from training.reports.models import ExportJob, ExportStatus
from training.site.daily import send_reminders_task
from training.workflow.models import Enrollment, EnrollmentStatus
from training.workflow.services import enrollment_create

pytestmark = pytest.mark.django_db


def start(client, org, capture):
    with capture(execute=True):
        response = client.post(reverse("training:export_start", args=[org.team.slug]))
    assert response.status_code == 302
    return ExportJob.objects.filter(requester=org.manager).first()  # the newest


def zip_of(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


class TestBulkExport:
    def test_the_manager_gets_one_zip_of_certificates_logs_and_reports(self, client,
                                                                        django_capture_on_commit_callbacks):
        org = Org()
        certificate = certified(org)
        client.force_login(org.manager)
        job = start(client, org, django_capture_on_commit_callbacks)
        assert job.status == ExportStatus.DONE and job.done == job.total == 2  # the team report, one engineer
        page = client.get(reverse("training:export_detail", args=[job.pk])).content.decode()
        assert 'data-testid="export-download"' in page and "hx-trigger" not in page
        response = client.get(reverse("training:export_download", args=[job.pk]))
        assert response["Content-Disposition"].startswith("attachment;")
        assert f"{org.team.slug}-export-" in response["Content-Disposition"]
        archive = zip_of(response)
        names = set(archive.namelist())
        folder = f"{org.team.slug}/{slugify(org.engineer.get_full_name())}-simple-v1"
        assert names == {f"{org.team.slug}/team-report.pdf", f"{org.team.slug}/team-report.csv",
                         f"{folder}/certificate.pdf", f"{folder}/shadowing-log.pdf",
                         f"{folder}/onboarding-report.pdf", f"{folder}/onboarding-report.csv"}
        assert archive.read(next(n for n in names if n.endswith("certificate.pdf"))) == stored_bytes(certificate)

    def test_two_enrollments_of_an_engineer_in_one_track_version_get_a_folder_each(
            self, client, django_capture_on_commit_callbacks):
        org = Org()
        Enrollment.objects.filter(pk=org.enrollment.pk).update(status=EnrollmentStatus.WITHDRAWN)
        again = enrollment_create(engineer=org.engineer, track=org.track, by=org.manager, mentor=org.mentor)
        client.force_login(org.manager)
        job = start(client, org, django_capture_on_commit_callbacks)
        names = zip_of(client.get(reverse("training:export_download", args=[job.pk]))).namelist()
        assert len(names) == len(set(names))  # no path twice
        base = f"{org.team.slug}/{slugify(org.engineer.get_full_name())}-simple-v1"
        assert {name.rsplit("/", 1)[0] for name in names if name.endswith("shadowing-log.pdf")} == {
            f"{base}-enrollment-{org.enrollment.pk}", f"{base}-enrollment-{again.pk}"}

    def test_the_page_polls_with_htmx_until_the_export_is_done(self, client, django_capture_on_commit_callbacks):
        org = Org()
        client.force_login(org.manager)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            client.post(reverse("training:export_start", args=[org.team.slug]))
        job = ExportJob.objects.get()
        fragment = client.get(reverse("training:export_status", args=[job.pk])).content.decode()
        assert 'data-status="queued"' in fragment and 'hx-trigger="every 1s"' in fragment
        assert reverse("training:export_status", args=[job.pk]) in fragment
        for callback in callbacks:
            callback()  # the worker picks the job up
        fragment = client.get(reverse("training:export_status", args=[job.pk])).content.decode()
        assert 'data-status="done"' in fragment and "hx-trigger" not in fragment
        assert reverse("training:export_download", args=[job.pk]) in fragment

    def test_a_second_click_while_running_gives_the_same_job(self, client, django_capture_on_commit_callbacks):
        org = Org()
        client.force_login(org.manager)
        with django_capture_on_commit_callbacks(execute=False):
            client.post(reverse("training:export_start", args=[org.team.slug]))
            client.post(reverse("training:export_start", args=[org.team.slug]))
        assert ExportJob.objects.count() == 1

    def test_a_failure_is_shown_not_hidden(self, client, django_capture_on_commit_callbacks):
        org = Org()
        client.force_login(org.manager)
        with mock.patch("training.reports.onboarding.shadowing_log_pdf", side_effect=OSError("disk full")):
            job = start(client, org, django_capture_on_commit_callbacks)
        assert job.status == ExportStatus.FAILED and not job.file
        assert "The export failed" in client.get(reverse("training:export_detail", args=[job.pk])).content.decode()

    def test_the_zip_is_for_its_requester_only(self, client, django_capture_on_commit_callbacks):
        org = Org()
        client.force_login(org.manager)
        job = start(client, org, django_capture_on_commit_callbacks)
        for other in (org.engineer, org.mentor, TrainingAdminFactory(username="trainadmin"), Org(prefix="x-").manager):
            client.force_login(other)
            for name in ("export_detail", "export_status", "export_download"):
                assert client.get(reverse(f"training:{name}", args=[job.pk])).status_code == 404, (other, name)
            assert 'data-testid="export-row"' not in client.get(reverse("training:export_list")).content.decode()

    def test_the_requester_lists_their_exports(self, client, django_capture_on_commit_callbacks):
        org = Org()
        client.force_login(org.manager)
        start(client, org, django_capture_on_commit_callbacks)
        html = client.get(reverse("training:export_list")).content.decode()
        assert html.count('data-testid="export-row"') == 1 and "Ready to download" in html


class TestRetention:
    def test_exports_older_than_the_retention_are_deleted_with_their_zip(self, client, settings,
                                                                         django_capture_on_commit_callbacks):
        settings.EXPORT_RETENTION_DAYS = 7
        org = Org()
        client.force_login(org.manager)
        old = start(client, org, django_capture_on_commit_callbacks)
        name = old.file.name
        ExportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
        recent = start(client, org, django_capture_on_commit_callbacks)
        running = ExportJob.objects.create(requester=org.manager, team=org.team, status=ExportStatus.RUNNING,
                                           created_at=timezone.now() - datetime.timedelta(days=30))
        out = io.StringIO()
        call_command("purge_exports", stdout=out)
        assert "1 export older than 7 days deleted" in out.getvalue()
        assert set(ExportJob.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
        assert not default_storage.exists(name) and default_storage.exists(recent.file.name)
        assert client.get(reverse("training:export_download", args=[old.pk])).status_code == 404
        html = client.get(reverse("training:export_list")).content.decode()
        assert html.count('data-testid="export-row"') == 2 and "kept for 7 days" in html

    def test_the_daily_run_deletes_old_exports(self, client, django_capture_on_commit_callbacks):
        org = Org()
        client.force_login(org.manager)
        job = start(client, org, django_capture_on_commit_callbacks)
        ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(days=30))
        with mock.patch("training.site.daily.schedule_daily_reminders") as next_run:
            send_reminders_task.call(reschedule=True)
        assert next_run.called and not ExportJob.objects.exists()


def export_urls(org, certificate, job):
    pk, slug = org.enrollment.pk, org.team.slug
    return [
        ("get", reverse("training:certificate_download", args=[pk])),
        ("get", reverse("training:shadowing_log_pdf", args=[pk])),
        ("get", reverse("training:engineer_report_pdf", args=[pk])),
        ("get", reverse("training:engineer_report_csv", args=[pk])),
        ("get", reverse("training:team_report_pdf", args=[slug])),
        ("get", reverse("training:team_report_csv", args=[slug])),
        ("post", reverse("training:export_start", args=[slug])),
        ("get", reverse("training:export_detail", args=[job.pk])),
        ("get", reverse("training:export_status", args=[job.pk])),
        ("get", reverse("training:export_download", args=[job.pk])),
        ("get", reverse("training:certificate_revoke", args=[certificate.pk])),
        ("post", reverse("training:certificate_revoke", args=[certificate.pk])),
    ]


def test_another_teams_manager_gets_404_for_every_export_url(client, django_capture_on_commit_callbacks):
    org = Org()
    certificate = certified(org)
    client.force_login(org.manager)
    job = start(client, org, django_capture_on_commit_callbacks)
    urls = export_urls(org, certificate, job)
    # The team's own manager opens them all (revocation aside: training admins only).
    for method, url in urls:
        if "revoke" not in url:
            assert getattr(client, method)(url).status_code in (200, 302), url
    stranger = Org(prefix="x-").manager
    client.force_login(stranger)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    assert ExportJob.objects.filter(requester=stranger).count() == 0
