"""Report PDFs are made by the background worker and served from storage: a download never
renders in the web request. The worker here is the real one (``manage.py db_worker --batch``)
on the database task queue; the tests' default ImmediateBackend runs a task the moment it is
queued, so those tests say what happens when the worker is instant."""

import datetime
import io
import signal
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import TrainingAdminFactory, UserFactory
from tests.training.certification.test_certificates import pdf_text
from tests.training.factories import Org
from training import pdf
from training.reports.models import ExportJob, ExportStatus, RenderedReport, RenderStatus
from training.tracks.models import StepKind
from training.workflow import services

TODAY = timezone.localdate()
KINDS = ["shadowing_log", "engineer_report", "team_report"]


def url(org, kind, action="pdf"):
    key = org.team.slug if kind == "team_report" else org.enrollment.pk
    return reverse(f"training:{kind}_{action}", args=[key])


def file_name(org, kind):
    if kind == "team_report":
        return f"{org.team.slug}-team-report.pdf"
    return {"shadowing_log": "erin-engineer-shadowing-log.pdf",
            "engineer_report": "erin-engineer-onboarding-report.pdf"}[kind]


def make_org():
    org = Org()
    org.engineer.first_name, org.engineer.last_name = "Erin", "Engineer"
    org.engineer.save()
    return org


def get(client, path, **extra):
    """GET ``path``, reading a file response to its end: then the request is over (the test
    client sends ``request_finished``), as a browser's is."""
    response = client.get(path, **extra)
    if response.streaming:
        response.content_bytes = b"".join(response.streaming_content)
    return response


def stored(report):
    with default_storage.open(report.file.name, "rb") as handle:
        return handle.read()


def log_shift(org, days_ago=1, hours=2):
    return services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer,
                                     date=TODAY - datetime.timedelta(days=days_ago), hours=Decimal(hours),
                                     host=org.host, notes="Watched the handover")


def renders_queued():
    return DBTaskResult.objects.filter(task_path__endswith=".render_report").count()


@pytest.fixture
def worker(settings):
    """The database task queue; ``worker()`` runs ``db_worker --batch`` until it is empty."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    pdf.request_render_reset()

    def run():
        # db_worker installs its own SIGINT/SIGTERM handlers: give pytest its own back.
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0,
                         worker_id="test-worker")
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

    return run


@pytest.mark.django_db(transaction=True)
class TestWithTheWorker:
    @pytest.mark.parametrize("kind", KINDS)
    def test_a_download_waits_for_the_worker_and_then_is_the_stored_file(self, client, worker, kind):
        org = make_org()
        log_shift(org)
        client.force_login(org.manager)
        waiting = get(client, url(org, kind))
        assert waiting.status_code == 202 and not waiting.streaming
        page = waiting.content.decode()
        assert "Preparing the" in page and 'data-status="queued"' in page
        assert f'hx-get="{url(org, kind, "status")}"' in page and 'hx-trigger="every 2s"' in page
        assert f'href="{url(org, kind)}"' in page  # without JavaScript: the download again, later
        assert pdf.request_render_ms() == 0
        report = RenderedReport.objects.get()
        assert report.status == RenderStatus.QUEUED and not report.file and renders_queued() == 1

        worker()
        report.refresh_from_db()
        assert report.status == RenderStatus.READY and report.rendered_at
        response = get(client, url(org, kind))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{file_name(org, kind)}"'
        assert response.content_bytes.startswith(b"%PDF") and response.content_bytes == stored(report)
        assert pdf.request_render_ms() == 0

    def test_unchanged_data_is_never_rendered_again(self, client, worker):
        org = make_org()
        client.force_login(org.mentor)
        get(client, url(org, "shadowing_log"))
        worker()
        first = RenderedReport.objects.get()
        for _ in range(2):
            assert get(client, url(org, "shadowing_log")).status_code == 200
        org.enrollment.last_activity_at = timezone.now()
        org.enrollment.save(update_fields=["last_activity_at"])
        assert get(client, url(org, "shadowing_log")).status_code == 200  # nothing the log shows changed
        again = RenderedReport.objects.get()
        assert (again.pk, again.rendered_at, again.file.name) == (first.pk, first.rendered_at, first.file.name)
        assert renders_queued() == 1 and pdf.request_render_ms() == 0

    def test_new_data_is_prepared_again_and_replaces_the_old_file_once_ready(self, client, worker):
        org = make_org()
        client.force_login(org.manager)
        for kind in KINDS:
            get(client, url(org, kind))
        worker()
        old = {r.kind: r for r in RenderedReport.objects.all()}
        assert len(old) == 3 and all(r.status == RenderStatus.READY for r in old.values())

        shift = log_shift(org)  # a new shadow shift: the log and the report change, the team report does not
        for kind in ("shadowing_log", "engineer_report"):
            assert get(client, url(org, kind)).status_code == 202
        assert get(client, url(org, "team_report")).status_code == 200
        # Until the new one is ready, the old file stays.
        assert RenderedReport.objects.count() == 5 and all(default_storage.exists(r.file.name) for r in old.values())
        worker()
        for kind in ("shadowing_log", "engineer_report"):
            response = get(client, url(org, kind))
            assert response.status_code == 200
            assert (TODAY - datetime.timedelta(days=1)).strftime("%-d %b %Y") in pdf_text(response.content_bytes)
            assert not RenderedReport.objects.filter(pk=old[kind].pk).exists()
            assert not default_storage.exists(old[kind].file.name)
        assert RenderedReport.objects.count() == 3

        services.shadow_shift_confirm(shift=shift, by=org.host)  # a sign-off: the host confirms it
        assert get(client, url(org, "shadowing_log")).status_code == 202
        worker()
        assert get(client, url(org, "shadowing_log")).status_code == 200

        newcomer = UserFactory(first_name="Nia", last_name="Newcomer")  # one more row in the team report
        org.team.members.add(newcomer)
        services.enrollment_create(engineer=newcomer, track=org.track, by=org.manager)
        assert get(client, url(org, "team_report")).status_code == 202
        assert pdf.request_render_ms() == 0

    def test_asking_twice_queues_one_render(self, client, worker):
        org = make_org()
        client.force_login(org.manager)
        for _ in range(2):
            assert get(client, url(org, "engineer_report")).status_code == 202
            assert get(client, url(org, "engineer_report", "status"), HTTP_HX_REQUEST="true").status_code == 200
        assert renders_queued() == 1 and RenderedReport.objects.count() == 1
        worker()
        assert get(client, url(org, "engineer_report")).status_code == 200 and renders_queued() == 1

    def test_the_waiting_page_polls_until_ready_then_starts_the_download(self, client, worker):
        org = make_org()
        client.force_login(org.mentor)
        get(client, url(org, "shadowing_log"))
        status = url(org, "shadowing_log", "status")
        fragment = get(client, status, HTTP_HX_REQUEST="true")
        assert fragment.status_code == 200 and "no-cache" in fragment["Cache-Control"]
        html = fragment.content.decode()
        assert 'data-status="queued"' in html and 'hx-trigger="every 2s"' in html
        worker()
        html = get(client, status, HTTP_HX_REQUEST="true").content.decode()
        assert 'data-status="ready"' in html and "every 2s" not in html  # polling stops
        assert f'hx-get="{status}?start=1" hx-trigger="load"' in html and f'href="{url(org, "shadowing_log")}"' in html
        start = get(client, status + "?start=1", HTTP_HX_REQUEST="true")
        assert start.status_code == 204 and start["HX-Redirect"] == url(org, "shadowing_log")
        assert pdf.request_render_ms() == 0

    def test_a_failed_render_says_so_and_try_again_queues_it_again(self, client, worker, settings, tmp_path):
        org = make_org()
        client.force_login(org.manager)
        media = settings.MEDIA_ROOT
        blocked = tmp_path / "not-a-folder"
        blocked.write_text("storage is broken")
        settings.MEDIA_ROOT = str(blocked / "media")  # nothing can be saved under a file
        get(client, url(org, "team_report"))
        worker()
        failed = get(client, url(org, "team_report"))
        assert failed.status_code == 503
        page = failed.content.decode()
        assert "The PDF could not be made" in page and "Try again" in page and "hx-trigger" not in page
        assert f'action="{url(org, "team_report", "retry")}"' in page
        fragment = get(client, url(org, "team_report", "status"), HTTP_HX_REQUEST="true").content.decode()
        assert 'data-status="failed"' in fragment and "hx-trigger" not in fragment
        assert renders_queued() == 1  # a failure is not tried again by itself

        settings.MEDIA_ROOT = media
        response = client.post(url(org, "team_report", "retry"))
        assert response.status_code == 302 and response["Location"] == url(org, "team_report")
        assert renders_queued() == 2 and RenderedReport.objects.get().status == RenderStatus.QUEUED
        assert client.post(url(org, "team_report", "retry")).status_code == 302 and renders_queued() == 2
        worker()
        response = get(client, url(org, "team_report"))
        assert response.status_code == 200 and response.content_bytes.startswith(b"%PDF")
        assert RenderedReport.objects.get().error == ""


class TestAccess:
    pytestmark = pytest.mark.django_db

    def test_the_status_and_retry_urls_are_404_to_whoever_may_not_see_the_report(self, client):
        org = make_org()
        stranger = Org(prefix="x-")
        for user in (stranger.engineer, stranger.manager, stranger.mentor):
            client.force_login(user)
            for kind in KINDS:
                assert client.get(url(org, kind, "status")).status_code == 404, (user, kind)
                assert client.post(url(org, kind, "retry")).status_code == 404, (user, kind)
                assert client.get(url(org, kind)).status_code == 404, (user, kind)
        client.force_login(org.engineer)  # their own log and report, not the team's
        assert client.get(url(org, "shadowing_log", "status")).status_code == 200
        assert client.get(url(org, "team_report", "status")).status_code == 404
        client.force_login(TrainingAdminFactory(username="trainadmin"))
        assert client.get(url(org, "team_report", "status")).status_code == 200
        assert not RenderedReport.objects.filter(requested_by__in=[stranger.engineer, stranger.manager]).exists()

    def test_anyone_not_logged_in_goes_to_the_login_page(self, client):
        org = make_org()
        for kind in KINDS:
            for response in (client.get(url(org, kind, "status")), client.post(url(org, kind, "retry")),
                             client.get(url(org, kind))):
                assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        assert not RenderedReport.objects.exists()


class TestWhenTheWorkerIsInstant:
    """Under the ImmediateBackend the task runs when queued, inside the request: the first
    download is the file at once, and the render counts against the request."""

    pytestmark = pytest.mark.django_db

    def test_the_first_download_is_the_file_and_its_render_is_counted_against_the_request(self, client):
        org = make_org()
        client.force_login(org.manager)
        pdf.request_render_reset()
        response = get(client, url(org, "shadowing_log"))
        assert response.status_code == 200 and response.content_bytes == stored(RenderedReport.objects.get())
        assert pdf.request_render_ms() > 0
        pdf.request_render_reset()
        assert get(client, url(org, "shadowing_log")).status_code == 200 and pdf.request_render_ms() == 0

    def test_a_new_pdf_design_makes_the_stored_reports_out_of_date(self, client, settings, tmp_path,
                                                                  django_capture_on_commit_callbacks):
        org = make_org()
        client.force_login(org.manager)
        get(client, url(org, "shadowing_log"))
        first = RenderedReport.objects.get()
        lighter = tmp_path / "css" / "pdf.css"
        lighter.parent.mkdir()
        lighter.write_text(Path(finders.find("css/pdf.css")).read_text() + "\n.document { color: #111; }\n")
        settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
        with django_capture_on_commit_callbacks(execute=True):  # the old file is deleted once committed
            assert get(client, url(org, "shadowing_log")).status_code == 200
        current = RenderedReport.objects.get()
        assert current.pk != first.pk and current.data_hash != first.data_hash
        assert not default_storage.exists(first.file.name)

    def test_a_stored_file_lost_from_storage_is_made_again(self, client):
        org = make_org()
        client.force_login(org.manager)
        get(client, url(org, "engineer_report"))
        report = RenderedReport.objects.get()
        default_storage.delete(report.file.name)
        response = get(client, url(org, "engineer_report"))
        assert response.status_code == 202  # made again meanwhile: the next look has it
        response = get(client, url(org, "engineer_report"))
        assert response.status_code == 200 and response.content_bytes == stored(RenderedReport.objects.get())

    def test_a_deleted_team_takes_its_stored_report_with_it(self, client, django_capture_on_commit_callbacks):
        org = make_org()
        client.force_login(org.manager)
        get(client, url(org, "team_report"))
        name = RenderedReport.objects.get().file.name
        assert default_storage.exists(name)
        with django_capture_on_commit_callbacks(execute=True):
            org.team.delete()
        assert not RenderedReport.objects.exists() and not default_storage.exists(name)


def export(client, org, capture):
    with capture(execute=True):
        client.post(reverse("training:export_start", args=[org.team.slug]))
    job = ExportJob.objects.filter(requester=org.manager).first()
    assert job.status == ExportStatus.DONE
    response = client.get(reverse("training:export_download", args=[job.pk]))
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_a_second_export_of_unchanged_data_renders_nothing(client, django_capture_on_commit_callbacks):
    org = make_org()
    log_shift(org)
    client.force_login(org.manager)
    first = export(client, org, django_capture_on_commit_callbacks)
    renders = {r.kind: r for r in RenderedReport.objects.all()}
    assert set(renders) == set(KINDS) and all(r.status == RenderStatus.READY for r in renders.values())
    second = export(client, org, django_capture_on_commit_callbacks)
    again = {r.kind: (r.pk, r.rendered_at, r.file.name) for r in RenderedReport.objects.all()}
    assert again == {kind: (r.pk, r.rendered_at, r.file.name) for kind, r in renders.items()}
    pdfs = sorted(n for n in first.namelist() if n.endswith(".pdf") and "certificate" not in n)
    assert len(pdfs) == 3
    for name in pdfs:
        kind = ("team_report" if name.endswith("team-report.pdf")
                else "shadowing_log" if name.endswith("shadowing-log.pdf") else "engineer_report")
        assert first.read(name) == second.read(name) == stored(renders[kind])
    # ... and the downloads are those files too, with nothing rendered in the request.
    pdf.request_render_reset()
    for kind in KINDS:
        assert get(client, url(org, kind)).content_bytes == stored(renders[kind])
    assert pdf.request_render_ms() == 0


@pytest.mark.django_db
def test_an_export_stores_what_it_renders_for_the_next_download(client, django_capture_on_commit_callbacks):
    org = make_org()
    client.force_login(org.manager)
    get(client, url(org, "shadowing_log"))
    log_shift(org)  # the stored log is out of date: the export renders the new one and replaces it
    old = RenderedReport.objects.get()
    export(client, org, django_capture_on_commit_callbacks)
    current = RenderedReport.objects.get(kind="shadowing_log")
    assert current.pk != old.pk and current.status == RenderStatus.READY
    assert not RenderedReport.objects.filter(pk=old.pk).exists()
