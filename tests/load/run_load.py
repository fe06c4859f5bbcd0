"""``make load``: gunicorn (2 workers, ``training/site/gunicorn.conf.py``) on a throwaway database
on 127.0.0.1, driven by Locust headless while people read and write. Prints and writes
``build/load.json``.

The data: the benchmark's organisation (size ``LOAD_SIZE``, default small: 120 engineers, 300
enrollments) plus enrollments walked to their readiness checklist (``prepare.py``), so that 50
people have work to write for a minute. The stack: a throwaway PostgreSQL 15 cluster
(``.ci/with-postgres``, which installs it with apt when missing) and a redis-server started here
for the shared cache (``REDIS_URL``); ``LOAD_DB=sqlite`` stays on SQLite with each worker's own
cache, the embedded default.

Three runs against the same server, each ``LOAD_USERS`` users (default 50) for ``LOAD_TIME``
(default 60s), every one logged in through the login form:

1. the mixed scenario (``locustfile.py``): engineers reading (home, library, documents, quizzes)
   and logging work (exercise logs, shadow shifts, reading, checklist items, quiz answers),
   mentors and hosts deciding in the sign-off queue, managers completing readiness checklists and
   giving final sign-offs, then deciding from the queue; 0.5-2 s think time. Requests per second,
   p95 and errors per page, and what became of every write (done, or refused with the reason the
   page gave, such as an item already decided: an expected outcome, not an error);
2. the engineer home with no think time, while 10 of the users keep writing;
3. ``/healthz`` with no think time, while the same 10 keep writing; the ratio of 2 to 3.

The site stands as it would behind a reverse proxy (``TRUSTED_PROXY_COUNT=1``) and each session
comes from an address of its own: the login rate limit counts per person, as in production.
Locust runs on the same machine as gunicorn, so both saturation runs share the CPU with the load
generator alike; the ratio is the figure to read, not the absolute rates.
"""

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from training.bench import throwaway  # noqa: E402 (after the path)

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
USERS = os.environ.get("LOAD_USERS", "50")
RUN_TIME = os.environ.get("LOAD_TIME", "60s")
SECONDS = float(RUN_TIME.rstrip("s"))
SIZE = os.environ.get("LOAD_SIZE", "small")
ON_POSTGRES = "SHIFTREADY_LOAD_POSTGRES"  # set by this script when it starts itself under .ci/with-postgres
RATIO_TARGET = 0.25
WRITES = ("log exercise", "log shadow shift", "mark read", "tick checklist item", "start quiz", "save answer",
          "submit quiz", "decide exercise log", "decide shadow shift", "complete readiness", "final sign-off")


def listening_socket():
    """A socket on a free port of 127.0.0.1, bound and listening here and handed to gunicorn
    (``fd://``): no other process can take the port between choosing it and serving on it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    return listener


def wait_for(check, what, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer within {seconds} s")


def answers(url):
    with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback URL we built)
        return response.status == 200


def locust(host, classes, prefix, out, env):
    """One Locust run; the locustfile measures for ``SECONDS`` once every session has logged in
    (``-t`` only bounds the whole, logins included)."""
    outcomes = out / f"{prefix}_outcomes.json"
    outcomes.unlink(missing_ok=True)
    subprocess.run(  # noqa: S603
        [str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless", "-u", USERS, "-r", "10",
         "-t", f"{SECONDS + 600:g}s", "--host", host, "--csv", str(out / prefix), "--only-summary",
         "--stop-timeout", "10", "--loglevel", "WARNING", *classes],
        check=False, cwd=ROOT, env={**env, "LOAD_OUTCOMES": str(outcomes), "LOAD_SECONDS": f"{SECONDS:g}"},
    )
    with open(out / f"{prefix}_stats.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pages = {
        row["Name"] if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}": {
            "requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1), "median_ms": float(row["50%"]), "p95_ms": float(row["95%"]),
        }
        for row in rows if int(row["Request Count"])  # the logins, counted before the statistics started again
    }
    with open(out / f"{prefix}_failures.csv", newline="", encoding="utf-8") as f:
        failures = [{"request": f"{r['Method']} {r['Name']}", "error": r["Error"], "count": int(r["Occurrences"])}
                    for r in csv.DictReader(f)]
    # A journey that broke off on an exception (Locust logs it and carries on) is an error too.
    with open(out / f"{prefix}_exceptions.csv", newline="", encoding="utf-8") as f:
        failures += [{"request": "exception", "error": r["Message"], "count": int(r["Count"])}
                     for r in csv.DictReader(f)]
    if not outcomes.exists():
        raise RuntimeError(f"Locust ({prefix}) ended before every session had logged in: see its output above")
    written = json.loads(outcomes.read_text(encoding="utf-8"))
    return {"logins": written["logins"]["stats"], "pages": pages, "writes": written["writes"],
            "failures": written["logins"]["failures"] + failures}


def main():
    on_postgres = os.environ.get("LOAD_DB", "postgres") != "sqlite"
    if on_postgres and not os.environ.get(ON_POSTGRES):
        # Again, inside a throwaway PostgreSQL cluster: with-postgres sets DATABASE_URL, removes it after.
        script = str(ROOT / ".ci" / "with-postgres")
        os.execve(script, [script, sys.executable, __file__], {**os.environ, ON_POSTGRES: "1"})  # noqa: S606
    busy = os.getloadavg()[0]  # other work on the machine slows every figure: say how busy it was
    scratch = Path(tempfile.mkdtemp(prefix="shiftready-load-"))
    listener = listening_socket()
    host = f"http://127.0.0.1:{listener.getsockname()[1]}"
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "training.site.settings",
        # Never the caller's database: the cluster with-postgres made for this run, or a file here.
        "DATABASE_URL": os.environ["DATABASE_URL"] if on_postgres else f"sqlite:///{scratch / 'db.sqlite3'}",
        "MEDIA_ROOT": str(scratch / "media"), "CREDENTIAL_KEYS_DIR": str(scratch / "keys"),
        "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING", "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "GUNICORN_WORKERS": "2", "GUNICORN_ACCESS_LOG": "", "GUNICORN_LOG_LEVEL": "warning",
        "LOAD_PLAN": str(scratch / "plan.json"),
    }
    env.pop("REDIS_URL", None)
    out = ROOT / "build" / "load"
    out.mkdir(parents=True, exist_ok=True)
    stack = ExitStack()
    server = None
    cache = "each worker's own (LOAD_DB=sqlite)"
    try:
        if on_postgres:
            if shutil.which("redis-server"):
                env["REDIS_URL"] = stack.enter_context(throwaway.redis_server(scratch))
                cache = "Redis (REDIS_URL)"
            else:
                cache = "each worker's own: redis-server is missing (`make redis-server` installs it)"
                print(f"Cache: {cache}", file=sys.stderr)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603
        subprocess.run([sys.executable, str(HERE / "prepare.py"), env["LOAD_PLAN"], SIZE],  # noqa: S603
                       env=env, cwd=ROOT, check=True)
        server = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "-c", str(ROOT / "training" / "site" / "gunicorn.conf.py"), "training.site.wsgi",
             "--bind", f"fd://{listener.fileno()}"],
            env=env, cwd=ROOT, pass_fds=[listener.fileno()],
        )
        listener.close()  # gunicorn holds it now
        wait_for(lambda: answers(f"{host}/healthz"), f"{host}/healthz")
        writers = ["BackgroundEngineer", "BackgroundDecider", "BackgroundManager"]
        mixed = locust(host, ["Engineer", "Decider", "Manager"], "mixed", out, env)
        home = locust(host, ["EngineerHomeUser", *writers], "engineer_home", out, env)
        health = locust(host, ["HealthUser", *writers], "healthz", out, env)
    finally:
        if server is not None:
            throwaway.stop(server, seconds=30)
        stack.close()  # the redis-server, after gunicorn
        listener.close()
        shutil.rmtree(scratch, ignore_errors=True)
    busy = max(busy, os.getloadavg()[0])
    return report(mixed, home, health, database="postgresql" if on_postgres else "sqlite", cache=cache, busy=busy)


def report(mixed, home, health, *, database, cache, busy):
    runs = {"mixed": mixed, "engineer home with writes": home, "healthz with writes": health}
    errors = sum(row["errors"] for run in runs.values() for group in ("logins", "pages")
                 for name, row in run[group].items() if name != "Aggregated")
    errors += sum(f["count"] for run in runs.values() for f in run["failures"] if f["request"] == "exception")
    home_rps = home["pages"].get("GET engineer home", {}).get("rps", 0)
    health_rps = health["pages"].get("GET healthz", {}).get("rps", 0)
    ratio = round(home_rps / health_rps, 2) if health_rps else 0
    done = sum(w["done"] for w in mixed["writes"].values())
    result = {
        "users": int(USERS), "run_time": RUN_TIME, "gunicorn_workers": 2, "database": database, "cache": cache,
        "data": f"bench organisation, size {SIZE}", "load_average": round(busy, 2), "cpus": os.cpu_count(),
        "runs": runs,
        "writes_done_per_s": round(done / SECONDS, 1),
        "targets": {
            "errors": {"value": errors, "target": 0, "met": errors == 0},
            "engineer_home_req_ratio_with_writes": {"value": ratio, "target": f">= {RATIO_TARGET}",
                                                    "met": ratio >= RATIO_TARGET},
        },
    }
    (ROOT / "build" / "load.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nLoad run: {USERS} users, {RUN_TIME} per run, gunicorn 2 workers, {database}, cache {cache}, "
          f"bench organisation size {SIZE}; load average {busy:.1f} on {os.cpu_count()} CPUs")
    print(f"{'request':<34}{'requests':>9}{'errors':>7}{'req/s':>7}{'median ms':>10}{'p95 ms':>8}")
    for title, run in runs.items():
        print(f"-- {title}: logging in, then {RUN_TIME} with everyone in")
        for name, row in [*run["logins"].items(), *run["pages"].items()]:
            print(f"{name:<34}{row['requests']:>9}{row['errors']:>7}{row.get('rps', '-'):>7}{row['median_ms']:>10g}"
                  f"{row['p95_ms']:>8g}")
    print("-- writes in the mixed run: done / refused (why)")
    for name in WRITES:
        if w := mixed["writes"].get(name):
            reasons = "; ".join(f"{n}x {why}" for why, n in w["reasons"].items())
            print(f"{name:<30}{w['done']:>6} / {w['refused']}" + (f"  ({reasons})" if reasons else ""))
    print(f"writes done: {done} ({result['writes_done_per_s']} a second)")
    for run in runs.values():
        for failure in run["failures"]:
            print(f"ERROR {failure['count']}x {failure['request']}: {failure['error']}")
    print(f"engineer home / healthz requests per second, others writing: {home_rps} / {health_rps} = {ratio} "
          f"(target >= {RATIO_TARGET}: {'met' if ratio >= RATIO_TARGET else 'NOT met'})")
    print(f"errors: {errors} (target 0: {'met' if errors == 0 else 'NOT met'})")
    print(f"Written to {ROOT / 'build' / 'load.json'}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
