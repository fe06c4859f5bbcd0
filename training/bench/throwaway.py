"""Throwaway servers on 127.0.0.1 for a run that must not touch the deployment's own: a
redis-server for ``manage.py bench --redis`` (and for the tests and ``make scale``, through
``tests/servers.py``), with the helpers to wait for a process to answer and to stop it."""

import contextlib
import shutil
import socket

# Starts the redis-server found on PATH, with fixed arguments.
import subprocess  # nosec B404
import time

import redis


class ServerFailed(RuntimeError):
    """A throwaway server stopped, or did not answer in time."""


def free_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


def wait_until(ready, *, what, process, seconds=30):
    """Call ``ready`` until it is true (an OSError counts as not yet), while ``process`` runs."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if ready():
                return
        except OSError:
            pass
        if process.poll() is not None:
            raise ServerFailed(f"{what} stopped (exit code {process.returncode})")
        if time.monotonic() >= deadline:
            raise ServerFailed(f"{what} did not start within {seconds} s")
        time.sleep(0.1)


def stop(process, seconds=20):
    """SIGTERM, then SIGKILL after ``seconds``."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def redis_server(folder):
    """A throwaway redis-server on a free loopback port, keeping nothing on disk (``folder`` is its
    working directory); yields its URL (database 0), and stops it afterwards."""
    binary = shutil.which("redis-server")
    if not binary:
        raise ServerFailed("redis-server is missing: `make test` and `make bench REDIS=1` install it "
                           "(apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603  # nosec B603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        wait_until(lambda: _pong(client), what="redis-server", process=server, seconds=20)
        yield url
    finally:
        client.close()
        stop(server)


def _pong(client):
    try:
        return client.ping()
    except redis.ConnectionError:
        return False
