"""A document's PDF ("Download as PDF"): made by the background worker once per version, never in
the web request; every later download of that version is the stored file; a new version makes a
new one. The worker is the real one (``db_worker --batch``) on the database task queue."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from content import services
from content.models import DocumentPdf, PdfStatus
from tests.factories import UserFactory
from tests.training.certification.test_certificates import pdf_text
from tests.training.reports.test_rendered import get, worker  # noqa: F401 - the worker fixture
from training import pdf

BODY = ("Read this before a shift.\n\n## Restart the API\n\nSee the [health check](https://status.example.com/)"
        " first.\n\n## Drain a Worker\n\nStop it taking tasks.\n")


def make_document():
    return services.document_create(slug="runbook", title="API Runbook", body=BODY)


def url(action=""):
    return reverse(f"training:document_pdf{'_' + action if action else ''}", args=["runbook"])


def renders_queued():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path__endswith=".render_document_pdf").count()


@pytest.mark.django_db(transaction=True)
class TestWithTheWorker:
    def test_the_download_waits_for_the_worker_then_is_the_stored_file_and_never_renders_again(
            self, client, worker):  # noqa: F811
        make_document()
        client.force_login(UserFactory())
        waiting = get(client, url())
        assert waiting.status_code == 202 and not waiting.streaming
        page = waiting.content.decode()
        assert "Preparing the PDF" in page and f'hx-get="{url("status")}"' in page and 'data-status="queued"' in page
        assert DocumentPdf.objects.get().status == PdfStatus.QUEUED and renders_queued() == 1
        assert pdf.request_render_ms() == 0

        worker()
        first = DocumentPdf.objects.get()
        assert first.status == PdfStatus.READY and first.rendered_at
        for _ in range(2):  # the same version: the same file, not a new rendering
            response = get(client, url())
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"] == 'attachment; filename="runbook-v1.0.pdf"'
        text = pdf_text(response.content_bytes)
        assert "API Runbook" in text and "Version 1.0" in text and "Drain a Worker" in text
        assert "(https://status.example.com/)" in text  # links printed as their addresses
        assert renders_queued() == 1 and pdf.request_render_ms() == 0
        again = DocumentPdf.objects.get()
        assert (again.rendered_at, again.file.name) == (first.rendered_at, first.file.name)

    def test_a_new_version_makes_a_new_pdf(self, client, worker):  # noqa: F811
        document = make_document()
        client.force_login(UserFactory())
        get(client, url())
        worker()
        services.document_update(document=document, body=BODY + "\n## Escalate\n\nPage the lead.\n")
        assert get(client, url()).status_code == 202
        worker()
        response = get(client, url())
        assert response["Content-Disposition"] == 'attachment; filename="runbook-v1.1.pdf"'
        assert "Escalate" in pdf_text(response.content_bytes)
        assert DocumentPdf.objects.count() == 2


@pytest.mark.django_db
class TestPages:
    def test_the_status_fragment_asks_for_the_download_once_ready(self, client_for):
        make_document()
        client = client_for(UserFactory())
        fragment = client.get(url("status"))  # the tests' ImmediateBackend: made at once
        assert 'data-status="ready"' in fragment.content.decode()
        started = client.get(url("status") + "?start=1")
        assert started.status_code == 204 and started["HX-Redirect"] == url()

    def test_a_failed_rendering_says_so_and_try_again_queues_it_again(self, client_for, settings, tmp_path):
        document = make_document()
        client = client_for(UserFactory())
        media = settings.MEDIA_ROOT
        blocked = tmp_path / "not-a-folder"
        blocked.write_text("storage is broken")
        settings.MEDIA_ROOT = str(blocked / "media")  # nothing can be saved under a file
        failed = client.get(url())
        page = failed.content.decode()
        assert failed.status_code == 503 and "The PDF could not be made" in page and "Try again" in page
        assert f'action="{url("retry")}"' in page
        settings.MEDIA_ROOT = media
        assert client.post(url("retry"))["Location"] == url()
        assert DocumentPdf.objects.get(version=document.current_version).status == PdfStatus.READY

    def test_anonymous_visitors_log_in_and_an_unknown_document_is_404(self, client, client_for):
        make_document()
        assert client.get(url()).status_code == 302
        assert client_for(UserFactory()).get(reverse("training:document_pdf", args=["nope"])).status_code == 404


@pytest.mark.django_db
class TestPrinting:
    @staticmethod
    def pages_of(client, words):
        filler = " ".join(["the pool drains slowly"] * (words // 4))
        body = "".join(f"## Section {name}\n\n{filler}\n\n" for name in "ABC")
        services.document_create(slug="runbook", title="API Runbook", body=body)
        response = get(client, url())
        assert response.status_code == 200
        return [page.extract_text() for page in PdfReader(io.BytesIO(response.content_bytes)).pages]

    def test_a_long_document_starts_each_section_on_a_new_page(self, client_for):
        pages = self.pages_of(client_for(UserFactory()), words=400)  # 1200 words: 6 minutes
        starts = [next(i for i, text in enumerate(pages) if f"Section {name}" in text) for name in "ABC"]
        assert starts[0] < starts[1] < starts[2]
        assert "Section A" not in pages[starts[1]] and "Section B" not in pages[starts[2]]

    def test_a_short_document_runs_on(self, client_for):
        pages = self.pages_of(client_for(UserFactory()), words=40)
        assert len(pages) == 1 and all(f"Section {name}" in pages[0] for name in "ABC")
