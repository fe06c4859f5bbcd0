"""The production start of the README ("Configuration"), from the README alone: production
settings, ``migrate``, ``collectstatic``, ``credential_keys create``, then gunicorn with its config
file (``training/site/gunicorn.conf.py``) on 127.0.0.1.
The first page answers 200 and its stylesheet, named by its hashed name from the manifest, is
served by WhiteNoise. Without the signing key, the site refuses to start."""

import gc
import os
import re
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

# Its own SQLite database, whatever DATABASE_URL says: once is enough (not in the PostgreSQL suite).
pytestmark = pytest.mark.own_database
ROOT = Path(__file__).resolve().parents[3]
DROPPED = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "STATIC_ROOT",
           "MEDIA_ROOT", "DEBUG", "SITE_URL", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT",
           "CREDENTIAL_KEYS_DIR"}


def fetch(url):
    """GET through the TLS proxy a production site stands behind (it says so in X-Forwarded-Proto)."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback URL we built)
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def wait_for(url, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped"
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def production_env(scratch):
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    env.update({
        "SHIFTREADY_ENV": "production", "SECRET_KEY": "k3y-" + "".join(chr(97 + (i * 7) % 26) for i in range(70)),
        "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": "https://shiftready.example.com",
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}", "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"), "LOG_LEVEL": "WARNING",
        "CREDENTIAL_KEYS_DIR": str(scratch / "keys"),
        # The gzip and Brotli copies take a minute of CPU on their own; they change nothing here.
        "STATIC_COMPRESS": "off",
    })
    return env


def test_the_documented_production_start_serves_the_login_page_and_its_stylesheet():
    scratch = Path(tempfile.mkdtemp(prefix="shiftready-prod-"))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    env = production_env(scratch)
    server = None
    try:
        manage = [sys.executable, str(ROOT / "manage.py")]
        steps = [subprocess.Popen([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT,  # noqa: S603
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True),
                 subprocess.Popen([*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT,  # noqa: S603
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)]
        for step in steps:
            output = step.communicate(timeout=300)[0]
            assert step.returncode == 0, output
        keys = subprocess.run([*manage, "credential_keys", "create"], env=env, cwd=ROOT,  # noqa: S603
                              capture_output=True, text=True, timeout=120, check=False)
        assert keys.returncode == 0 and "Back this folder up" in keys.stdout, keys.stdout + keys.stderr
        assert (scratch / "static" / "staticfiles.json").exists()
        # The README's start with its config file; one worker, recycled after 5 requests here.
        env.update({"GUNICORN_WORKERS": "1", "GUNICORN_MAX_REQUESTS": "5", "GUNICORN_MAX_REQUESTS_JITTER": "0",
                    "GUNICORN_ACCESS_LOG": "", "GUNICORN_BIND": f"fd://{listener.fileno()}"})
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "training/site/gunicorn.conf.py", "training.site.wsgi"],
            env=env, cwd=ROOT, pass_fds=[listener.fileno()], stderr=subprocess.PIPE, text=True,
        )
        listener.close()  # gunicorn holds it now
        status, page = wait_for(f"{base}/accounts/login/", server)
        assert status == 200, page[:2000]
        stylesheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', page) + re.findall(
            r'<link[^>]+href="([^"]+\.css)"[^>]+rel="stylesheet"', page)
        assert stylesheets, page[:2000]
        for href in stylesheets:
            assert re.search(r"\.[0-9a-f]{12}\.css$", href), href  # the manifest's hashed name
            status, css = fetch(base + href)
            assert status == 200 and len(css) > 1000, href
        for _ in range(8):  # past max_requests: the worker is recycled, and the site keeps answering
            assert wait_for(f"{base}/healthz", server)[0] == 200
    finally:
        log = ""
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                log = server.communicate(timeout=20)[1]
            except subprocess.TimeoutExpired:
                server.kill()
                log = server.communicate()[1]
        listener.close()
        shutil.rmtree(scratch, ignore_errors=True)
    assert "Autorestarting worker after current request" in log, log[-3000:]


def test_production_refuses_to_start_without_the_signing_key_and_starts_once_it_is_made(tmp_path):
    env = production_env(tmp_path)
    start = [sys.executable, "-c", "import training.site.wsgi"]
    refused = subprocess.run(start, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,  # noqa: S603
                             check=False)
    assert refused.returncode != 0
    assert "No credential signing key" in refused.stderr and "credential_keys create" in refused.stderr
    assert not (tmp_path / "keys").exists()  # production never makes one behind your back
    made = subprocess.run([sys.executable, str(ROOT / "manage.py"), "credential_keys", "create"], env=env,  # noqa: S603
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert made.returncode == 0, made.stderr
    started = subprocess.run(start, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,  # noqa: S603
                             check=False)
    assert started.returncode == 0, started.stderr


def test_each_worker_freezes_what_it_loaded_out_of_garbage_collections():
    config = runpy.run_path("training/site/gunicorn.conf.py")
    gc.unfreeze()
    try:
        config["post_worker_init"](None)
        assert gc.get_freeze_count() > 10_000  # Django and our modules, loaded in this process
    finally:
        gc.unfreeze()
