"""``training.bench.served``: gunicorn serves the engineer home and the team page while people
write, on the benchmark's tiny organisation in a throwaway database of its own, as the bench's
measuring process does. Figures are checked for sense (never for speed), and the writes for having
happened: the rows are in the database afterwards.

The measuring runs in a subprocess (``python -m tests.bench.test_served``, which sets Django up
before importing the bench), the bench's way: its settings point at the scratch database that
gunicorn's workers open too.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parents[2]


def _counts():
    from training.workflow.models import ExerciseLog, SignOff

    return {"verified": ExerciseLog.objects.filter(state="verified").count(),
            "logs": ExerciseLog.objects.count(), "signoffs": SignOff.objects.count()}


def probe(out):
    """In the scratch process: build the tiny organisation, count, measure, count again."""
    import django

    django.setup()
    from django.core.management import call_command

    from training.bench import runner
    from training.bench.org import build_org
    from training.bench.served import measure_served

    runner.check_scratch()
    call_command("migrate", verbosity=0, interactive=False)
    org = build_org("tiny")
    before = _counts()
    figures = measure_served(org, rounds=7, sample_s=0.5)
    Path(out).write_text(json.dumps({"figures": figures, "before": before, "after": _counts()}), encoding="utf-8")


def test_pages_are_served_under_writes_and_the_writes_land(tmp_path):
    from training.bench import runner

    url = os.environ.get("DATABASE_URL", "")
    created = None
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "training.site.settings", runner.SCRATCH_ENV: str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"), "CREDENTIAL_KEYS_DIR": str(tmp_path / "keys"), "DEBUG": "0",
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1", "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    if "postgres" in dj_database_url.parse(url or "sqlite://")["ENGINE"]:  # the PostgreSQL suite: a scratch database
        created = f"{runner.PG_PREFIX}{secrets.token_hex(4)}"
        runner._pg_admin(url, f'CREATE DATABASE "{created}"')
        env["DATABASE_URL"] = runner._with_name(url, created)
    out = tmp_path / "served.json"
    try:
        subprocess.run([sys.executable, "-m", "tests.bench.test_served", str(out)], env=env, cwd=ROOT,  # noqa: S603
                       check=True, timeout=600)
    finally:
        if created:
            runner._pg_admin(url, f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
    result = json.loads(out.read_text(encoding="utf-8"))
    figures, before, after = result["figures"], result["before"], result["after"]

    assert figures["failed_requests"] == 0, figures["failures"]
    assert figures["healthz_rps"] > 0 and figures["engineer_home_rps"] > 0 and figures["team_page_rps"] > 0
    # A page that reads the database and renders a template is not served faster than /healthz.
    for name in ("engineer_home_req_ratio_with_writes", "team_page_req_ratio_with_writes"):
        assert 0 < figures[name] < 1.5, (name, figures)
    assert figures["rounds"] == 7 and figures["workers"] == 2
    # The writers wrote while the pages were timed, and the rows are there.
    verified, submitted = figures["writes"]["exercise logs verified"], figures["writes"]["exercise logs submitted"]
    assert verified > 0 and submitted > 0 and figures["writes_per_s"] > 0
    assert after["verified"] - before["verified"] == verified
    assert after["logs"] - before["logs"] == submitted
    assert after["signoffs"] - before["signoffs"] >= verified + submitted  # a sign-off record for each, at least


if __name__ == "__main__":
    probe(sys.argv[1])
