"""The benchmark runs end to end at tiny size, in its own throwaway database (with ``--redis``, its
cache in a throwaway redis-server, as a scaled-out site keeps it), and writes every figure and
every target of ``build/bench.json``. Shapes only: timings are never asserted."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from training.bench import PINNED_QUERIES, runner
from training.bench.measure import PAGE_NAMES

PAGE_FIGURES = {"queries", "median_ms", "p95_ms", "requests", "cached"}
FIGURES = {
    "certificate": {"plain_ms", "plain_issued_ms", "issued_ms", "layout_ms", "vs_plain_ratio",
                    "layout_vs_plain_ratio", "vs_unsigned_plain_ratio", "signed_overhead",
                    "samples", "cpu", "issue_ms", "issues", "download_median_ms", "download_p95_ms"},
    "shadowing_log": {"shifts", "render_ms", "pages", "plain_ms", "plain_pages", "vs_plain_ratio", "vs_plain_per_page",
                      "samples", "cpu"},
    "export": {"certificates", "jobs", "worker_start_cpu_s", "first_s", "repeat_s", "two_workers_s", "first_cpu_s",
               "repeat_cpu_s", "two_workers_cpu_s", "first_cpu_s_per_enrollment", "repeat_cpu_s_per_enrollment",
               "two_workers_cpu_s_per_enrollment", "peak_rss_mb", "detail"},
    "imports": {"track_steps", "track_ms", "documents", "documents_ms", "gift_bytes", "gift_questions", "gift_s"},
    "pdf_serving": {"worker", "request"},
    "served": {"engineer_home_req_ratio_with_writes", "team_page_req_ratio_with_writes", "writes_per_s"},
    "data": {"engineers", "teams", "enrollments", "step_progress", "signoffs", "quiz_attempts", "documents",
             "populate_s"},
}
TARGETS = {f"{name}_queries" for name in PAGE_NAMES} | {
    "engineer_home_uncached_p95_ms", "team_page_uncached_p95_ms", "signoff_queue_uncached_p95_ms",
    "quiz_attempt_uncached_p95_ms", "document_library_uncached_p95_ms", "metrics_page_uncached_p95_ms",
    "certificate_vs_plain_ratio", "certificate_layout_vs_plain_ratio", "certificate_signed_overhead",
    "certificate_download_ms",
    "shadowing_log_400_vs_plain_per_page", "export_cpu_s_per_enrollment", "export_worker_peak_mb",
    "gift_import_1mb_s", "worker_rss_after_20_pdfs_mb", "pdf_request_blocking_ms",
    "engineer_home_req_ratio_with_writes", "team_page_req_ratio_with_writes",
}


def test_tiny_bench_writes_every_figure_and_target(tmp_path):
    out = tmp_path / "bench.json"
    printed = io.StringIO()
    call_command("bench", size="tiny", redis=True, output=str(out), stdout=printed, stderr=io.StringIO())

    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["size"] == "tiny"
    assert result["database"] in {"sqlite", "postgresql"}
    # Every process of the run kept its cache in the throwaway Redis; the engineer's second visit
    # was served from it (3 queries: the session, the user, the page cache's key).
    assert result["cache"] == "redis" and " + Redis (" in printed.getvalue().splitlines()[0]
    assert result["targets"]["engineer_home_cached_queries"] == {"value": 3, "target": 3, "met": True}
    figures = result["figures"]
    assert set(figures["pages"]) == set(PAGE_NAMES) == set(PINNED_QUERIES)
    for name, page in figures["pages"].items():
        assert PAGE_FIGURES <= set(page), name
        assert page["queries"] > 0
    for group, keys in FIGURES.items():
        assert keys <= set(figures[group]), group
    assert set(result["targets"]) == TARGETS
    for name, target in result["targets"].items():
        assert set(target) == {"value", "target", "met"}, name
        assert isinstance(target["met"], bool)
    # The synthetic organisation is what the tiny size asks for; every comparison has 7 samples.
    assert figures["data"]["enrollments"] == 80 and figures["shadowing_log"]["shifts"] == 20
    assert figures["export"]["certificates"] == 2 and figures["imports"]["track_steps"] == 30
    assert figures["certificate"]["samples"] == figures["shadowing_log"]["samples"] == 7
    # gunicorn served every request while the mentor and engineers wrote through the site.
    served = figures["served"]
    assert served["rounds"] == 7 and served["failed_requests"] == 0 and served["failures"] == []
    assert served["writes"]["exercise logs verified"] > 0 and served["writes"]["exercise logs submitted"] > 0
    assert all(page["requests"] >= 7 for page in figures["pages"].values())
    # The plain references are real PDFs of the same rows; ours and theirs have pages.
    assert figures["shadowing_log"]["pages"] >= 1 and figures["shadowing_log"]["plain_pages"] >= 1
    # The GIFT check read every question of its file, and the 20 PDFs were rendered.
    assert figures["imports"]["gift_questions"] > 1000
    assert figures["pdf_serving"]["worker"]["pdfs"] == 20
    # No PDF download rendered in its request: each answered (the "preparing" page, 202, or the file).
    assert set(figures["pdf_serving"]["request"]["urls"].values()) <= {200, 202}
    assert result["targets"]["pdf_request_blocking_ms"]["value"] == 0
    # The table marks every target on a line of its own, met or not.
    marked = [line for line in printed.getvalue().splitlines() if line.endswith((" yes", " NO"))]
    assert len(marked) == len(TARGETS)


def test_the_run_never_uses_the_deployments_redis_or_bucket(monkeypatch, tmp_path):
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/0")
    monkeypatch.setenv("STORAGE_URL", "s3://shiftready-files")
    env = runner.environment(tmp_path)
    assert "REDIS_URL" not in env and "STORAGE_URL" not in env
    assert env["MEDIA_ROOT"] == str(tmp_path / "media") and env["TASKS_BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert runner.environment(tmp_path, redis_url="redis://127.0.0.1:6390/0")["REDIS_URL"] == "redis://127.0.0.1:6390/0"


def test_the_throwaway_servers_load_before_django_is_set_up():
    # make scale and make load import them (make scale through tests/servers.py) before
    # django.setup(): importing them must not import a model.
    code = ("import sys; from tests import servers; from training.bench import throwaway; "
            "print(sorted(m for m in sys.modules if m.endswith('.models')))")
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_measuring_half_refuses_a_database_it_did_not_create(monkeypatch, tmp_path):
    monkeypatch.delenv(runner.SCRATCH_ENV, raising=False)
    with pytest.raises(CommandError, match="throwaway database"):
        call_command("bench", inner=str(tmp_path / "out.json"))


def test_a_scratch_folder_does_not_make_the_real_database_a_scratch_one(monkeypatch, tmp_path):
    monkeypatch.setenv(runner.SCRATCH_ENV, str(tmp_path))
    for refused in [
        {"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/shiftready/db.sqlite3"},
        {"ENGINE": "django.db.backends.sqlite3", "NAME": f"{tmp_path}-other/bench.sqlite3"},
        {"ENGINE": "django.db.backends.postgresql", "NAME": "shiftready"},
    ]:
        with pytest.raises(runner.ScratchRefused):
            runner.check_scratch(refused)
    runner.check_scratch({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "bench.sqlite3")})
    runner.check_scratch({"ENGINE": "django.db.backends.postgresql", "NAME": "shiftready_bench_1a2b"})
