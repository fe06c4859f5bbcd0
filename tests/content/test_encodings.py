"""Files as they arrive from Windows and editors: a UTF-8 BOM is accepted; a Windows-1252 file is
named by file, line, column and byte (in the browser and on the command line); an empty file is
refused with a clear message; and every problem of one import is reported in one round."""

import pytest
from django import forms
from django.core.management import CommandError, call_command
from django.urls import reverse

from content import uploads
from content.models import Document
from content.uploads import TextFileField, read_text
from tests.content.test_import_export import write
from tests.uploads import text_of, zipped
from tests.uploads import upload as md

pytestmark = pytest.mark.django_db
IMPORT = reverse("content:document_import")

# A runbook saved by a Windows editor as Windows-1252: "é" is byte 0xe9, "’" is byte 0x92.
RUNBOOK_1252 = ("# Runbook\n\n" + "".join(f"Step {n}.\n" for n in range(3, 12))
                + "Check état of the queue.\nThen restart.\nDon’t skip it.\n").encode("cp1252")
GOOD = "# Restart\n\nRestart the API.\n"


def assert_bad_runbook_named(text, separator=":"):
    """``runbook.md:12:7: not UTF-8 text (byte 0xe9)`` (on a page: ``runbook.md, line 12, column 7: …``)."""
    if separator == ":":
        assert "runbook.md:12:7: not UTF-8 text (byte 0xe9)" in text
        assert "runbook.md:14:4: not UTF-8 text (byte 0x92)" in text
    else:
        assert "runbook.md, line 12, column 7: not UTF-8 text (byte 0xe9)" in text
        assert "runbook.md, line 14, column 4: not UTF-8 text (byte 0x92)" in text


class TestCommandLine:
    def test_every_problem_of_every_file_is_reported_at_once_and_nothing_imported(self, tmp_path):
        write(tmp_path, "runbook.md", RUNBOOK_1252)
        write(tmp_path, "notes/empty.md", b"")
        write(tmp_path, "notes/blank.md", b"\xef\xbb\xbf \n\n")
        write(tmp_path, "restart.md", GOOD)
        write(tmp_path, "untitled.md", "No heading here.\n")
        with pytest.raises(CommandError) as refused:
            call_command("import_docs", str(tmp_path))
        message = str(refused.value)
        assert_bad_runbook_named(message)
        assert "notes/empty.md: the file is empty, there is nothing to import" in message
        assert "notes/blank.md: the file is empty, there is nothing to import" in message
        assert "untitled.md:1: no title" in message
        assert Document.objects.count() == 0

    def test_a_utf8_bom_is_accepted_before_the_front_matter_or_the_title(self, tmp_path):
        write(tmp_path, "a.md", "\ufeff---\ncategory: runbook\n---\n# With front matter\n\nText.\n")
        write(tmp_path, "b.md", "\ufeff# Just a title\r\n\r\nWindows line ends.\r\n")
        call_command("import_docs", str(tmp_path))
        assert dict(Document.objects.values_list("slug", "title")) == {
            "a": "With front matter", "b": "Just a title"}
        assert Document.objects.get(slug="a").category == "runbook"
        assert Document.objects.get(slug="b").body == "Windows line ends."

    def test_a_file_not_utf8_throughout_is_named_for_its_first_lines_and_the_rest_counted(self, tmp_path):
        write(tmp_path, "latin.md", "# Titre\n" + "".join(f"Ligne {n} : café\n" for n in range(30)), "latin-1")
        with pytest.raises(CommandError) as refused:
            call_command("import_docs", str(tmp_path))
        message = str(refused.value)
        assert message.count("not UTF-8 text (byte 0xe9)") == 10
        assert "latin.md:2:14: not UTF-8 text (byte 0xe9)" in message
        assert message.endswith("latin.md:12: and 20 more line(s) from here on are not UTF-8 text")


class TestImportPage:
    def test_problems_of_loose_files_and_zips_are_all_named_in_one_round(self, client_for, training_admin):
        archive = zipped("team.zip", {"team/runbook.md": RUNBOOK_1252, "team/empty.md": b"",
                                      "team/restart.md": GOOD})
        response = client_for(training_admin).post(IMPORT, {"files": [
            archive, md("blank.md", b""), md("ok.md", "\ufeff# Okay\n\nFine.\n")]})
        page = text_of(response)
        assert "Nothing was imported" in page
        assert "team/runbook.md, line 12, column 7: not UTF-8 text (byte 0xe9)" in page
        assert "team/runbook.md, line 14, column 4: not UTF-8 text (byte 0x92)" in page
        assert "team/empty.md: the file is empty, there is nothing to import" in page
        assert "blank.md: the file is empty, there is nothing to import" in page
        assert Document.objects.count() == 0

    def test_a_zip_member_too_large_is_named_with_the_other_files_problems(
            self, client_for, training_admin, monkeypatch):
        monkeypatch.setattr(uploads, "MAX_TEXT_BYTES", 400)
        archive = zipped("team.zip", {"team/huge.md": "# Huge\n" + "x" * 500, "team/runbook.md": RUNBOOK_1252})
        page = text_of(client_for(training_admin).post(IMPORT, {"files": [archive]}))
        assert "team.zip/team/huge.md: larger than 400" in page
        assert "team/runbook.md, line 12, column 7" in page

    def test_a_bom_is_accepted(self, client_for, training_admin):
        response = client_for(training_admin).post(IMPORT, {"files": [md("ok.md", "\ufeff# Okay\n\nFine.\n")]})
        assert response.status_code == 302
        assert Document.objects.get().title == "Okay"


class TestSharedUploadDecoding:
    """``content.uploads``, as the track, exercise, GIFT and people import pages use it."""

    FIELD = TextFileField(suffixes=[".md"])

    def test_a_windows_1252_file_is_named_by_line_column_and_byte(self):
        with pytest.raises(forms.ValidationError) as refused:
            self.FIELD.clean(md("runbook.md", RUNBOOK_1252))
        assert_bad_runbook_named(" ".join(refused.value.messages))

    def test_a_bom_is_accepted_and_dropped(self):
        assert self.FIELD.clean(md("track.md", "\ufeff# Track\n")).text == "# Track\n"
        assert read_text(md("track.md", "\ufeff# Track\r\n")) == "# Track\n"

    @pytest.mark.parametrize("data, message", [
        (b"", "The submitted file is empty."),
        (b"\xef\xbb\xbf", "track.md: the file is empty, there is nothing to import"),
        (b"\n  \n", "track.md: the file is empty, there is nothing to import"),
    ])
    def test_an_empty_file_is_refused_with_a_clear_message(self, data, message):
        with pytest.raises(forms.ValidationError) as refused:
            self.FIELD.clean(md("track.md", data))
        assert refused.value.messages == [message]
