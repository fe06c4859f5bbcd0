"""``python manage.py restore DIR``: bring a database back to the state of a ``backup``.

Order: check every SHA-256 of the archive (a changed, missing or extra file refuses the whole
archive before anything is written); refuse a database that already holds data unless
``--force``; copy the stored files back; then, in one transaction, empty the tables (``--force``)
and load the data. Run ``migrate`` first on a new database.
"""

import json
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from training.audit.models import AuditKind
from training.audit.recorder import record
from training.credentials import keys

from .backup import DATA_FILE, EXCLUDED, FORMAT, MANIFEST, MEDIA_DIR, PUBLIC_KEYS, SUMS, safe_relative, sha256_of


def restored_models():
    """The models a backup holds: every concrete model but the excluded ones."""
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.proxy or not model._meta.managed:
            continue
        if model._meta.app_label in EXCLUDED or label in EXCLUDED:
            continue
        yield model


def verify(source):
    """Check the archive against its manifest and SHA256SUMS; returns the manifest."""
    manifest_path, sums_path = source / MANIFEST, source / SUMS
    if not manifest_path.is_file() or not sums_path.is_file():
        raise CommandError(f"{source} is not a Shiftready backup: {MANIFEST} or {SUMS} is missing.")
    sums = {}
    for line in sums_path.read_text().splitlines():
        digest, _, name = line.partition("  ")
        if not name or len(digest) != 64:
            raise CommandError(f"{SUMS} is malformed: {line!r}")
        sums[name] = digest
    if sums.get(MANIFEST) != sha256_of(manifest_path):
        raise CommandError(f"{MANIFEST} does not match its SHA-256 in {SUMS}: the archive was changed.")
    try:
        manifest = json.loads(manifest_path.read_text())
    except ValueError as error:
        raise CommandError(f"{MANIFEST} is not valid JSON: {error}") from error
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Unknown backup format {manifest.get('format')!r} (this version reads {FORMAT}).")
    listed = manifest["files"]
    if set(listed) != set(sums) - {MANIFEST}:
        raise CommandError(f"{MANIFEST} and {SUMS} do not list the same files.")
    present = {p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()} - {MANIFEST, SUMS}
    problems = []
    for name in sorted(present - set(listed)):
        problems.append(f"{name}: not in the manifest")
    for name, meta in sorted(listed.items()):
        safe_relative(name)
        path = source / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif path.stat().st_size != meta["size"] or sha256_of(path) != meta["sha256"] or sums[name] != meta["sha256"]:
            problems.append(f"{name}: SHA-256 does not match")
    if DATA_FILE not in listed:
        problems.append(f"{DATA_FILE}: missing")
    if problems:
        raise CommandError("The archive failed its checks; nothing was restored.\n  " + "\n  ".join(problems))
    return manifest


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into this (migrated, empty) database."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--force", action="store_true",
                            help="replace the data of a database that is not empty")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, directory, force, database, **options):
        source = Path(directory)
        manifest = verify(source)
        models = list(restored_models())
        holding = [m._meta.label for m in models if m._base_manager.using(database).exists()]
        if holding and not force:
            raise CommandError(
                "The database is not empty (" + ", ".join(holding[:5]) + (", …" if len(holding) > 5 else "")
                + "). Restore into a new, migrated database, or pass --force to replace its data."
            )

        media = [name for name in manifest["files"] if name.startswith(MEDIA_DIR + "/")]
        for name in media:
            stored = str(safe_relative(name).relative_to(MEDIA_DIR))
            if default_storage.exists(stored):
                default_storage.delete(stored)
            with open(source / name, "rb") as handle:
                saved = default_storage.save(stored, File(handle))
            if saved != stored:
                raise CommandError(f"The storage renamed {stored} to {saved}; restore stopped.")

        connection = connections[database]
        with transaction.atomic(using=database):
            if holding:
                tables = [m._meta.db_table for m in models]
                tables += [f.m2m_db_table() for m in models for f in m._meta.local_many_to_many
                           if f.remote_field.through._meta.auto_created]
                statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
                connection.ops.execute_sql_flush(statements)
            call_command("loaddata", str(source / DATA_FILE), database=database, verbosity=0)
            record(kind=AuditKind.IMPORT, using=database,
                         summary=f"backup of {manifest['created_at']} restored from {source.resolve()}"
                                 + (" (replacing the data held)" if holding else ""))
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} ({manifest['database_vendor']}): "
            f"data and {len(media)} stored file(s)."
        )
        self.keys_warning(source)

    def keys_warning(self, source):
        """The signing keys are not in the archive: say when the ones at hand lack some it used."""
        path = source / PUBLIC_KEYS
        if not path.is_file():
            return
        wanted = {key["kid"] for key in json.loads(path.read_text()).get("keys", [])}
        missing = sorted(wanted - {key["kid"] for key in keys.public_keys()})
        if missing:
            self.stdout.write(self.style.WARNING(
                f"CREDENTIAL_KEYS_DIR ({keys.keys_dir()}) lacks {len(missing)} key(s) the restored certificates were "
                f"signed with ({', '.join(missing)}): restore that folder from its own backup, or their credentials "
                "will not verify."))
