"""A database made before the training app was split into packages upgrades with ``migrate``
alone and keeps every row.

``data/before-rooms.sql`` is the SQLite dump of a database built at the commit before the split
(migrated, ``load_demo``, and the daily run queued with ``send_reminders --schedule``: a task
waiting in the queue under the old module path). The test loads it, runs ``manage.py migrate``
as an operator would, and reads the rows back through the models where they live now."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# Its own SQLite database, whatever DATABASE_URL says: once is enough (not in the PostgreSQL suite).
pytestmark = pytest.mark.own_database
ROOT = Path(__file__).resolve().parents[2]
DUMP = Path(__file__).resolve().parent / "data" / "before-rooms.sql"

READ_BACK = """
import json
from django.apps import apps
from django_tasks_db.models import DBTaskResult
from training.certification.models import Certificate
from training.teams.models import Team
from training.workflow.models import Enrollment
counts = {m._meta.db_table: m.objects.count() for m in apps.get_app_config("training").get_models()}
tasks = [(t.task_path, t.task.name) for t in DBTaskResult.objects.all()]
people = sorted(f"{e.engineer.username}:{e.track.slug}:{e.status}" for e in Enrollment.objects.all())
codes = [c.display_code for c in Certificate.objects.all()]
managers = {t.slug: sorted(t.managers.values_list("username", flat=True)) for t in Team.objects.all()}
print(json.dumps({"counts": counts, "tasks": tasks, "enrollments": people, "codes": codes, "managers": managers}))
"""


def manage(database, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "training.site.settings",
           "MEDIA_ROOT": str(database.parent / "media"), "SHIFTREADY_ENV": "development"}
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def table_counts(database):
    with sqlite3.connect(database) as db:
        tables = [name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory):
    database = tmp_path_factory.mktemp("upgrade") / "db.sqlite3"
    with sqlite3.connect(database) as db:
        db.executescript(DUMP.read_text(encoding="utf-8"))
    before = table_counts(database)
    migrated = manage(database, "migrate", "--noinput")
    return database, before, migrated


def test_the_old_database_migrates_without_error(upgraded):
    database, _before, migrated = upgraded
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    pending = manage(database, "migrate", "--check")
    assert pending.returncode == 0, pending.stdout + pending.stderr


def test_every_row_is_still_there(upgraded):
    database, before, _migrated = upgraded
    after = table_counts(database)
    assert {table for table in before if before[table]} >= {"training_enrollment", "training_signoff",
                                                            "training_certificate", "training_auditevent"}
    grows = {"django_migrations", "django_content_type", "auth_permission"}  # new migrations and models
    for table, count in before.items():
        if table in grows:
            assert after[table] >= count, table
        else:
            assert after[table] == count, table


def test_the_models_read_the_old_rows_from_their_new_packages(upgraded):
    database, before, _migrated = upgraded
    shell = manage(database, "shell", "-c", READ_BACK)
    assert shell.returncode == 0, shell.stderr
    seen = json.loads(shell.stdout.strip().splitlines()[-1])
    training_tables = {table: count for table, count in before.items()
                       if table.startswith("training_") and table != "training_team_members"}
    assert {table: seen["counts"][table] for table in training_tables} == training_tables
    assert seen["enrollments"] == ["alice:standard:active", "bob:fast:ready", "carol:standard:active"]
    assert len(seen["codes"]) == before["training_certificate"] == 1


def test_the_one_manager_of_a_team_becomes_its_first_of_several(upgraded):
    database, _before, _migrated = upgraded
    seen = json.loads(manage(database, "shell", "-c", READ_BACK).stdout.strip().splitlines()[-1])
    assert seen["managers"] == {"platform-ops": ["manager"]}


def test_a_task_queued_before_the_upgrade_runs_from_its_new_module(upgraded):
    database, _before, _migrated = upgraded
    shell = manage(database, "shell", "-c", READ_BACK)
    seen = json.loads(shell.stdout.strip().splitlines()[-1])
    assert seen["tasks"] == [["training.site.daily.send_reminders_task", "send_reminders_task"]]


def test_the_events_recorded_before_the_chain_are_chained_in_the_order_they_were_written(upgraded):
    database, before, _migrated = upgraded
    verified = manage(database, "audit_verify")
    count = before["training_auditevent"]
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.strip() == f"OK: {count} audit event(s), the chain verified up to event #{count}."
    with sqlite3.connect(database) as db:
        order = [pk for (pk,) in db.execute("SELECT id FROM training_auditevent ORDER BY seq")]
    assert order == sorted(order) and len(order) == count
    # A new event goes on at the end of the old ones, and the whole chain still verifies.
    manage(database, "export_track", "fast", "--output", str(database.parent / "fast.md"))
    assert manage(database, "audit_verify").stdout.strip() == (
        f"OK: {count + 1} audit event(s), the chain verified up to event #{count + 1}.")
