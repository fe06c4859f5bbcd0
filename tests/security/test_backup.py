"""Backups: ``backup DIR`` then ``restore DIR`` gives the same data and stored files, byte for
byte, on SQLite and on PostgreSQL; a changed archive is refused before anything is written.
(Integrity of audit evidence; OWASP ASVS 5.0 names no backup requirement in chapters 3, 7 or 8.)"""

import json
import os
import shutil

import pytest
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from tests.content.factories import ReadAcknowledgementFactory
from tests.training.factories import Org
from training.audit import chain
from training.audit.models import AuditChainHead, AuditEvent, AuditKind
from training.management.commands.backup import stored_files
from training.management.commands.restore import restored_models
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import ExerciseLog, SignOff

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def snapshot(without=None):
    """Every row of every backed-up model (with its many-to-many), and every stored file;
    ``without``: an audit event left out."""
    rows = {}
    for model in restored_models():
        if model is AuditChainHead:  # where the audit chain ends: the restore's own event moves it on
            continue
        queryset = model._base_manager.order_by("pk")
        if model is AuditEvent and without is not None:
            queryset = queryset.exclude(pk=without.pk)
        # The "python" serialiser keeps every value exactly, as Python objects.
        rows[model._meta.label] = serializers.serialize("python", queryset, use_natural_foreign_keys=True)
    files = {}
    for name in stored_files():
        with default_storage.open(name, "rb") as handle:
            files[name] = handle.read()
    return rows, files


def assert_same(after, before):
    assert after[0].keys() == before[0].keys()
    for label, rows in before[0].items():
        assert len(after[0][label]) == len(rows), label
        for old, new in zip(rows, after[0][label], strict=True):
            changed = {k: (v, new["fields"].get(k)) for k, v in old["fields"].items() if new["fields"].get(k) != v}
            assert (new["pk"], changed) == (old["pk"], {}), label
    assert after[1] == before[1]


def restore(archive, *options):
    """Run ``restore``; check it recorded itself in the audit log; the snapshot without that event."""
    call_command("restore", str(archive), *options)
    event = AuditEvent.objects.order_by("-pk").first()
    ending = f"restored from {archive.resolve()}" + (" (replacing the data held)" if options else "")
    assert event.kind == AuditKind.IMPORT and event.summary.endswith(ending)
    state = chain.verify()  # the restored chain, and the restore's event at its end
    assert state.ok and state.count == event.seq == AuditEvent.objects.count(), state
    return snapshot(without=event)


def wipe():
    call_command("flush", interactive=False, verbosity=0)
    for name in stored_files():
        default_storage.delete(name)


@pytest.fixture
def records(transactional_db):
    """Demo data, a worked enrollment (submitted, verified, shadowed), a read acknowledgement
    and stored PDFs in nested folders."""
    wipe()
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    org = Org(prefix="b-")
    progress = org.progress(StepKind.EXERCISE)
    log = services.exercise_log_submit(progress=progress, by=org.engineer, notes="Did it", ticks=[0, 1])
    services.exercise_log_verify(log=log, by=org.mentor, comment="Good")
    with transaction.atomic():  # as content's service does: the receiver locks rows
        ReadAcknowledgementFactory()
    default_storage.save("certificates/2026/SR-TEST-0001.pdf", ContentFile(PDF))
    default_storage.save("exports/2026/11/team report.pdf", ContentFile(PDF[::-1]))
    assert SignOff.objects.count() >= 3 and ExerciseLog.objects.filter(notes="Did it").count() == 1
    yield
    wipe()


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database_gives_the_same_data_and_files(records, tmp_path, capsys):
    before = snapshot()
    archive = tmp_path / "backup"
    call_command("backup", str(archive))
    # The backup is in the audit log, but not in itself (the event is written after the snapshot).
    assert AuditEvent.objects.order_by("-pk").first().summary.startswith(f"backup written to {archive.resolve()}")
    manifest = json.loads((archive / "MANIFEST.json").read_text())
    # Every stored file (the demo's issued certificate too) and the data, nothing else.
    stored = {f"media/{name}" for name in stored_files()}
    assert {"media/certificates/2026/SR-TEST-0001.pdf", "media/exports/2026/11/team report.pdf"} <= stored
    assert set(manifest["files"]) == {"data.json", "public-keys.json"} | stored
    sums = (archive / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == len(stored) + 3 and all(len(line.split("  ")[0]) == 64 for line in sums)
    # The signing keys are left out, and it says so; only their public halves are in.
    assert "CREDENTIAL_KEYS_DIR" in manifest["left_out"] and "CREDENTIAL_KEYS_DIR" in capsys.readouterr().out
    published = json.loads((archive / "public-keys.json").read_text())["keys"]
    assert published and all(set(key) == {"kty", "crv", "x", "y", "kid", "alg", "use"} for key in published)

    wipe()  # a new, migrated database and an empty media folder
    assert snapshot() != before
    after = restore(archive)
    assert_same(after, before)
    assert sum(len(rows) for rows in after[0].values()) > 50


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data_unless_forced(records, tmp_path):
    before = snapshot()
    archive = tmp_path / "backup"
    call_command("backup", str(archive))
    org = Org(prefix="later-")  # work done after the backup
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    assert ExerciseLog.objects.filter(progress__enrollment=org.enrollment).count() == 0
    assert org.enrollment.__class__.objects.filter(pk=org.enrollment.pk).exists()

    assert_same(restore(archive, "--force"), before)


TAMPERINGS = [
    (lambda a: (a / "media/certificates/2026/SR-TEST-0001.pdf").write_bytes(PDF.replace(b"EOF", b"E0F")),
     "SR-TEST-0001.pdf: SHA-256 does not match"),
    (lambda a: (a / "data.json").write_text((a / "data.json").read_text().replace('"Did it"', '"Did not"')),
     "data.json: SHA-256 does not match"),
    (lambda a: (a / "media/extra.pdf").write_bytes(PDF), "media/extra.pdf: not in the manifest"),
    (lambda a: (a / "media/exports/2026/11/team report.pdf").unlink(), "team report.pdf: missing"),
    (lambda a: (a / "MANIFEST.json").write_text((a / "MANIFEST.json").read_text() + " "), "archive was changed"),
]


@pytest.mark.django_db(transaction=True)
def test_a_changed_archive_is_refused_and_nothing_is_written(records, tmp_path):
    """One backup; each change made to a copy of it, restored into the emptied database."""
    archive = tmp_path / "backup"
    call_command("backup", str(archive))
    wipe()
    for number, (tamper, message) in enumerate(TAMPERINGS):
        changed = shutil.copytree(archive, tmp_path / f"changed-{number}")
        tamper(changed)
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(changed))
        rows, files = snapshot()
        assert files == {}, message
        assert all(not model._base_manager.exists() for model in restored_models()), message


@pytest.mark.django_db
def test_backup_never_overwrites_a_folder(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("backup", str(tmp_path / "old"))
    assert (tmp_path / "old" / "keep.txt").read_text() == "mine"


@pytest.mark.django_db(transaction=True)
def test_a_restore_says_when_the_signing_keys_at_hand_cannot_verify_the_restored_certificates(
        records, tmp_path, settings, capsys):
    archive = tmp_path / "backup"
    call_command("backup", str(archive))
    wipe()
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "new-keys"  # a new machine, its keys folder not restored
    call_command("restore", str(archive))
    out = capsys.readouterr().out
    assert "lacks 1 key(s) the restored certificates were signed with" in out and "restore that folder" in out
