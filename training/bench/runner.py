"""The throwaway database the benchmark runs in, never the user's.

SQLite: a temporary folder holds the database file and ``MEDIA_ROOT``. PostgreSQL (when
``DATABASE_URL`` names one): a database ``shiftready_bench_<random>`` is created on the same
server and dropped afterwards, whatever happens. The measuring itself runs in a subprocess whose
``DATABASE_URL`` and ``MEDIA_ROOT`` point at the scratch ones, so no setting of the caller's
process is ever pointed elsewhere; that subprocess refuses any database that is not a scratch one.
"""

import contextlib
import json
import os
import secrets
import shutil

# Runs our own manage.py against a throwaway database.
import subprocess  # nosec B404
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.conf import settings

from . import throwaway

SCRATCH_ENV = "SHIFTREADY_BENCH_SCRATCH"
PG_PREFIX = "shiftready_bench_"


class ScratchRefused(RuntimeError):
    pass


def check_scratch(db=None):
    """Refuse to populate anything but a database this module created."""
    scratch = os.environ.get(SCRATCH_ENV)
    db = db or settings.DATABASES["default"]
    if not scratch:
        raise ScratchRefused("the benchmark populates only a throwaway database: run `manage.py bench` "
                             "without --inner")
    if db["ENGINE"].endswith("sqlite3"):
        if not str(Path(db["NAME"]).resolve()).startswith(str(Path(scratch).resolve()) + os.sep):
            raise ScratchRefused(f"{db['NAME']} is not in the scratch folder {scratch}")
    elif not str(db["NAME"]).startswith(PG_PREFIX):
        raise ScratchRefused(f"database {db['NAME']!r} is not a {PG_PREFIX}* scratch database")


def _with_name(url, name):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _pg_admin(url, statement):
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(dbname=config["NAME"], user=config.get("USER") or None,
                         password=config.get("PASSWORD") or None, host=config.get("HOST") or None,
                         port=config.get("PORT") or None, autocommit=True) as conn:
        conn.execute(statement)


def environment(scratch, *, redis_url=None):
    """The measuring subprocess's environment: the caller's, without the deployment's shared
    services (its Redis, which the bench empties, and its bucket), on the scratch folder; with
    ``redis_url`` (a throwaway redis-server's) as the cache of every process the bench starts."""
    shared = ("REDIS_URL", "TASKS_REDIS_URL", "STORAGE_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL",
              "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
    env = {
        **{name: value for name, value in os.environ.items() if name not in shared},
        "DJANGO_SETTINGS_MODULE": "training.site.settings",
        SCRATCH_ENV: str(scratch),
        "MEDIA_ROOT": str(scratch / "media"),
        "CREDENTIAL_KEYS_DIR": str(scratch / "keys"),  # made on first use, dropped with the rest
        "DEBUG": "0",  # as in production: no query log, no debug pages
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "WARNING",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def run(size, *, stream=None, redis=False):
    """Measure ``size`` in a scratch database; return the ``bench.json`` document. ``redis``: the
    cache is a throwaway redis-server on 127.0.0.1, started here and stopped afterwards, shared by
    the measuring process and the gunicorn workers it serves pages from, as in a scaled-out site."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{settings.BASE_DIR / 'db.sqlite3'}"
    engine = dj_database_url.parse(url)["ENGINE"]
    scratch = Path(tempfile.mkdtemp(prefix="shiftready-bench-"))
    created = None
    database_url = f"sqlite:///{scratch / 'bench.sqlite3'}"
    # WhiteNoise warns at every start when the collected-static folder is missing.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    try:
        with throwaway.redis_server(scratch) if redis else contextlib.nullcontext() as redis_url:
            env = environment(scratch, redis_url=redis_url)
            if "postgresql" in engine:
                created = f"{PG_PREFIX}{secrets.token_hex(4)}"
                _pg_admin(url, f'CREATE DATABASE "{created}"')
                database_url = _with_name(url, created)
            env["DATABASE_URL"] = database_url
            out = scratch / "bench.json"
            # Our own manage.py, with the interpreter running us.
            subprocess.run(  # noqa: S603  # nosec B603
                [sys.executable, str(settings.BASE_DIR / "manage.py"), "bench", "--size", size, "--inner", str(out)],
                env=env, cwd=settings.BASE_DIR, check=True, stdout=stream, stderr=stream,
            )
            return json.loads(out.read_text(encoding="utf-8"))
    finally:
        if os.environ.get("SHIFTREADY_BENCH_KEEP"):  # a developer's knob, to profile the data afterwards
            print(f"kept: {database_url} MEDIA_ROOT={scratch / 'media'}", file=sys.stderr)
        else:
            if created:
                _pg_admin(url, f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
            shutil.rmtree(scratch, ignore_errors=True)


# --- The table --------------------------------------------------------------------------------


def _fmt(value):
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def table(result):
    """The printed table: one line per figure, its target and whether it is met."""
    f, t = result["figures"], result["targets"]

    def mark(name):
        target = t.get(name)
        if target is None:
            return "", ""
        return _fmt(target["target"]), "yes" if target["met"] else "NO"

    rows = []
    for name, page in f.get("pages", {}).items():
        rows.append((f"{name}: queries", page["queries"], *mark(f"{name}_queries")))
        label = "cached (second visit)" if page.get("cached") else "uncached"
        rows.append((f"{name}: {label} median / p95 ms", f"{page['median_ms']} / {page['p95_ms']}",
                     *mark(f"{name}_uncached_p95_ms")))
    if c := f.get("certificate"):
        rows.append(("certificate: as issued / plain issued alike ms", f"{c['issued_ms']} / {c['plain_issued_ms']}",
                     "", ""))
        rows.append(("certificate: as issued / plain issued alike", c["vs_plain_ratio"],
                     *mark("certificate_vs_plain_ratio")))
        rows.append(("certificate: layout (unsigned) / plain unsigned ms",
                     f"{c['layout_ms']} / {c['plain_ms']}", "", ""))
        rows.append(("certificate: layout / plain unsigned", c["layout_vs_plain_ratio"],
                     *mark("certificate_layout_vs_plain_ratio")))
        rows.append(("certificate: as issued / plain unsigned", c["vs_unsigned_plain_ratio"], "", ""))
        rows.append(("certificate: in CPU time, as issued / plain issued alike, layout / plain",
                     f"{c['cpu']['vs_plain_ratio']}, {c['cpu']['layout_vs_plain_ratio']}", "", ""))
        rows.append(("certificate: signed PDF/A overhead", c["signed_overhead"], *mark("certificate_signed_overhead")))
        rows.append(("certificate: first issue ms", c["issue_ms"], "", ""))
        rows.append(("certificate: repeat download median / p95 ms",
                     f"{c['download_median_ms']} / {c['download_p95_ms']}", *mark("certificate_download_ms")))
    if s := f.get("shadowing_log"):
        rows.append((f"shadowing log, {s['shifts']} shifts: ours / plain ms (pages)",
                     f"{s['render_ms']} ({s['pages']}) / {s['plain_ms']} ({s['plain_pages']})", "", ""))
        rows.append(("shadowing log: ours / plain per page (whole)",
                     f"{s['vs_plain_per_page']} ({s['vs_plain_ratio']})", *mark("shadowing_log_400_vs_plain_per_page")))
        rows.append(("shadowing log: in CPU time, ours / plain per page", s["cpu"]["vs_plain_per_page"], "", ""))
    if e := f.get("export"):
        rows.append((f"export of {e['certificates']} enrollments ({e['jobs']} teams): first / repeat / 2 workers s",
                     f"{e['first_s']} / {e['repeat_s']} / {e['two_workers_s']}", "", ""))
        rows.append(("export: CPU s per enrollment, first", e["first_cpu_s_per_enrollment"],
                     *mark("export_cpu_s_per_enrollment")))
        rows.append(("export: CPU s per enrollment, repeat / 2 workers",
                     f"{e['repeat_cpu_s_per_enrollment']} / {e['two_workers_cpu_s_per_enrollment']}", "", ""))
        rows.append(("export: worker peak memory MB", e["peak_rss_mb"], *mark("export_worker_peak_mb")))
    if i := f.get("imports"):
        rows.append((f"import a {i['track_steps']}-step track: ms", i["track_ms"], "", ""))
        rows.append((f"import a {i['documents']}-document folder: ms", i["documents_ms"], "", ""))
        rows.append((f"check a {i['gift_bytes']}-byte GIFT file ({i['gift_questions']} questions): s", i["gift_s"],
                     *mark("gift_import_1mb_s")))
    if p := f.get("pdf_serving"):
        rows.append(("worker after 20 PDFs: resident / peak MB", f"{p['worker']['rss_mb']} / {p['worker']['peak_mb']}",
                     *mark("worker_rss_after_20_pdfs_mb")))
        rows.append(("PDF downloads: longest render in a request ms", p["request"]["longest_ms"],
                     *mark("pdf_request_blocking_ms")))
    for name in sorted(n for n in t if n.endswith("_with_writes")):  # the site served by gunicorn, when measured
        rows.append((name, t[name]["value"], *mark(name)))
    header = ("figure", "value", "target", "met")
    widths = [max(len(_fmt(r[k])) for r in [header, *rows]) for k in range(4)]
    cache = " + Redis" if result.get("cache") == "redis" else ""
    lines = [f"Shiftready bench: size {result['size']}, {result['database']}{cache} (the page targets are for size "
             f"large; every comparison interleaved with its reference, medians)"]
    data = f.get("data", {})
    if data:
        lines.append("data: " + ", ".join(f"{k} {v}" for k, v in data.items() if not isinstance(v, dict)))
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(_fmt(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)
