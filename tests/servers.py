"""The real counterparts a scaled-out site talks to, started on 127.0.0.1 for a test: a
redis-server, an S3-compatible server (moto), and the test database shared with processes of the
site started beside the test (RQ workers, gunicorn)."""

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connections

# redis_server: the tests' and make scale's, beside the others here.
from training.bench.throwaway import free_port, redis_server, stop, wait_until  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
# What a process of the site started by a test must not inherit from the test run.
NOT_INHERITED = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MEDIA_ROOT", "REDIS_URL", "TASKS_BACKEND", "STORAGE_URL",
                 "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                 "SHIFTREADY_ENV", "DEBUG", "SITE_URL", "CREDENTIAL_KEYS_DIR", "EMAIL_BACKEND"}


@contextlib.contextmanager
def s3_server():
    """moto's S3-compatible server on a free loopback port; yields its endpoint URL."""
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close() or True,
                   what="moto_server", process=server)
        yield endpoint
    finally:
        stop(server)


@contextlib.contextmanager
def shared_database(folder):
    """The test database, reachable by other processes: yields the DATABASE_URL to give them.
    Use it in a ``transaction=True`` test, so that what the test writes is committed for them.

    PostgreSQL's test database already is. On SQLite pytest-django keeps it in this process's
    memory, so for the duration the test's connection moves to a file copy of it (``folder``),
    which the other processes open too; afterwards it is back on the memory database."""
    connection = connections["default"]
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        credentials = quote(db["USER"], safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
        yield f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        return
    assert connection.vendor == "sqlite", connection.vendor
    connection.ensure_connection()
    memory, memory_name = connection.connection, connection.settings_dict["NAME"]
    path = Path(folder) / "db.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as copy:
        memory.backup(copy)
    connection.settings_dict["NAME"] = str(path)
    connection.connection = None  # the next query opens the file
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        connection.settings_dict["NAME"] = memory_name
        connection.connection = memory


def site_env(database_url, **extra):
    """The environment of a process of the site (a worker, gunicorn) beside the test: the
    site's own settings module, the test's database, stored files and signing keys, no email
    sent, and boto3 never asking for instance metadata (nothing but 127.0.0.1, tests/netguard.py)."""
    env = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    env.update({
        "DJANGO_SETTINGS_MODULE": "training.site.settings", "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT), "CREDENTIAL_KEYS_DIR": str(settings.CREDENTIAL_KEYS_DIR),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend", "LOG_LEVEL": "WARNING",
        "AWS_EC2_METADATA_DISABLED": "true", "PYTHONUNBUFFERED": "1",
    })
    env.update({name: str(value) for name, value in extra.items()})
    return env


def manage(*args, env, log):
    """``manage.py ARGS`` in a process of its own, writing what it says to the file ``log``."""
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                                stdout=out, stderr=subprocess.STDOUT)
