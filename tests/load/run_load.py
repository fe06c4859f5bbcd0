"""``make load``: gunicorn (2 workers) on a throwaway demo database on 127.0.0.1, driven by
Locust headless. Prints and writes ``build/load.json``.

Three runs against the same server, each ``LOAD_USERS`` users (default 50) for ``LOAD_TIME``
(default 60s), loopback only:

1. the journeys: engineers (engineer home, library, quizzes) and managers and mentors (team page,
   sign-off queue, library), each logged in through the login form, with 0.5-2 s think time;
   requests per second, p95 and errors per page;
2. engineer home alone, no think time: the requests per second it sustains;
3. ``/healthz`` alone, no think time: the trivial view, same server; the ratio of 2 to 3.

Locust runs on the same 2-core machine as gunicorn, so both saturation runs share the CPU with
the load generator alike; the ratio is the figure to read, not the absolute rates.
"""

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
USERS = os.environ.get("LOAD_USERS", "50")
RUN_TIME = os.environ.get("LOAD_TIME", "60s")
RATIO_TARGET = 0.4


def listening_socket():
    """A socket on a free port of 127.0.0.1, bound and listening here and handed to gunicorn
    (``fd://``): no other process can take the port between choosing it and serving on it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    return listener


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback URL we built)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def locust(host, classes, prefix, out):
    subprocess.run(  # noqa: S603
        [str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "-u", USERS, "-r", "25", "-t", RUN_TIME,
         "--host", host, "--csv", str(out / prefix), "--only-summary", "--stop-timeout", "5",
         "--loglevel", "WARNING", *classes],
        check=False, cwd=ROOT,
    )
    with open(out / f"{prefix}_stats.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {
        row["Name"]: {
            "requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1), "median_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
        }
        for row in rows
    }


def main():
    scratch = Path(tempfile.mkdtemp(prefix="shiftready-load-"))
    listener = listening_socket()
    host = f"http://127.0.0.1:{listener.getsockname()[1]}"
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "training.site.settings",
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}", "MEDIA_ROOT": str(scratch / "media"),
        "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    out = ROOT / "build" / "load"
    out.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603
        subprocess.run([*manage, "load_demo"], env=env, cwd=ROOT, check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)
        server = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "training.site.wsgi", "--workers", "2", "--bind", f"fd://{listener.fileno()}",
             "--log-level", "warning"],
            env=env, cwd=ROOT, pass_fds=[listener.fileno()],
        )
        listener.close()  # gunicorn holds it now
        wait_for(f"{host}/healthz")
        journeys = locust(host, ["EngineerUser", "ManagerUser", "MentorUser"], "journeys", out)
        home = locust(host, ["EngineerHomeUser"], "engineer_home", out)
        health = locust(host, ["HealthUser"], "healthz", out)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        listener.close()
        shutil.rmtree(scratch, ignore_errors=True)

    home_rps = home.get("engineer home", {}).get("rps", 0)
    health_rps = health.get("healthz", {}).get("rps", 0)
    errors = sum(row["errors"] for run in (journeys, home, health) for row in run.values()
                 if row is not run.get("Aggregated"))
    ratio = round(home_rps / health_rps, 2) if health_rps else 0
    result = {
        "users": int(USERS), "run_time": RUN_TIME, "gunicorn_workers": 2, "database": "sqlite",
        "journeys": journeys, "engineer_home_alone": home, "healthz_alone": health,
        "targets": {
            "errors": {"value": errors, "target": 0, "met": errors == 0},
            "engineer_home_rps_ratio": {"value": ratio, "target": f">= {RATIO_TARGET}", "met": ratio >= RATIO_TARGET},
        },
    }
    (ROOT / "build" / "load.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nLoad run: {USERS} users, {RUN_TIME} per run, gunicorn 2 workers, SQLite demo data")
    print(f"{'page':<22}{'requests':>10}{'errors':>8}{'req/s':>8}{'median ms':>11}{'p95 ms':>8}")
    for title, run in (("journeys", journeys), ("engineer home alone", home), ("healthz alone", health)):
        print(f"-- {title}")
        for name, row in run.items():
            print(f"{name:<22}{row['requests']:>10}{row['errors']:>8}{row['rps']:>8}{row['median_ms']:>11g}"
                  f"{row['p95_ms']:>8g}")
    print(f"engineer home / healthz requests per second: {home_rps} / {health_rps} = {ratio} "
          f"(target >= {RATIO_TARGET}: {'met' if ratio >= RATIO_TARGET else 'NOT met'})")
    print(f"errors: {errors} (target 0: {'met' if errors == 0 else 'NOT met'})")
    print(f"Written to {ROOT / 'build' / 'load.json'}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
