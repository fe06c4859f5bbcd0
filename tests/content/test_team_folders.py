"""A team's folder as it is: its folders and file names kept through import and export (a round
trip byte for byte when the folder is already in the exporter's form), documents imported without
a revision history never reviewed until someone says so, a dry run naming each file and version,
and the training index itself imported as a document."""

import datetime
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from content import services
from content.models import Document
from tests.content.test_import_export import snapshot, write
from tests.factories import UserFactory

DATA = Path(__file__).parent / "data"

# Already in the form the exporter writes: front matter, title, text, revision history.
CANONICAL = {
    "runbooks/failover.md": """\
---
category: runbook
review_cadence: monthly
purpose: Promote the replica when the primary is lost
last_reviewed: 2026-02-01
owner: lead
---

# Failover Runbook

## Promote

1. Read the [data flow](../ARCHITECTURE.md#data-flow).
2. Promote the replica.

## Revision History

| Date | Version | Changes |
|---|---|---|
| 2026-02-01 | 1.1 | Added the promote step |
| 2025-11-18 | 1.0 | First version |
""",
    "ARCHITECTURE.md": """\
---
category: architecture
review_cadence: quarterly
last_reviewed: 2025-12-01
---

# Architecture

## Data flow

Requests reach the API, which writes to the primary.

## Revision History

| Date | Version | Changes |
|---|---|---|
| 2025-12-01 | 2.0 | Rewritten for the new broker |
""",
    "on call/On Call Handbook.markdown": """\
---
category: on_call
review_cadence: after_incidents
last_reviewed: 2026-01-10
---

# On-Call Handbook

Page the secondary after 15 minutes.

## Revision History

| Date | Version | Changes |
|---|---|---|
| 2026-01-10 | 1.0 | First version |
""",
}


@pytest.fixture
def canonical_folder(tmp_path):
    folder = tmp_path / "team-docs"
    for name, text in CANONICAL.items():
        write(folder, name, text)
    return folder


def files_in(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.mark.django_db
class TestFoldersAndFileNames:
    def test_the_import_records_where_each_document_was_in_the_folder(self, canonical_folder):
        UserFactory(username="lead")
        call_command("import_docs", str(canonical_folder))
        assert dict(Document.objects.values_list("slug", "source_path")) == {
            "failover": "runbooks/failover.md", "architecture": "ARCHITECTURE.md",
            "on-call-handbook": "on call/On Call Handbook.markdown",
        }

    def test_a_canonical_folder_exports_byte_for_byte_as_it_was_imported(self, canonical_folder, tmp_path):
        UserFactory(username="lead")
        call_command("import_docs", str(canonical_folder))
        call_command("export_docs", str(tmp_path / "exported"))
        assert files_in(tmp_path / "exported") == files_in(canonical_folder)

    def test_the_downloaded_zip_keeps_the_folders_and_names_too(self, canonical_folder, client_for, training_admin):
        UserFactory(username="lead")
        call_command("import_docs", str(canonical_folder))
        response = client_for(training_admin).get(reverse("content:library_download"))
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            assert {name: archive.read(name) for name in archive.namelist()} == files_in(canonical_folder)

    def test_a_file_imported_on_its_own_keeps_its_folder_and_a_moved_file_says_so(self, canonical_folder, capsys):
        UserFactory(username="lead")
        call_command("import_docs", str(canonical_folder))
        alone = canonical_folder / "runbooks" / "failover.md"
        alone.write_text(CANONICAL["runbooks/failover.md"].replace("Promote the replica.", "Promote it."))
        call_command("import_docs", str(alone))
        assert Document.objects.get(slug="failover").source_path == "runbooks/failover.md"

        shutil.move(canonical_folder / "runbooks", canonical_folder / "procedures")
        capsys.readouterr()
        call_command("import_docs", str(canonical_folder), "--dry-run")
        assert "update     failover (procedures/failover.md): changed: path (was runbooks/failover.md)" in \
            capsys.readouterr().out
        call_command("import_docs", str(canonical_folder))
        assert Document.objects.get(slug="failover").source_path == "procedures/failover.md"

    def test_a_document_imported_before_paths_were_kept_gets_its_path_without_a_new_version(
            self, canonical_folder, capsys):
        UserFactory(username="lead")
        call_command("import_docs", str(canonical_folder))
        Document.objects.update(source_path="")  # as every document was before the upgrade
        versions = snapshot()[1]
        capsys.readouterr()
        call_command("import_docs", str(canonical_folder))
        assert "update     failover (runbooks/failover.md): changed: path" in capsys.readouterr().out
        assert Document.objects.get(slug="failover").source_path == "runbooks/failover.md"
        assert snapshot()[1] == versions

    def test_documents_written_in_shiftready_export_as_their_slug(self, tmp_path):
        services.document_create(slug="written-here", title="Written here", body="Text.")
        assert [path.name for path in services.library_export(path=tmp_path)] == ["written-here.md"]


NO_HISTORY = "# Cache Warmup\n\nWarm the cache after a deploy.\n"


@pytest.mark.django_db
class TestNeverReviewed:
    def test_a_document_without_a_revision_history_is_never_reviewed(self, tmp_path, client_for, engineer):
        services.library_import(path=write(tmp_path, "cache-warmup.md", NO_HISTORY), today=datetime.date(2026, 3, 1))
        document = Document.objects.get(slug="cache-warmup")
        assert document.last_reviewed is None and document.review_due is None
        assert document.current_version.created == datetime.date(2026, 3, 1)  # imported that day, not reviewed
        client = client_for(engineer)
        page = client.get(document.get_absolute_url()).content.decode()
        assert 'data-testid="never-reviewed">Never reviewed' in page and "never reviewed yet" in page
        library = client.get(reverse("content:library")).content.decode()
        assert 'data-testid="never-reviewed"' in library

    def test_a_revision_history_dates_the_last_review(self, canonical_folder):
        UserFactory(username="lead")
        text = CANONICAL["runbooks/failover.md"].replace("last_reviewed: 2026-02-01\n", "")
        services.library_import(path=write(canonical_folder, "runbooks/failover.md", text))
        assert Document.objects.get(slug="failover").last_reviewed == datetime.date(2026, 2, 1)

    def test_it_waits_first_in_the_review_queue_until_someone_marks_it_reviewed(
            self, tmp_path, client_for, training_admin):
        services.library_import(path=write(tmp_path, "cache-warmup.md", NO_HISTORY))
        services.document_create(slug="stale", title="Stale", body="Old.", last_reviewed=datetime.date(2020, 1, 1))
        services.document_create(slug="fresh", title="Fresh", body="New.")
        client = client_for(training_admin)
        queue = client.get(reverse("content:review_queue")).content.decode()
        assert queue.index("Cache Warmup") < queue.index("Stale") and "Fresh" not in queue
        assert 'data-testid="never-reviewed">Never reviewed' in queue
        document = Document.objects.get(slug="cache-warmup")
        assert "Mark reviewed today" in client.get(document.get_absolute_url()).content.decode()

        client.post(reverse("content:document_mark_reviewed", args=["cache-warmup"]))
        document.refresh_from_db()
        assert document.last_reviewed == datetime.date.today()
        assert 'data-document="cache-warmup"' not in client.get(reverse("content:review_queue")).content.decode()
        page = client.get(document.get_absolute_url()).content.decode()
        assert "Never reviewed" not in page and f"last on {document.last_reviewed:%-d %b %Y}" in page

    def test_importing_again_keeps_the_review_and_the_export_keeps_never_reviewed(self, tmp_path, training_admin):
        path = write(tmp_path, "in/cache-warmup.md", NO_HISTORY)
        services.library_import(path=tmp_path / "in")
        services.library_export(path=tmp_path / "out")
        assert "last_reviewed" not in (tmp_path / "out" / "cache-warmup.md").read_text()
        services.library_import(path=tmp_path / "out")
        assert Document.objects.get().last_reviewed is None

        services.document_mark_reviewed(document=Document.objects.get(), user=training_admin)
        services.library_import(path=path)
        assert Document.objects.get().last_reviewed == datetime.date.today()


@pytest.mark.django_db
class TestDryRun:
    def test_the_dry_run_names_each_file_and_the_versions_it_would_create(self, canonical_folder, capsys):
        UserFactory(username="lead")
        call_command("import_docs", str(canonical_folder), "--dry-run")
        out = capsys.readouterr().out
        assert "create     failover (runbooks/failover.md): new versions: 1.0, 1.1" in out
        assert "create     architecture (ARCHITECTURE.md): new version: 2.0" in out
        assert "create     on-call-handbook (on call/On Call Handbook.markdown): new version: 1.0" in out
        assert "Dry run, nothing was changed: would create 3, update 0, leave 0 unchanged." in out
        assert Document.objects.count() == 0

    def test_the_dry_run_names_new_versions_of_known_documents_and_changes_nothing(self, canonical_folder, capsys):
        UserFactory(username="lead")
        call_command("import_docs", str(canonical_folder))
        write(canonical_folder, "ARCHITECTURE.md", CANONICAL["ARCHITECTURE.md"].replace("the primary", "both"))
        write(canonical_folder, "runbooks/failover.md", CANONICAL["runbooks/failover.md"].replace(
            "|---|---|---|\n", "|---|---|---|\n| 2026-03-01 | 1.2 | Checks first |\n"))
        write(canonical_folder, "runbooks/restart.md", NO_HISTORY)
        before = snapshot()
        capsys.readouterr()
        call_command("import_docs", str(canonical_folder), "--dry-run")
        out = capsys.readouterr().out
        assert "update     architecture (ARCHITECTURE.md): changed: body; new version: 2.1" in out
        assert "update     failover (runbooks/failover.md): new version: 1.2" in out
        assert "create     restart (runbooks/restart.md): new version: 1.0" in out
        assert "unchanged  on-call-handbook" in out
        assert snapshot() == before


@pytest.mark.django_db
class TestTheTrainingIndex:
    """The seed index of the training material (a copy of ../shared/seeds/003_…), as a team would
    drop it into their docs folder."""

    INDEX = DATA / "OPERATIONS_DOCUMENTATION_INDEX.md"

    def test_it_imports_as_a_document_and_its_page_shows_it(self, tmp_path, client_for, engineer, capsys):
        shutil.copy(self.INDEX, tmp_path / self.INDEX.name)
        call_command("import_docs", str(tmp_path))
        document = Document.objects.get(slug="operations-documentation-index")
        assert document.title == "OPERATIONS DOCUMENTATION INDEX"
        assert document.source_path == "OPERATIONS_DOCUMENTATION_INDEX.md"
        assert "CROSS-REFERENCES BY SCENARIO" in document.body and document.reading_minutes > 5
        assert document.last_reviewed is None  # "Last Updated" in its text is not a review in Shiftready
        page = client_for(engineer).get(document.get_absolute_url())
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-testid="toc"' in html and "QUICK START BY ROLE" in html

        capsys.readouterr()
        call_command("import_docs", str(tmp_path))
        assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out

    def test_it_survives_an_export_and_a_new_import(self, tmp_path):
        services.library_import(path=self.INDEX)
        before = snapshot()
        services.library_export(path=tmp_path)
        assert [path.name for path in tmp_path.iterdir()] == ["OPERATIONS_DOCUMENTATION_INDEX.md"]
        services.library_import(path=tmp_path)
        assert snapshot() == before
