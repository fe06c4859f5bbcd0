"""Pages served by gunicorn while other people write (issue 20): requests per second of the
engineer home and of the team page, each against ``/healthz``'s under the same writes.

Run inside the bench's measuring process (``runner.run``): the scratch database and
``MEDIA_ROOT`` are this process's own settings, and the gunicorn started here gets the same
environment. Two workers with the project's ``gunicorn.conf.py``, on a free loopback port handed
over as a listening socket (``fd://``), as ``make load`` does.

While the pages are timed, background writers keep changing data through the site, as people do:
the bench mentor verifies exercise logs from the sign-off queue (htmx, as the queue's buttons),
and engineers of the organisation (the bench manager's team among them, never the engineer whose
home is timed) submit exercise logs. Each writer paces itself (one write every
``write_interval`` seconds, when the site answers that fast) and stops when its work runs out
(the tiny size's 20 waiting logs). The writes stay: measure this after the figures that expect
the organisation as built.

The clients are closed loops (``clients`` threads, each with its own keep-alive connection,
``http.client``). One round times ``/healthz``, the engineer home and the team page for
``sample_s`` seconds each, in an order that turns every round; each page's ratio of a round is
its requests per second over ``/healthz``'s of the same round, and the figures are the medians
over ``rounds`` rounds. The client shares the machine with gunicorn alike for all three URLs:
the ratio is the figure to read, not the absolute rates.
"""

import http.client
import itertools
import os
import signal
import socket
import statistics

# gunicorn, our own WSGI server, started on the scratch database.
import subprocess  # nosec B404
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from training.tracks.models import StepKind
from training.workflow.models import Enrollment, EnrollmentStatus, ExerciseLog, ProgressStatus, StepProgress

HOME_TARGET = 0.25
TEAM_TARGET = 0.15
WORKERS = 2
GUNICORN_CONF = Path(settings.BASE_DIR) / "training" / "site" / "gunicorn.conf.py"


class ServedError(RuntimeError):
    pass


# --- Sessions and requests ---------------------------------------------------------------------


class Session:
    """A logged-in person as a browser is: the session cookie (``force_login`` in this process,
    stored in the scratch database the workers read) and a CSRF cookie whose value the forms post."""

    def __init__(self, user):
        client = Client()
        client.force_login(user)
        self.csrf = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
        self.cookie = (f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
                       f"{settings.CSRF_COOKIE_NAME}={self.csrf}")


class Connection:
    """One keep-alive connection to the site (reopened when the server closes it)."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path, session=None):
        return self.send("GET", path, session)

    def post(self, path, session, data, *, htmx=False):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if htmx:
            headers["HX-Request"] = "true"
        body = urlencode([*data, ("csrfmiddlewaretoken", session.csrf)])
        return self.send("POST", path, session, body=body, headers=headers)

    def send(self, method, path, session, *, body=None, headers=None):
        headers = dict(headers or {})
        if session is not None:
            headers["Cookie"] = session.cookie
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()  # a worker recycled (max_requests) or closed the connection: once more
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            return response.status, response.read()

    def close(self):
        self.conn.close()


# --- The writers --------------------------------------------------------------------------------


class Writers:
    """Background writes through the site: the bench mentor verifying logs, engineers submitting
    them. ``done`` counts the writes the site confirmed; anything else lands in ``failures``."""

    def __init__(self, org, port, *, interval, engineers=60):
        User = get_user_model()
        self.port, self.interval = port, interval
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.done = {"exercise logs verified": 0, "exercise logs submitted": 0}
        self.failures = []
        mentor = User.objects.get(pk=org.mentor)
        self.mentor = Session(mentor)
        self.queue = list(ExerciseLog.objects.filter(state="submitted", progress__enrollment__mentor=mentor)
                          .order_by("submitted_at", "pk").values_list("pk", flat=True))
        open_steps = list(
            StepProgress.objects.filter(
                enrollment__status=EnrollmentStatus.ACTIVE, step__kind=StepKind.EXERCISE,
                step__exercise__isnull=False,
                status__in=[ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS, ProgressStatus.RETURNED],
            ).exclude(enrollment__engineer_id=org.engineer)
            .order_by("enrollment__manager_id", "enrollment__engineer_id", "step__order")
            .values_list("pk", "enrollment__engineer_id", "step__exercise__checklist")
        )
        # The bench manager's team (its team page is timed) and the others, in turn.
        managed = set(Enrollment.objects.filter(manager_id=org.manager).values_list("engineer_id", flat=True))
        team = [s for s in open_steps if s[1] in managed]
        others = [s for s in open_steps if s[1] not in managed]
        self.steps = [s for pair in itertools.zip_longest(team, others) for s in pair if s is not None]
        people = list(dict.fromkeys(engineer for _pk, engineer, _c in self.steps))[:engineers]
        sessions = {pk: Session(user) for pk, user in User.objects.in_bulk(people).items()}
        self.steps = [(pk, sessions[e], len(c)) for pk, e, c in self.steps if e in sessions]
        self.threads = [threading.Thread(target=self._verify, daemon=True),
                        threading.Thread(target=self._submit, daemon=True)]

    def start(self):
        self.started = time.perf_counter()
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)
        return time.perf_counter() - self.started

    def _pace(self, work, kind):
        conn = Connection(self.port)
        try:
            for item in work:
                if self.stop.is_set():
                    return
                began = time.perf_counter()
                ok, what = item(conn)
                with self.lock:
                    if ok:
                        self.done[kind] += 1
                    else:
                        self.failures.append(what)
                self.stop.wait(max(0.0, self.interval - (time.perf_counter() - began)))
        finally:
            conn.close()

    def _verify(self):
        def verify(pk):
            def run(conn):
                status, body = conn.post(reverse("training:exercise_log_decide", args=[pk]), self.mentor,
                                         [("decision", "verify"), ("comment", "Evidence checked.")], htmx=True)
                ok = status == 200 and b'data-testid="queue-decided"' in body and b"alert-success" in body
                return ok, f"verify log {pk}: {status}"
            return run

        self._pace((verify(pk) for pk in self.queue), "exercise logs verified")

    def _submit(self):
        def submit(pk, session, ticks):
            def run(conn):
                data = [("notes", "Submitted a task on staging and followed it to the end.")]
                data += [("ticks", str(i)) for i in range(ticks)]
                status, _body = conn.post(reverse("training:exercise_log_submit", args=[pk]), session, data)
                return status == 302, f"submit log for step progress {pk}: {status}"
            return run

        self._pace((submit(*step) for step in self.steps), "exercise logs submitted")


# --- The timed clients ---------------------------------------------------------------------------


def requests_per_second(port, path, session, *, clients, seconds):
    """Closed loop: ``clients`` threads request ``path`` for ``seconds``; (requests/s, failures)."""
    counts, failures = [0] * clients, []
    deadline = time.perf_counter() + seconds

    def loop(slot):
        conn = Connection(port)
        try:
            while time.perf_counter() < deadline:
                status, _body = conn.get(path, session)
                if status == 200:
                    counts[slot] += 1
                else:
                    failures.append(f"{path}: {status}")
        finally:
            conn.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(slot,)) for slot in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - began), failures


# --- gunicorn -------------------------------------------------------------------------------------


def start_gunicorn():
    """gunicorn with two workers on a free loopback port; (process, port)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    env = {**os.environ, "GUNICORN_WORKERS": str(WORKERS), "GUNICORN_ACCESS_LOG": "",
           "GUNICORN_LOG_LEVEL": "warning"}
    server = subprocess.Popen(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "training.site.wsgi",
         "--bind", f"fd://{listener.fileno()}"],
        env=env, cwd=settings.BASE_DIR, pass_fds=[listener.fileno()],
    )
    listener.close()  # gunicorn holds it now
    deadline = time.monotonic() + 60
    conn = Connection(port)
    while True:
        try:
            if conn.get("/healthz")[0] == 200:
                break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            stop_gunicorn(server)
            raise ServedError("gunicorn did not answer /healthz within 60 s")
        time.sleep(0.3)
    conn.close()
    return server, port


def stop_gunicorn(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- The measurement ------------------------------------------------------------------------------


def measure_served(org, *, rounds=7, sample_s=None, clients=4, write_interval=0.5):
    """Engineer home and team page requests per second over ``/healthz``'s, under writes: samples
    of 2 s (half a second at the test suite's tiny size)."""
    sample_s = sample_s or (0.5 if org.size.name == "tiny" else 2.0)
    User = get_user_model()
    engineer = Session(User.objects.get(pk=org.engineer))
    manager = Session(User.objects.get(pk=org.manager))
    targets = {"healthz": ("/healthz", None), "engineer_home": (reverse("training:my_training"), engineer),
               "team_page": (reverse("training:team"), manager)}
    server, port = start_gunicorn()
    writers = None
    try:
        for path, session in targets.values():  # every worker imports and fills its caches first
            requests_per_second(port, path, session, clients=clients, seconds=min(sample_s, 1.0))
        writers = Writers(org, port, interval=write_interval)
        writers.start()
        rps = {name: [] for name in targets}
        failures = []
        order = list(targets)
        for n in range(rounds):
            for name in order[n % 3:] + order[:n % 3]:
                path, session = targets[name]
                value, failed = requests_per_second(port, path, session, clients=clients, seconds=sample_s)
                rps[name].append(value)
                failures += failed
        writing_s = writers.finish()
    finally:
        if writers is not None:
            writers.stop.set()
        stop_gunicorn(server)
    failures += writers.failures

    def ratio(name):
        return round(statistics.median(p / h for p, h in zip(rps[name], rps["healthz"], strict=True)), 3)

    writes = sum(writers.done.values())
    return {
        "engineer_home_req_ratio_with_writes": ratio("engineer_home"),
        "team_page_req_ratio_with_writes": ratio("team_page"),
        "healthz_rps": round(statistics.median(rps["healthz"]), 1),
        "engineer_home_rps": round(statistics.median(rps["engineer_home"]), 1),
        "team_page_rps": round(statistics.median(rps["team_page"]), 1),
        "writes_per_s": round(writes / writing_s, 2), "writes": writers.done,
        "failed_requests": len(failures), "failures": failures[:5],
        "rounds": rounds, "sample_s": sample_s, "clients": clients, "workers": WORKERS,
    }
