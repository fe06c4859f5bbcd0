"""The benchmark runs end to end at tiny size, in its own throwaway database, and writes every
figure and every target of ``build/bench.json``. Shapes only: timings are never asserted."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from training.bench import PINNED_QUERIES, runner
from training.bench.measure import PAGE_NAMES

PAGE_FIGURES = {"queries", "median_ms", "p95_ms", "requests"}
FIGURES = {
    "certificate": {"first_render_ms", "bare_weasyprint_ms", "render_ratio", "renders", "download_median_ms",
                    "download_p95_ms", "plain_render_ms", "signed_render_ms", "signed_overhead"},
    "shadowing_log": {"shifts", "render_ms", "bytes"},
    "export": {"certificates", "jobs", "one_worker_s", "two_workers_s", "ratio", "one_worker_process_s",
               "two_workers_process_s", "peak_rss_mb", "detail"},
    "imports": {"track_steps", "track_ms", "documents", "documents_ms"},
    "data": {"engineers", "teams", "enrollments", "step_progress", "signoffs", "quiz_attempts", "documents",
             "populate_s"},
}
TARGETS = {f"{name}_{kind}" for name in PAGE_NAMES for kind in ("queries", "p95_ms")} | {
    "certificate_render_ratio", "certificate_signed_overhead", "certificate_download_ms", "export_two_workers_ratio",
    "export_worker_peak_mb",
}


def test_tiny_bench_writes_every_figure_and_target(tmp_path):
    out = tmp_path / "bench.json"
    printed = io.StringIO()
    call_command("bench", size="tiny", output=str(out), stdout=printed, stderr=io.StringIO())

    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["size"] == "tiny"
    assert result["database"] in {"sqlite", "postgresql"}
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
    # The synthetic organisation is what the tiny size asks for.
    assert figures["data"]["enrollments"] == 80 and figures["shadowing_log"]["shifts"] == 20
    assert figures["export"]["certificates"] == 2 and figures["imports"]["track_steps"] == 30
    # The table names every figure.
    table = printed.getvalue()
    for name in TARGETS:
        assert name.split("_")[0] in table


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
