"""import_docs and export_docs: folders with revision histories, re-imports, all-or-nothing."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content import services
from content.models import Document, DocumentCategory, DocumentVersion, ReviewCadence
from content.signals import document_major_version_published
from tests.factories import UserFactory

RUNBOOK = """\
---
category: runbook
purpose: Daily procedures
review_cadence: monthly
last_reviewed: 2026-01-15
---

# Operational Runbooks

Follow each step as written.

## Morning Health Check

| Check | Healthy when |
|---|---|
| API | answers ok |
| Queue | under 1000 messages |

```bash
curl -fsS https://orchestrator.internal/healthz
```

## Revision History

| Date | Version | Changes |
|---|---|---|
| 2026-01-15 | 1.1 | Added the queue check |
| 2025-11-18 | 1.0 | First version |
"""

TREE = """\
# Troubleshooting Decision Tree

## Tree 1: API Unavailable

Does the health check answer?

## Revision History

| Date | Version | Changes |
|---|---|---|
| November 18, 2025 | 1.0 | First version |
"""


def write(folder, name, text, encoding="utf-8"):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


@pytest.fixture
def library_folder(tmp_path):
    write(tmp_path, "OPERATIONAL_RUNBOOKS.md", RUNBOOK)
    write(tmp_path, "trees/troubleshooting-decision-tree.md", TREE)
    return tmp_path


def snapshot():
    """Everything an import may touch, to compare before and after."""
    return (
        list(Document.objects.order_by("slug").values()),
        list(DocumentVersion.objects.order_by("document__slug", "major", "minor").values()),
    )


@pytest.mark.django_db
class TestImportFolder:
    def test_a_folder_with_tables_and_revision_histories_becomes_documents_with_versions(self, library_folder):
        call_command("import_docs", str(library_folder))

        runbook = Document.objects.get(slug="operational-runbooks")
        assert runbook.title == "Operational Runbooks"
        assert runbook.category == DocumentCategory.RUNBOOK
        assert runbook.purpose == "Daily procedures"
        assert runbook.review_cadence == ReviewCadence.MONTHLY
        assert runbook.last_reviewed == datetime.date(2026, 1, 15)
        assert runbook.review_due == datetime.date(2026, 2, 15)
        assert "| Check | Healthy when |" in runbook.body
        assert "Revision History" not in runbook.body and "# Operational Runbooks" not in runbook.body
        versions = list(runbook.versions.order_by("major", "minor"))
        assert [(v.number, v.created, v.change_note) for v in versions] == [
            ("1.0", datetime.date(2025, 11, 18), "First version"),
            ("1.1", datetime.date(2026, 1, 15), "Added the queue check"),
        ]
        assert runbook.current_version == versions[-1]
        assert versions[-1].body == runbook.body and versions[-1].body_recorded
        assert not versions[0].body_recorded  # only known from the table: its old text was never given

        tree = Document.objects.get(slug="troubleshooting-decision-tree")  # from a sub-folder
        assert tree.category == DocumentCategory.DECISION_TREE  # guessed from the file name
        assert tree.current_version.number == "1.0"
        assert tree.current_version.created == datetime.date(2025, 11, 18)

    def test_one_file_can_be_imported_and_gets_a_first_version_without_history(self, tmp_path):
        path = write(tmp_path, "on_call_procedures.md", "# On-Call Procedures\n\nBe reachable.\n")
        services.library_import(path=path)
        document = Document.objects.get(slug="on-call-procedures")
        assert document.category == DocumentCategory.ON_CALL
        assert [v.number for v in document.versions.all()] == ["1.0"]
        assert document.body == "Be reachable."

    def test_reading_time_is_computed_at_200_words_a_minute(self, tmp_path):
        words = " ".join(["word"] * 1000)
        path = write(tmp_path, "long.md", f"# Long\n\n{words}\n")
        services.library_import(path=path)
        assert Document.objects.get(slug="long").reading_minutes == 6  # 1001 words → 6 minutes

    def test_new_documents_are_owned_by_the_owner_given_or_named_in_the_file(self, tmp_path):
        lead, admin = UserFactory(username="lead"), UserFactory(username="admin")
        write(tmp_path, "a.md", "---\nowner: lead\n---\n# A\n\ntext\n")
        write(tmp_path, "b.md", "# B\n\ntext\n")
        call_command("import_docs", str(tmp_path), "--owner", "admin")
        assert Document.objects.get(slug="a").owner == lead
        assert Document.objects.get(slug="b").owner == admin


@pytest.mark.django_db
class TestReimport:
    def test_reimporting_the_same_folder_changes_nothing(self, library_folder, capsys):
        call_command("import_docs", str(library_folder))
        before = snapshot()
        call_command("import_docs", str(library_folder))
        assert snapshot() == before
        assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out

    def test_a_reimport_adds_exactly_the_changed_versions(self, library_folder):
        call_command("import_docs", str(library_folder))
        changed = RUNBOOK.replace("Follow each step as written.", "Follow each step exactly as written.").replace(
            "| 2026-01-15 | 1.1 |", "| 2026-03-01 | 1.2 | Wording of the introduction |\n| 2026-01-15 | 1.1 |"
        )
        write(library_folder, "OPERATIONAL_RUNBOOKS.md", changed)
        tree_versions = list(DocumentVersion.objects.filter(document__slug="troubleshooting-decision-tree").values())

        call_command("import_docs", str(library_folder))

        runbook = Document.objects.get(slug="operational-runbooks")
        assert [v.number for v in runbook.versions.order_by("major", "minor")] == ["1.0", "1.1", "1.2"]
        assert runbook.current_version.number == "1.2"
        assert runbook.current_version.change_note == "Wording of the introduction"
        assert "exactly as written" in runbook.current_version.body
        assert "exactly" not in runbook.versions.get(minor=1).body  # the old text is kept
        assert list(DocumentVersion.objects.filter(document__slug="troubleshooting-decision-tree").values()) == (
            tree_versions
        )

    def test_changed_text_without_a_history_row_adds_the_next_minor_version(self, library_folder):
        call_command("import_docs", str(library_folder))
        write(library_folder, "trees/troubleshooting-decision-tree.md", TREE.replace("Does", "Really, does"))
        call_command("import_docs", str(library_folder))
        tree = Document.objects.get(slug="troubleshooting-decision-tree")
        assert tree.current_version.number == "1.1"
        assert "Really, does" in tree.body

    def test_major_flag_makes_a_major_version_and_announces_it(self, library_folder):
        call_command("import_docs", str(library_folder))
        announced = []

        def receiver(sender, document, version, **kwargs):
            announced.append((document.slug, version.number))

        document_major_version_published.connect(receiver)
        try:
            write(library_folder, "trees/troubleshooting-decision-tree.md", TREE.replace("Does", "Do"))
            call_command("import_docs", str(library_folder), "--major")
        finally:
            document_major_version_published.disconnect(receiver)
        assert Document.objects.get(slug="troubleshooting-decision-tree").current_version.number == "2.0"
        assert announced == [("troubleshooting-decision-tree", "2.0")]

    def test_a_bigger_major_number_in_the_file_makes_a_major_version(self, library_folder):
        call_command("import_docs", str(library_folder))
        announced = []
        document_major_version_published.connect(lambda sender, version, **kw: announced.append(version.number),
                                                 weak=False, dispatch_uid="test-major")
        try:
            write(library_folder, "trees/troubleshooting-decision-tree.md", TREE.replace(
                "| November 18, 2025 | 1.0 |", "| 2026-05-01 | 2.0 | New tree |\n| November 18, 2025 | 1.0 |"
            ).replace("Does", "Do"))
            call_command("import_docs", str(library_folder))
        finally:
            document_major_version_published.disconnect(dispatch_uid="test-major")
        assert announced == ["2.0"]

    def test_metadata_change_updates_the_document_without_a_new_version(self, library_folder):
        call_command("import_docs", str(library_folder))
        yearly = RUNBOOK.replace("review_cadence: monthly", "review_cadence: yearly")
        write(library_folder, "OPERATIONAL_RUNBOOKS.md", yearly)
        call_command("import_docs", str(library_folder))
        runbook = Document.objects.get(slug="operational-runbooks")
        assert runbook.review_cadence == ReviewCadence.YEARLY
        assert runbook.review_due == datetime.date(2027, 1, 15)
        assert runbook.versions.count() == 2

    def test_dry_run_reports_what_would_change_and_changes_nothing(self, library_folder, capsys):
        call_command("import_docs", str(library_folder))
        write(library_folder, "trees/troubleshooting-decision-tree.md", TREE.replace("Does", "Do"))
        write(library_folder, "new_guide.md", "# New Guide\n\nHello.\n")
        before = snapshot()
        call_command("import_docs", str(library_folder), "--dry-run")
        out = capsys.readouterr().out
        assert snapshot() == before
        assert "create     new-guide" in out
        assert "update     troubleshooting-decision-tree" in out and "new version: 1.1" in out
        assert "unchanged  operational-runbooks" in out
        assert "nothing was changed" in out

    def test_major_flag_conflicting_with_a_minor_row_in_the_file_is_refused(self, library_folder):
        call_command("import_docs", str(library_folder))
        write(library_folder, "trees/troubleshooting-decision-tree.md", TREE.replace(
            "| November 18, 2025 | 1.0 |", "| 2026-05-01 | 1.1 | Small fix |\n| November 18, 2025 | 1.0 |"
        ))
        before = snapshot()
        with pytest.raises(CommandError, match=r"troubleshooting-decision-tree.md:11: --major asks"):
            call_command("import_docs", str(library_folder), "--major")
        assert snapshot() == before


BAD_FILES = {
    "not UTF-8": ("# Title\n\nCaf\xe9 ole\n".encode("latin-1"), "3:4", "not UTF-8 text (byte 0xe9)"),
    "no title": (b"Just some text.\n\n## A section\n", 1, "no title"),
    "malformed table row": (
        b"# Title\n\ntext\n\n## Revision History\n\n| Date | Version | Changes |\n|---|---|---|\n"
        b"| 2026-01-01 | 1.0 |\n",
        9, "revision history row has 2 cells, expected 3",
    ),
    "bad version": (
        b"# Title\n\n## Revision History\n\n| Date | Version | Changes |\n|---|---|---|\n| 2026-01-01 | one | x |\n",
        7, "version 'one' is not MAJOR.MINOR",
    ),
    "bad date": (
        b"# Title\n\n## Revision History\n\n| Date | Version | Changes |\n|---|---|---|\n| yesterday | 1.0 | x |\n",
        7, "'yesterday' is not a date",
    ),
    "wrong header": (
        b"# Title\n\n## Revision History\n\n| When | Version | Changes |\n|---|---|---|\n| 2026-01-01 | 1.0 | x |\n",
        5, "revision history header must be | Date | Version | Changes |",
    ),
    "heading without table": (
        b"# Title\n\n## Revision History\n\nSee git.\n", 3, "'Revision History' must be followed by a table"
    ),
    "bad front matter": (b"---\ncategory: poetry\n---\n# Title\n", 2, "category 'poetry' is not one of"),
}


@pytest.mark.django_db
class TestAllOrNothing:
    @pytest.mark.parametrize("case", BAD_FILES.keys())
    def test_a_bad_file_in_a_folder_leaves_the_database_unchanged_and_names_file_and_line(
        self, library_folder, case
    ):
        call_command("import_docs", str(library_folder))
        write(library_folder, "OPERATIONAL_RUNBOOKS.md", RUNBOOK.replace("Follow", "Now follow"))  # a good change
        content, line, reason = BAD_FILES[case]
        write(library_folder, "zz/broken.md", content)
        before = snapshot()

        with pytest.raises(CommandError) as refused:
            call_command("import_docs", str(library_folder))

        assert snapshot() == before
        assert f"zz/broken.md:{line}: {reason}" in str(refused.value)
        assert "nothing was changed" in str(refused.value)

    def test_a_bad_file_on_a_first_import_creates_nothing(self, library_folder):
        write(library_folder, "broken.md", b"no heading at all\n")
        with pytest.raises(services.ImportRefused) as refused:
            services.library_import(path=library_folder)
        assert Document.objects.count() == 0
        assert [(p.file, p.line) for p in refused.value.problems] == [("broken.md", 1)]

    def test_every_bad_file_is_reported_at_once(self, tmp_path):
        write(tmp_path, "a.md", b"no title\n")
        write(tmp_path, "b.md", b"# B\n\n## Revision History\n\n| Date | Version | Changes |\n|---|---|---|\n"
                                b"| x | 1.0 | y |\n")
        with pytest.raises(services.ImportRefused) as refused:
            services.library_import(path=tmp_path)
        assert [(p.file, p.line) for p in refused.value.problems] == [("a.md", 1), ("b.md", 7)]

    def test_an_unknown_owner_is_refused_with_its_line(self, tmp_path):
        write(tmp_path, "a.md", "---\ncategory: runbook\nowner: nobody\n---\n# A\n")
        with pytest.raises(services.ImportRefused, match=r"a.md:3: owner 'nobody' is not a user"):
            services.library_import(path=tmp_path)

    def test_a_new_row_older_than_the_current_version_is_refused(self, library_folder):
        call_command("import_docs", str(library_folder))
        services.document_update(
            document=Document.objects.get(slug="operational-runbooks"), body="Rewritten.", major=True
        )
        write(library_folder, "OPERATIONAL_RUNBOOKS.md", RUNBOOK.replace(
            "| 2026-01-15 | 1.1 |", "| 2026-02-01 | 1.5 | Late fix |\n| 2026-01-15 | 1.1 |"
        ))
        before = snapshot()
        with pytest.raises(CommandError, match=r"OPERATIONAL_RUNBOOKS.md:\d+: version 1.5 is not in the library "
                                                r"and is older than its current version 2.0"):
            call_command("import_docs", str(library_folder))
        assert snapshot() == before

    def test_a_missing_path_is_refused(self, tmp_path):
        with pytest.raises(CommandError, match="no such file or folder"):
            call_command("import_docs", str(tmp_path / "nowhere"))

    def test_a_revision_history_inside_a_code_block_is_text(self, tmp_path):
        write(tmp_path, "a.md", "# A\n\n```\n## Revision History\n| not | a | table\n```\n")
        services.library_import(path=tmp_path)
        assert "## Revision History" in Document.objects.get(slug="a").body


@pytest.mark.django_db
class TestExport:
    def test_exporting_then_reimporting_changes_nothing(self, library_folder, tmp_path_factory, capsys):
        owner = UserFactory(username="owner")
        call_command("import_docs", str(library_folder), "--owner", "owner")
        write(library_folder, "trees/troubleshooting-decision-tree.md", TREE.replace("Does", "Do | does"))
        call_command("import_docs", str(library_folder))  # an automatic 1.1 the file does not list
        services.document_update(
            document=Document.objects.get(slug="operational-runbooks"), body="New | text", major=True,
            change_note="Rewritten | shorter",
        )
        before = snapshot()
        out_dir = tmp_path_factory.mktemp("export")

        call_command("export_docs", str(out_dir))
        capsys.readouterr()
        call_command("import_docs", str(out_dir))

        assert snapshot() == before
        assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out
        exported = (out_dir / "OPERATIONAL_RUNBOOKS.md").read_text()  # the name and folder it came from
        assert (out_dir / "trees/troubleshooting-decision-tree.md").exists()
        assert exported.startswith("---\ncategory: runbook\n")
        assert "owner: owner" in exported and owner.username == "owner"
        assert "| 2.0 | Rewritten \\| shorter |" in exported

    def test_export_of_an_empty_library_writes_nothing(self, tmp_path):
        assert services.library_export(path=tmp_path / "out") == []



def _folder_of(folder, count, *, version="1.1"):
    for n in range(count):
        text = RUNBOOK.replace("# Operational Runbooks", f"# Runbook {n}")
        if version != "1.1":
            text = text.replace("| 2026-01-15 | 1.1 |", f"| 2026-02-01 | {version} | Reworded |\n| 2026-01-15 | 1.1 |")
        write(folder, f"runbook-{n}.md", text)
    return folder


@pytest.mark.django_db
class TestImportWritesInBulk:
    """An import writes in a few queries whatever the number of files: the bench's 200-document
    folder took one insert per document and per version before."""

    def _queries(self, folder):
        with CaptureQueriesContext(connection) as captured:
            services.library_import(path=folder)
        return len(captured.captured_queries)

    def test_a_first_import_of_40_files_takes_as_many_queries_as_one_of_4(self, tmp_path_factory):
        few = self._queries(_folder_of(tmp_path_factory.mktemp("few"), 4))
        Document.objects.all().delete()
        many = self._queries(_folder_of(tmp_path_factory.mktemp("many"), 40))
        assert many == few
        assert DocumentVersion.objects.filter(document__slug="runbook-39").count() == 2
        assert Document.objects.get(slug="runbook-39").current_version.number == "1.1"

    def test_a_reimport_with_new_versions_takes_as_many_queries_for_40_files_as_for_4(self, tmp_path_factory):
        small, large = tmp_path_factory.mktemp("small"), tmp_path_factory.mktemp("large")
        services.library_import(path=_folder_of(small, 4))
        services.library_import(path=_folder_of(large, 40))
        few = self._queries(_folder_of(small, 4, version="1.2"))
        many = self._queries(_folder_of(large, 40, version="1.2"))
        assert many == few
        runbook = Document.objects.get(slug="runbook-39")
        assert runbook.current_version.number == "1.2"
        assert runbook.current_version.change_note == "Reworded"
        assert runbook.title == "Runbook 39"

    def test_a_major_version_of_each_file_is_announced_once_per_document(self, tmp_path):
        services.library_import(path=_folder_of(tmp_path, 5))
        major = []
        document_major_version_published.connect(lambda document, version, **kw: major.append(
            (document.slug, version.number)), weak=False, dispatch_uid="test-bulk-major")
        try:
            services.library_import(path=_folder_of(tmp_path, 5, version="2.0"))
        finally:
            document_major_version_published.disconnect(dispatch_uid="test-bulk-major")
        assert sorted(major) == [(f"runbook-{n}", "2.0") for n in range(5)]
