"""Importing documents from the browser: Markdown files or a zip of a folder, all or nothing,
a check-only run, the limits of an upload, and who may do it."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content import uploads
from content.models import Document, DocumentVersion
from tests.content.test_import_export import RUNBOOK, TREE, snapshot
from tests.uploads import text_of, zipped
from tests.uploads import upload as md
from training.audit.models import AuditEvent, AuditKind

pytestmark = pytest.mark.django_db
IMPORT = reverse("content:document_import")


def post(client, *files, **options):
    return client.post(IMPORT, {"files": list(files), **{k: "on" for k, v in options.items() if v}})


class TestImportPage:
    def test_markdown_files_become_documents_and_the_library_says_how_many(self, client_for, training_admin):
        response = post(client_for(training_admin), md("OPERATIONAL_RUNBOOKS.md", RUNBOOK),
                        md("troubleshooting-decision-tree.md", TREE))
        assert response.status_code == 302 and response["Location"] == reverse("content:library")
        page = client_for(training_admin).get(response["Location"]).content.decode()
        assert "Imported 2 file(s): 2 created, 0 updated, 0 unchanged." in page
        runbook = Document.objects.get(slug="operational-runbooks")
        assert runbook.title == "Operational Runbooks" and runbook.current_version.number == "1.1"
        assert runbook.owner == training_admin  # the front matter names no owner: whoever uploaded

    def test_a_zip_keeps_its_folders_and_leaves_other_files_out(self, client_for, training_admin):
        archive = zipped("docs.zip", {"docs/OPERATIONAL_RUNBOOKS.md": RUNBOOK, "docs/trees/tree.md": TREE,
                                      "docs/diagram.png": b"\x89PNG", "__MACOSX/docs/._tree.md": b"junk",
                                      "docs/.hidden/notes.md": "# Hidden\n"})
        response = post(client_for(training_admin), archive, dry_run=True)
        assert response.status_code == 200
        report = response.content.decode()
        assert "would create 2, update 0, leave 0 unchanged" in report
        assert "docs/trees/tree.md" in report and "Hidden" not in report
        assert Document.objects.count() == 0  # a check changes nothing

    def test_uploading_the_same_files_again_changes_nothing_and_a_change_adds_a_version(
            self, client_for, training_admin):
        client = client_for(training_admin)
        post(client, md("OPERATIONAL_RUNBOOKS.md", RUNBOOK))
        before = snapshot()
        page = post(client, md("OPERATIONAL_RUNBOOKS.md", RUNBOOK), dry_run=True).content.decode()
        assert "would create 0, update 0, leave 1 unchanged" in page
        post(client, md("OPERATIONAL_RUNBOOKS.md", RUNBOOK))
        assert snapshot() == before
        changed = RUNBOOK.replace("Follow each step", "Follow every step")
        page = post(client, md("OPERATIONAL_RUNBOOKS.md", changed), major=True, dry_run=True).content.decode()
        assert "new version: 2.0 (major)" in page
        post(client, md("OPERATIONAL_RUNBOOKS.md", changed), major=True)
        assert Document.objects.get().current_version.number == "2.0"

    def test_one_bad_file_refuses_the_upload_names_file_and_line_and_changes_nothing(
            self, client_for, training_admin):
        client = client_for(training_admin)
        post(client, md("OPERATIONAL_RUNBOOKS.md", RUNBOOK))
        before = snapshot()
        response = post(client, md("OPERATIONAL_RUNBOOKS.md", RUNBOOK.replace("Follow", "Now follow")),
                        md("broken.md", "no heading at all\n"))
        assert response.status_code == 200
        assert "Nothing was imported" in text_of(response) and "broken.md, line 1: " in text_of(response)
        assert snapshot() == before

    @pytest.mark.parametrize("upload, message", [
        (md("notes.txt", "# Notes\n"), "notes.txt: choose Markdown (.md) files or a .zip of them."),
        (zipped("evil.zip", {"../escape.md": "# Escape\n"}), "evil.zip/../escape.md: a path outside the zip's own"),
        (zipped("evil.zip", {"/etc/escape.md": "# Escape\n"}), "evil.zip//etc/escape.md: a path outside the zip"),
        (SimpleUploadedFile("fake.zip", b"not a zip"), "fake.zip: not a zip file"),
        (md("latin.md", "# Café\n".encode("latin-1")), "latin.md, line 1"),
        (md("twice.md", "# A\n"), "uploaded twice"),
    ])
    def test_bad_uploads_get_a_clear_message_and_change_nothing(self, client_for, training_admin, tmp_path,
                                                                upload, message):
        files = [upload, md("twice.md", "# A\n")] if upload.name == "twice.md" else [upload]
        response = post(client_for(training_admin), *files)
        assert response.status_code == 200
        assert message in text_of(response)
        assert Document.objects.count() == DocumentVersion.objects.count() == 0

    def test_no_file_is_a_form_error(self, client_for, training_admin):
        response = client_for(training_admin).post(IMPORT, {})
        assert response.status_code == 200 and "This field is required." in response.content.decode()

    def test_the_audit_log_names_the_uploader_and_the_files(self, client_for, training_admin):
        post(client_for(training_admin), md("OPERATIONAL_RUNBOOKS.md", RUNBOOK))
        event = AuditEvent.objects.filter(kind=AuditKind.IMPORT).latest("pk")
        assert event.actor == training_admin and event.origin == "web"
        assert event.summary.startswith("document library imported from an upload (OPERATIONAL_RUNBOOKS.md)")


class TestOwner:
    def test_new_documents_belong_to_the_owner_named_on_the_form(self, client_for, training_admin, engineer):
        client = client_for(training_admin)
        client.post(IMPORT, {"files": [md("OPERATIONAL_RUNBOOKS.md", RUNBOOK)], "owner": engineer.username})
        assert Document.objects.get().owner == engineer

    def test_an_unknown_owner_is_a_form_error_and_imports_nothing(self, client_for, training_admin):
        response = client_for(training_admin).post(IMPORT, {"files": [md("OPERATIONAL_RUNBOOKS.md", RUNBOOK)],
                                                            "owner": "nobody"})
        assert "There is no active user “nobody”." in text_of(response)
        assert Document.objects.count() == 0


class TestDownload:
    def test_the_library_downloads_as_a_zip_that_imports_back_unchanged(self, client_for, training_admin):
        client = client_for(training_admin)
        post(client, md("OPERATIONAL_RUNBOOKS.md", RUNBOOK), md("troubleshooting-decision-tree.md", TREE))
        response = client.get(reverse("content:library_download"))
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"] == 'attachment; filename="shiftready-library.zip"'
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            assert archive.namelist() == ["OPERATIONAL_RUNBOOKS.md", "troubleshooting-decision-tree.md"]
        event = AuditEvent.objects.filter(kind=AuditKind.EXPORT).latest("pk")
        assert event.summary == "document library written to a download (shiftready-library.zip): 2 document(s)"
        assert (event.actor, event.origin) == (training_admin, "web")
        before = snapshot()
        again = SimpleUploadedFile("shiftready-library.zip", response.content)
        assert "would create 0, update 0, leave 2 unchanged" in text_of(post(client, again, dry_run=True))
        post(client, SimpleUploadedFile("shiftready-library.zip", response.content))
        assert snapshot() == before

    def test_an_engineer_cannot_download_the_library_sources(self, client_for, engineer):
        assert client_for(engineer).get(reverse("content:library_download")).status_code == 403


class TestWhoMayImport:
    def test_engineers_and_managers_are_refused_and_see_no_import_tab(self, client_for, engineer, manager):
        for user in (engineer, manager):
            client = client_for(user)
            assert client.get(IMPORT).status_code == 403
            assert post(client, md("OPERATIONAL_RUNBOOKS.md", RUNBOOK)).status_code == 403
            assert 'data-testid="import-tab"' not in client.get(reverse("content:library")).content.decode()
        assert Document.objects.count() == 0

    def test_anonymous_visitors_are_sent_to_log_in(self, client):
        response = client.get(IMPORT)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_a_training_admin_sees_the_tab_and_the_form(self, client_for, training_admin):
        client = client_for(training_admin)
        assert 'data-testid="import-tab"' in client.get(reverse("content:library")).content.decode()
        page = client.get(IMPORT).content.decode()
        assert 'enctype="multipart/form-data"' in page and 'multiple' in page


def encrypted_zip():
    """A zip whose member says it is encrypted: the flag set in both of its headers (Python
    writes no encrypted zips)."""
    data = bytearray(zipped("secret.zip", {"secret.md": "# Secret\n"}).read())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(signature) + offset] |= 0x1
    return SimpleUploadedFile("secret.zip", bytes(data))


def damaged_zip():
    """A zip whose member's data no longer matches its checksum."""
    data = zipped("damaged.zip", {"doc.md": "# Doc\n" + "text " * 50}).read()
    return SimpleUploadedFile("damaged.zip", data.replace(b"text text", b"txet text", 1))


class TestLimits:
    @pytest.mark.parametrize("archive, reason", [
        (encrypted_zip, "secret.zip/secret.md: encrypted: zip the folder again without a password"),
        (damaged_zip, "damaged.zip/doc.md: cannot be read (Bad CRC-32 for file 'doc.md')"),
    ])
    def test_an_encrypted_or_damaged_zip_is_refused_with_a_reason(self, client_for, training_admin, archive, reason):
        response = post(client_for(training_admin), archive())
        assert "Nothing was imported" in text_of(response) and reason in text_of(response)
        assert Document.objects.count() == 0

    def test_a_zip_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_written(self, tmp_path, monkeypatch):
        monkeypatch.setattr(uploads, "MAX_ARCHIVE_BYTES", 1000)
        archive = zipped("big.zip", {f"doc{i}.md": f"# Doc {i}\n" + "x" * 400 for i in range(5)})
        problems = uploads.unpack([archive], tmp_path)
        assert [p.reason for p in problems] == ["unpacks to more than 1000\xa0bytes"]
        assert len(list(tmp_path.iterdir())) == 2

    def test_a_markdown_file_over_the_limit_is_refused(self, tmp_path, monkeypatch):
        monkeypatch.setattr(uploads, "MAX_TEXT_BYTES", 10)
        problems = uploads.unpack([md("long.md", "# A long document\n")], tmp_path)
        assert [(p.file, p.reason) for p in problems] == [("long.md", "larger than 10\xa0bytes")]
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize("name", ["x" * 300 + ".md", "deep/" * 10 + "y" * 300 + ".md"])
    def test_a_member_name_no_file_system_takes_is_refused(self, tmp_path, name):
        problems = uploads.unpack([zipped("names.zip", {name: "# A\n"})], tmp_path)
        assert [p.reason for p in problems] == ["a file name that cannot be used"]
