"""``make scale``: the scaled-out stack on one machine, on 127.0.0.1. A throwaway PostgreSQL 15
cluster (``.ci/with-postgres``), a redis-server for the shared cache and the task queues
(``REDIS_URL``, ``TASKS_BACKEND=rq``), gunicorn with 2 workers (``training/site/gunicorn.conf.py``)
and 2 RQ workers (``manage.py rqworker``), each in a process of its own as they would be on
machines of their own. ``SCALE_STORAGE=s3`` also starts moto's S3 server and stores every file
there (``STORAGE_URL``) instead of a local folder.

The data: the benchmark's organisation (``training.bench.org.build_org``; ``SIZE``, default large:
2,000 engineers on 40 teams, 6,000 enrollments). Its managers export their teams
(``SCALE_TEAMS``: ``all``, the default, or the first N), all queued at once through the services
as the export button does; the RQ workers build them while clients read pages (an engineer's home, a
manager's team page, ``/healthz``; ``SCALE_READERS`` clients per page, default 1) as fast as the
site answers.

Figures: the export's wall time; the RQ workers' CPU seconds in all and per enrollment exported
(their own and their job processes', from ``/proc``); the jobs each worker ran; each page's
requests per second and p95 before the export (quiet) and while it runs. Printed, and written to
``build/scale.json``. Nothing of yours is touched: database, files and Redis are made for the run
and removed after it.
"""

import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests import servers  # noqa: E402 (after the path)

SIZE = os.environ.get("SCALE_SIZE", "large")
TEAMS = os.environ.get("SCALE_TEAMS", "all")
STORAGE = os.environ.get("SCALE_STORAGE", "local")
QUIET_SECONDS = float(os.environ.get("SCALE_QUIET_SECONDS", "15"))
# Readers per page, with no think time: each keeps a gunicorn worker busy, which an RQ worker on
# the same cores does without; so few, and the same before and during the export.
READERS = int(os.environ.get("SCALE_READERS", "1"))
RQ_WORKERS = 2
# rq.worker.SimpleWorker runs each job in the worker's own process instead of a fork of it.
WORKER_CLASS = os.environ.get("SCALE_WORKER_CLASS", "")
ON_POSTGRES = "SHIFTREADY_SCALE_POSTGRES"  # set by this script when it starts itself under .ci/with-postgres
TICKS = os.sysconf("SC_CLK_TCK")
S3_KEYS = {"AWS_ACCESS_KEY_ID": "shiftready-scale", "AWS_SECRET_ACCESS_KEY": "shiftready-scale-secret"}


def cpu_seconds(pid):
    """CPU time of a process and of the children it has waited for (an RQ worker forks a process
    per job and waits for it), from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / TICKS  # utime, stime, cutime, cstime


class Reader(threading.Thread):
    """One client reading one page again and again, as fast as it answers, until ``stop`` is set."""

    def __init__(self, port, name, path, cookie, stop):
        super().__init__(daemon=True)
        self.port, self.name, self.path, self.stop = port, name, path, stop
        self.headers = {"Cookie": cookie} if cookie else {}
        self.times, self.errors = [], []

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while not self.stop.is_set():
            start = time.perf_counter()
            try:
                connection.request("GET", self.path, headers=self.headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    self.errors.append(f"{self.name}: {response.status}")
                self.times.append(time.perf_counter() - start)
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(f"{self.name}: {error}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)


def read_pages(port, pages, *, until=None, seconds=None):
    """``READERS`` readers per page until ``until()`` is true (or ``seconds`` passed); per page,
    requests a second, median and p95 (ms)."""
    stop = threading.Event()
    readers = [Reader(port, name, path, cookie, stop) for name, (path, cookie) in pages.items() for _ in range(READERS)]
    start = time.perf_counter()
    for reader in readers:
        reader.start()
    while not (until() if until else time.perf_counter() - start >= seconds):
        time.sleep(0.5)
    stop.set()
    for reader in readers:
        reader.join(timeout=120)
    elapsed = time.perf_counter() - start
    figures = {}
    for name in pages:
        times = sorted(took for reader in readers if reader.name == name for took in reader.times)
        figures[name] = {
            "requests": len(times), "rps": round(len(times) / elapsed, 1),
            "median_ms": round(statistics.median(times) * 1000, 1) if times else None,
            "p95_ms": round(times[max(0, round(0.95 * len(times)) - 1)] * 1000, 1) if times else None,
        }
    errors = [error for reader in readers for error in reader.errors]
    return {"seconds": round(elapsed, 1), "pages": figures, "errors": len(errors), "first_errors": errors[:5]}


def build(env):
    """The organisation, in this process (Django set up on the run's database): returns the
    teams to export as (team, manager) and the pages' paths with session cookies."""
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from training.bench.org import build_org
    from training.teams.models import Team

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    org = build_org(SIZE)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Built the {SIZE} organisation in {time.perf_counter() - started:.0f} s: {org.counts}", flush=True)
    teams = [(team, team.managers.order_by("pk").first())
             for team in Team.objects.filter(slug__startswith="bench-team-").order_by("slug")]
    teams = [(team, manager) for team, manager in teams if manager is not None]
    if TEAMS != "all":
        teams = teams[:int(TEAMS)]

    def cookie(user_pk):
        client = Client()
        client.force_login(get_user_model().objects.get(pk=user_pk))
        return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    pages = {"engineer home": (reverse("training:my_training"), cookie(org.engineer)),
             "team page": (reverse("training:team"), cookie(org.manager)),
             "healthz": (reverse("healthz"), None)}
    connection.close()
    return teams, pages, org.counts


def export(teams, workers, port, pages, redis_url):
    """Queue every team's export at once (the services, as the button does), read pages while
    the workers build them; the figures."""
    from django.db import close_old_connections
    from django.db.models import Sum
    from redis import Redis
    from rq import Worker

    from training.reports.exports import export_job_start
    from training.reports.models import ExportJob, ExportStatus
    from training.site import scaleout

    before = {worker.pid: cpu_seconds(worker.pid) for worker in workers}
    started = time.perf_counter()
    jobs = [export_job_start(team=team, by=manager).pk for team, manager in teams]

    shown = [started]

    def finished():
        close_old_connections()
        if time.perf_counter() - shown[0] >= 30:  # a line now and then: a large export takes a while
            shown[0] = time.perf_counter()
            progress = ExportJob.objects.filter(pk__in=jobs).aggregate(done=Sum("done"), total=Sum("total"))
            print(f"{shown[0] - started:.0f} s: {progress['done']} of {progress['total']} parts built", flush=True)
        return not ExportJob.objects.filter(pk__in=jobs).exclude(
            status__in=[ExportStatus.DONE, ExportStatus.FAILED]).exists()

    during = read_pages(port, pages, until=finished)
    wall = time.perf_counter() - started
    cpu = {worker.pid: round(cpu_seconds(worker.pid) - before[worker.pid], 1) for worker in workers}
    done = list(ExportJob.objects.filter(pk__in=jobs))
    failed = [f"{job.team}: {job.error}" for job in done if job.status != ExportStatus.DONE]
    enrollments = sum(job.total - 1 for job in done)  # a job's parts: the team report, then each enrollment
    # The workers' own counts (RQ keeps a finished job's record for 500 s only).
    per_worker = {worker.name: {"jobs": worker.successful_job_count, "failed": worker.failed_job_count,
                                "working_s": round(worker.total_working_time, 1)}
                  for worker in Worker.all(connection=Redis.from_url(scaleout.tasks_redis_url({}.get, redis_url)))}
    total_cpu = sum(cpu.values())
    return {
        "teams": len(jobs), "enrollments": enrollments, "failed": failed, "wall_s": round(wall, 1),
        "worker_cpu_s": round(total_cpu, 1), "cpu_s_per_enrollment": round(total_cpu / max(1, enrollments), 3),
        "cores_used": round(total_cpu / wall, 2), "jobs_per_worker": per_worker,
        "zip_mb": round(sum(job.file.size for job in done if job.file) / 1e6, 1), "pages_during": during,
    }


def main():
    if not os.environ.get(ON_POSTGRES):
        # Again, inside a throwaway PostgreSQL cluster: with-postgres sets DATABASE_URL, removes it after.
        script = str(ROOT / ".ci" / "with-postgres")
        os.execve(script, [script, sys.executable, __file__], {**os.environ, ON_POSTGRES: "1"})  # noqa: S606
    scratch = Path(tempfile.mkdtemp(prefix="shiftready-scale-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, scratch, ignore_errors=True)
        redis_url = stack.enter_context(servers.redis_server(scratch))
        env = {
            "DJANGO_SETTINGS_MODULE": "training.site.settings", "DATABASE_URL": os.environ["DATABASE_URL"],
            "REDIS_URL": redis_url, "TASKS_BACKEND": "rq", "MEDIA_ROOT": str(scratch / "media"),
            "CREDENTIAL_KEYS_DIR": str(scratch / "keys"), "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING", "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DB_CONN_MAX_AGE": "60", "GUNICORN_WORKERS": "2", "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning", "AWS_EC2_METADATA_DISABLED": "true",
        }
        storage = "files on this machine (MEDIA_ROOT)"
        if STORAGE == "s3":
            endpoint = stack.enter_context(servers.s3_server())
            import boto3

            boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-1",
                         aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
                         aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"]).create_bucket(
                Bucket="shiftready-scale", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
            env.update(S3_KEYS, STORAGE_URL=f"s3://shiftready-scale?endpoint_url={endpoint}&region=eu-west-1")
            storage = "S3 (moto's server on 127.0.0.1)"
        teams, pages, counts = build(env)
        site_env = {**os.environ, **env}

        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        port = listener.getsockname()[1]
        gunicorn = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "training/site/gunicorn.conf.py", "training.site.wsgi",
             "--bind", f"fd://{listener.fileno()}"], env=site_env, cwd=ROOT, pass_fds=[listener.fileno()])
        stack.callback(servers.stop, gunicorn)
        listener.close()
        workers = []
        for number in range(RQ_WORKERS):
            chosen = ["--worker-class", WORKER_CLASS] if WORKER_CLASS else []
            worker = servers.manage("rqworker", "--job-class", "django_tasks_rq.Job", "--with-scheduler", *chosen,
                                    "--name", f"scale-{number}", "-v0", "default", env=site_env,
                                    log=scratch / f"rqworker-{number}.log")
            stack.callback(servers.stop, worker)
            workers.append(worker)
        servers.wait_until(lambda: _answers(port), what="gunicorn", process=gunicorn, seconds=60)
        time.sleep(3)  # the RQ workers' start (Django set up, registered in Redis), outside the figures
        quiet = read_pages(port, pages, seconds=QUIET_SECONDS)
        figures = export(teams, workers, port, pages, redis_url)
        for number in range(RQ_WORKERS):
            log = (scratch / f"rqworker-{number}.log").read_text(errors="replace").strip()
            if log:
                print(f"--- rqworker {number}:\n{log[-2000:]}")
    return report(figures, quiet, counts, storage)


def _answers(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    finally:
        connection.close()


def report(figures, quiet, counts, storage):
    result = {
        "size": SIZE, "data": counts, "database": "postgresql", "cache": "Redis (REDIS_URL)",
        "tasks": f"RQ in Redis, {RQ_WORKERS} workers (TASKS_BACKEND=rq)", "worker_class": WORKER_CLASS or "rq.Worker",
        "storage": storage,
        "web": "gunicorn, 2 workers", "cores": os.cpu_count(), "export": figures, "pages_quiet": quiet,
    }
    out = ROOT / "build" / "scale.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nScale run: PostgreSQL, Redis, gunicorn (2 workers), {RQ_WORKERS} RQ workers, {storage}; "
          f"bench organisation {SIZE} ({counts.get('engineers')} engineers), {os.cpu_count()} cores")
    print(f"export of {figures['teams']} teams, {figures['enrollments']} enrollments: {figures['wall_s']} s, "
          f"{figures['zip_mb']} MB of zips" + (f"; FAILED: {figures['failed']}" if figures["failed"] else ""))
    print(f"RQ workers: {figures['worker_cpu_s']} CPU s, {figures['cpu_s_per_enrollment']} CPU s per enrollment, "
          f"{figures['cores_used']} cores busy; jobs per worker: "
          + ", ".join(f"{name} {row['jobs']}" for name, row in sorted(figures["jobs_per_worker"].items())))
    print(f"{'page':<16}{'quiet req/s':>12}{'p95 ms':>8}{'exporting req/s':>17}{'p95 ms':>8}")
    for name, row in quiet["pages"].items():
        busy = figures["pages_during"]["pages"][name]
        print(f"{name:<16}{row['rps']:>12}{row['p95_ms']:>8}{busy['rps']:>17}{busy['p95_ms']:>8}")
    errors = quiet["errors"] + figures["pages_during"]["errors"]
    print(f"page errors: {errors} {quiet['first_errors'] + figures['pages_during']['first_errors']}")
    print(f"Written to {out}")
    return 0 if not errors and not figures["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
