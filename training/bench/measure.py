"""The measurements of ``manage.py bench``, run inside the throwaway database (see ``runner``).

Pages are requested in-process with Django's test ``Client`` (``force_login``), so the time is
the server's: middleware, views, queries, templates; no network, no browser. Each page is timed
uncached: the cache is emptied before each request, so it is built afresh (as after any change of
its data), not as ``training.pagecache`` serves it again; ``engineer_home_cached`` is the second
visit. The pages are requested in turn, round after round, so a busy moment of the machine slows
all of them alike. PDFs are rendered with the app's own functions against plain references
(``pdfs``, ``plain``). The bulk export runs the real ``build_export`` task (and the part and
assembly tasks it queues) through the ``django_tasks_db`` database backend in ``db_worker``
processes, exactly as a deployment runs them: once from nothing, once again on unchanged data,
and once with two workers.
"""

import json
import os
import statistics

# The bench starts its own task workers (our manage.py).
import subprocess  # nosec B404
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from assessments.models import Quiz
from assessments.services import question_bank_import_gift
from content.models import Document
from content.services import library_import
from training.certification import certificates
from training.certification.models import Certificate
from training.reports.exports import build_export
from training.reports.models import ExportJob, ExportStatus
from training.tracks.models import Exercise, Track
from training.tracks.services import track_import
from training.workflow.models import Enrollment

from . import pdfs
from .library import gift_text, track_text, write_documents
from .served import measure_served

OWN_USAGE = Path(__file__).with_name("own_usage.py")

# (figure name, URL name, which user of the organisation, URL kwargs)
PAGES = [
    ("engineer_home", "training:my_training", "engineer", None),
    ("team_page", "training:team", "manager", None),
    ("signoff_queue", "training:queue", "mentor", None),
    ("document_library", "content:library", "engineer", None),
    ("quiz_attempt", "assessments:attempt_detail", "engineer", "open_attempt"),
    ("metrics_page", "training:metrics", "admin", None),
]


# Every figure of "pages": the main pages built afresh, and the engineer home's second visit.
PAGE_NAMES = [name for name, *_ in PAGES] + ["engineer_home_cached"]


def percentile(values, fraction):
    """Nearest-rank percentile (``fraction`` in 0..1) of a list of numbers."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _ms(seconds):
    return round(seconds * 1000, 1)


def count_queries(action):
    """The SQL of every query ``action()`` runs (an execute wrapper: unlike the query log, it is
    not reset when a request starts)."""
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        action()
    return seen


def _timed_gets(client, url, n, *, cold=False):
    """``n`` GETs of ``url``, timed. ``cold``: the cache emptied before each (untimed), so every
    request builds what ``training.pagecache`` would otherwise keep: the first view after a change."""
    times = []
    for _ in range(n):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
            # As the test client does for other responses: the request ends without closing the
            # database connection (a deployment keeps it with CONN_MAX_AGE).
            request_finished.disconnect(close_old_connections)
            try:
                response.close()
            finally:
                request_finished.connect(close_old_connections)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
    return times


def page(org, url, user_pk, requests, *, cold=True):
    """Query count of one request, and median and p95 wall time over ``requests`` more; each
    ``cold`` (nothing kept in the cache from the request before) unless told otherwise."""
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_pk))
    _timed_gets(client, url, 2)  # warm up: templates compiled, session written
    queries = count_queries(lambda: _timed_gets(client, url, 1, cold=cold))
    times = _timed_gets(client, url, requests, cold=cold)
    extra = {"sql": queries} if os.environ.get("SHIFTREADY_BENCH_SQL") else {}
    return {**extra, "queries": len(queries), "median_ms": _ms(statistics.median(times)),
            "p95_ms": _ms(percentile(times, 0.95)), "requests": requests}


def pages(org):
    """Every main page built afresh each time, and the engineer home again as the engineer sees
    it on a second visit while nothing changed (``engineer_home_cached``: from the page cache).
    Each page's query count from one request; then ``requests`` rounds (at least
    ``pdfs.SAMPLES``) in which every page is requested once, in turn."""
    home = reverse("training:my_training")
    visits = [(name, reverse(url_name, kwargs={"pk": getattr(org, kwarg)} if kwarg else None), getattr(org, who),
               True) for name, url_name, who, kwarg in PAGES]
    # The cached home right after the uncached one, which has just built the entry it serves.
    visits.insert(1, ("engineer_home_cached", home, org.engineer, False))
    clients, results = {}, {}
    for name, url, user_pk, cold in visits:
        client = clients[name] = Client()
        client.force_login(get_user_model().objects.get(pk=user_pk))
        _timed_gets(client, url, 2)  # warm up: templates compiled, session written
        sql = count_queries(lambda client=client, url=url, cold=cold: _timed_gets(client, url, 1, cold=cold))
        results[name] = {"sql": sql} if os.environ.get("SHIFTREADY_BENCH_SQL") else {}
        results[name]["queries"] = len(sql)
    rounds = max(org.size.requests, pdfs.SAMPLES)
    times = {name: [] for name in results}
    for _ in range(rounds):
        for name, url, _user, cold in visits:
            times[name] += _timed_gets(clients[name], url, 1, cold=cold)
    for name, values in times.items():
        results[name].update(median_ms=_ms(statistics.median(values)), p95_ms=_ms(percentile(values, 0.95)),
                             requests=rounds, cached=name == "engineer_home_cached")
    return {name: results[name] for name in PAGE_NAMES}


def certificate(org):
    """The first issue (``certificate_issue``: credential, render, sign, hash, store, save) of a
    few certificates; the certificate as issued against a plain one of the same content
    (``pdfs.certificate_vs_plain``); then the repeat download through the view, which serves the
    stored file."""
    issue_times = []
    for pk in org.uncertified[:max(1, min(3, org.size.requests // 10))]:
        enrollment = Enrollment.objects.select_related("manager").get(pk=pk)
        start = time.perf_counter()
        issued = certificates.certificate_issue(enrollment=enrollment, signer=enrollment.manager)
        issue_times.append(time.perf_counter() - start)
    issued = Certificate.objects.select_related("track").get(pk=issued.pk)
    figures = pdfs.certificate_vs_plain(issued)

    client = Client()
    client.force_login(get_user_model().objects.get(pk=org.engineer))
    url = reverse("training:certificate_download", args=[org.certified_enrollment])
    _timed_gets(client, url, 2)
    times = _timed_gets(client, url, max(org.size.requests, pdfs.SAMPLES))
    return {
        **figures, "issue_ms": _ms(statistics.median(issue_times)), "issues": len(issue_times),
        "download_median_ms": _ms(statistics.median(times)), "download_p95_ms": _ms(percentile(times, 0.95)),
    }


def shadowing_log(org):
    return pdfs.shadowing_log_vs_plain(org.shadow_enrollment)


def pdf_serving(org):
    """After the export (its workers would otherwise render what these requests queue): a worker
    process's memory after 20 PDFs, and the longest a PDF download request rendered."""
    return {"worker": pdfs.worker_memory(org), "request": pdfs.request_blocking(org)}


# --- Bulk export with one and two worker processes -------------------------------------------------


def _run_workers(count, scratch):
    """Start ``count`` ``db_worker --batch`` processes, each through ``own_usage.py`` (so that its
    peak memory is its own, not this process's); wait for them; their peaks and CPU seconds."""
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "db_worker", "--batch",
               "--interval", "0.05", "--no-startup-delay"]
    procs, logs, reports = [], [], []
    start = time.perf_counter()
    for n in range(count):
        log = open(Path(scratch) / f"worker-{count}-{n}.log", "wb")  # noqa: SIM115 (closed below)
        logs.append(log)
        reports.append(Path(scratch) / f"worker-{count}-{n}.json")
        argv = [sys.executable, str(OWN_USAGE), str(reports[-1]), "--", *command, "--worker-id", f"bench-{count}-{n}"]
        options = {"stdout": log, "stderr": subprocess.STDOUT, "cwd": settings.BASE_DIR, "env": os.environ.copy()}
        procs.append(subprocess.Popen(argv, **options))  # noqa: S603  # nosec B603
    for proc, log in zip(procs, logs, strict=True):
        if proc.wait():
            raise RuntimeError(f"db_worker exited with {proc.returncode}: see {log.name}")
        log.close()
    usage = [json.loads(report.read_text(encoding="utf-8")) for report in reports]
    return time.perf_counter() - start, [u["peak_mb"] for u in usage], sum(u["cpu_s"] for u in usage)


def _export_round(org, workers, scratch):
    jobs = [ExportJob.objects.create(requester_id=manager, team_id=team) for team, manager in org.export_teams]
    before = set(DBTaskResult.objects.values_list("id", flat=True))
    for job in jobs:
        build_export.enqueue(job_id=job.pk)
    connection.close()  # the workers write; SQLite must not see a reader holding a snapshot
    elapsed, peaks, cpu = _run_workers(workers, scratch)
    done = ExportJob.objects.filter(pk__in=[j.pk for j in jobs], status=ExportStatus.DONE).count()
    if done != len(jobs):
        raise RuntimeError(f"{len(jobs) - done} export job(s) did not finish with {workers} worker(s)")
    # Every task of the round: each job's start, its parts (queued by the start) and its assembly
    # (queued by the last part), as "Export everything" runs them.
    rows = list(DBTaskResult.objects.exclude(id__in=before).values_list("started_at", "finished_at", "worker_ids"))
    first = min(s for s, _f, _w in rows)
    span = (max(f for _s, f, _w in rows) - first).total_seconds()
    tasks = [{"worker": w[-1] if w else "", "start_s": round((s - first).total_seconds(), 2),
              "end_s": round((f - first).total_seconds(), 2)} for s, f, w in sorted(rows)]
    per_worker = {}
    for task in tasks:
        per_worker[task["worker"]] = per_worker.get(task["worker"], 0) + 1
    return span, elapsed, peaks, {"cpu_s": round(cpu, 2), "cores_used": round(cpu / elapsed, 2),
                                  "tasks_per_worker": per_worker, "tasks": tasks}


def export(org):
    """Time and CPU to build the export zips of ``export_jobs`` teams holding
    ``export_certificates`` certified engineers in all (one ``build_export`` per team, as "Export
    everything" queues them; each queues one part per enrollment, and the last part the zip's
    assembly): first from nothing with one worker, then again on unchanged data (the stored
    renderings of ``training.reports.rendered`` serve it) with one worker, then with two.

    CPU is the workers' own (user + system, from ``wait4`` in ``own_usage.py``, as their peak
    memory), less what a worker spends starting with nothing to do (Django's start, measured
    here), per exported enrollment."""
    enrollments = Certificate.objects.filter(enrollment__engineer__teams__in=[t for t, _m in org.export_teams]).count()
    with tempfile.TemporaryDirectory(prefix="shiftready-bench-workers-") as scratch:
        _elapsed, _peaks, idle_cpu = _run_workers(1, scratch)
        first, first_process, first_peaks, first_tasks = _export_round(org, 1, scratch)
        repeat, _repeat_process, repeat_peaks, repeat_tasks = _export_round(org, 1, scratch)
        two, two_process, two_peaks, two_tasks = _export_round(org, 2, scratch)

    def per_enrollment(tasks, workers):
        return round(max(0.0, tasks["cpu_s"] - workers * idle_cpu) / max(1, enrollments), 3)

    return {
        "certificates": enrollments, "jobs": len(org.export_teams), "worker_start_cpu_s": round(idle_cpu, 2),
        "first_s": round(first, 2), "repeat_s": round(repeat, 2), "two_workers_s": round(two, 2),
        "first_cpu_s": first_tasks["cpu_s"], "repeat_cpu_s": repeat_tasks["cpu_s"],
        "two_workers_cpu_s": two_tasks["cpu_s"],
        "first_cpu_s_per_enrollment": per_enrollment(first_tasks, 1),
        "repeat_cpu_s_per_enrollment": per_enrollment(repeat_tasks, 1),
        "two_workers_cpu_s_per_enrollment": per_enrollment(two_tasks, 2),
        "first_process_s": round(first_process, 2), "two_workers_process_s": round(two_process, 2),
        "peak_rss_mb": round(max(first_peaks + repeat_peaks + two_peaks), 1),
        "detail": {"first": first_tasks, "repeat": repeat_tasks, "two": two_tasks},
    }


# --- Imports -------------------------------------------------------------------------------------


def imports(org):
    text = track_text(
        slug="bench-import", name="Imported (bench)", steps=org.size.import_steps,
        documents=list(Document.objects.order_by("slug").values_list("slug", flat=True)),
        exercises=list(Exercise.objects.order_by("slug").values_list("slug", flat=True)),
        quizzes=list(Quiz.objects.filter(slug__startswith="bench-quiz-").values_list("slug", flat=True)),
    )
    start = time.perf_counter()
    track, _ = track_import(text=text, filename="bench-import.md")
    track_took = time.perf_counter() - start
    steps = Track.objects.get(pk=track.pk).steps.count()
    with tempfile.TemporaryDirectory(prefix="shiftready-bench-import-") as folder:
        write_documents(folder, org.size.import_documents, prefix="imported")
        start = time.perf_counter()
        report = library_import(path=folder)
        docs_took = time.perf_counter() - start
    created = sum(1 for change in report.changes if change.action == "create")
    source = gift_text(org.size.gift_bytes)
    start = time.perf_counter()
    _bank, questions = question_bank_import_gift(bank_name="Bench GIFT check", source=source, dry_run=True)
    gift_took = time.perf_counter() - start
    return {"track_steps": steps, "track_ms": _ms(track_took), "documents": created, "documents_ms": _ms(docs_took),
            "gift_bytes": len(source.encode()), "gift_questions": len(questions), "gift_s": round(gift_took, 2)}


# In this order: ``pdf_serving`` queues renders that the export's workers would pick up. Figures of
# the site served by gunicorn (issue 20's request ratios with writes) would come in as "served".
# "served" last: its writers change the data the others measure.
MEASURES = {"pages": pages, "certificate": certificate, "shadowing_log": shadowing_log, "export": export,
            "imports": imports, "pdf_serving": pdf_serving, "served": measure_served}


def measure_all(org):
    # SHIFTREADY_BENCH_ONLY=export,pages runs only those (a developer's knob; bench.json is then partial).
    only = [name for name in os.environ.get("SHIFTREADY_BENCH_ONLY", "").split(",") if name]
    return {name: measure(org) for name, measure in MEASURES.items() if not only or name in only}
