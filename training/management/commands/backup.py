"""``python manage.py backup DIR``: a consistent archive of every record and every stored file.

The data is Django's own JSON serialisation (``dumpdata``, with natural keys for content types
and permissions, primary keys kept; datetimes to the microsecond, see ``ExactJSONEncoder``), so
an archive taken on SQLite restores on PostgreSQL and back.
It is read inside one transaction: REPEATABLE READ (read only) on PostgreSQL, and on SQLite the
transaction itself is the snapshot. The stored files (certificate PDFs, exports) are copied from
default storage. ``MANIFEST.json`` and ``SHA256SUMS`` list the SHA-256 of every file;
``restore`` checks them all before it writes anything.

Deliberately left out: the credential signing keys (``CREDENTIAL_KEYS_DIR``), which are secrets
kept outside the database; back that folder up on its own. The archive holds their public halves
(``public-keys.json``, the JWKS) so ``restore`` can say when the keys at hand cannot verify the
certificates restored.
"""

import datetime
import hashlib
import json
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers import json as django_json
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from training.audit.models import AuditKind
from training.audit.recorder import record
from training.credentials import keys

FORMAT = 1
DATA_FILE = "data.json"
# Our own name for the JSON serialiser below (registered by the commands).
SERIALIZER = "shiftready-json"
MEDIA_DIR = "media"
MANIFEST = "MANIFEST.json"
PUBLIC_KEYS = "public-keys.json"
LEFT_OUT = ("The credential signing keys (CREDENTIAL_KEYS_DIR) are not in this archive: they are secrets, "
            "kept outside the database. Back that folder up on its own; public-keys.json lists their public halves.")
SUMS = "SHA256SUMS"
# Not data: rebuilt by migrate (content types, permissions) or only meaningful while running
# (sessions, who holds which session, login throttling).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "training.usersession", "axes"]
CHUNK = 1024 * 1024


class ExactJSONEncoder(django_json.DjangoJSONEncoder):
    """Django's encoder rounds datetimes to milliseconds (ECMA-262); a restore must give back
    the very timestamps of the sign-offs, so these keep their microseconds. Django's own JSON
    deserialiser reads them (``loaddata data.json``)."""

    def default(self, o):
        if isinstance(o, datetime.datetime) or (isinstance(o, datetime.time) and o.tzinfo is None):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = django_json.Deserializer


def register_serializer():
    serializers.register_serializer(SERIALIZER, __name__)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def stored_files(storage=default_storage, folder=""):
    """Every file name in ``storage``, recursively, with "/" separators."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [str(PurePosixPath(folder, name)) if folder else name for name in files]
    for sub in folders:
        names.extend(stored_files(storage, str(PurePosixPath(folder, sub)) if folder else sub))
    return sorted(names)


def safe_relative(name):
    """Refuse absolute names and ``..``: an archive may only write inside its own places."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise CommandError(f"Unsafe file name in the archive: {name!r}")
    return path


class Command(BaseCommand):
    help = "Write a consistent backup (all data and stored files, with SHA-256 sums) into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="an empty or new folder")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, directory, database, **options):
        register_serializer()
        target = Path(directory)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise CommandError(f"{target} is not an empty folder: a backup never overwrites one.")
        target.mkdir(parents=True, exist_ok=True)
        connection = connections[database]
        # Called from code that already holds a transaction (a test), the snapshot is that one's.
        outer = connection.in_atomic_block

        with transaction.atomic(using=database):
            if connection.vendor == "postgresql" and not outer:
                with connection.cursor() as cursor:
                    # Must be the first statement of the transaction: one snapshot for all tables.
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            call_command(
                "dumpdata", exclude=EXCLUDED, natural_foreign=True, format=SERIALIZER, indent=1, database=database,
                output=str(target / DATA_FILE), verbosity=0,
            )

        names = stored_files()
        for name in names:
            destination = target / MEDIA_DIR / safe_relative(name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, open(destination, "wb") as out:
                for block in iter(lambda src=source: src.read(CHUNK), b""):
                    out.write(block)

        (target / PUBLIC_KEYS).write_text(json.dumps({"keys": keys.public_keys()}, indent=1) + "\n")
        files = {}
        for path in sorted(p for p in target.rglob("*") if p.is_file()):
            relative = path.relative_to(target).as_posix()
            files[relative] = {"sha256": sha256_of(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "shiftready_version": settings.SHIFTREADY_VERSION,
            "database_vendor": connection.vendor,
            "excluded": EXCLUDED,
            "left_out": LEFT_OUT,
            "files": files,
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        sums = {**{name: meta["sha256"] for name, meta in files.items()}, MANIFEST: sha256_of(target / MANIFEST)}
        (target / SUMS).write_text("".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items())))
        # After the snapshot, so the archive does not hold it: the event says the backup was written.
        record(kind=AuditKind.EXPORT, using=database,
                     summary=f"backup written to {target.resolve()}: the database and {len(names)} stored file(s)")
        self.stdout.write(f"Backed up the database and {len(names)} stored file(s) to {target}.")
        self.stdout.write(LEFT_OUT)
