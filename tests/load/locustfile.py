"""Locust journeys for ``make load`` (run by ``tests/load/run_load.py``; not a pytest module).

Everyone logs in through the login form (GET it for the CSRF cookie, POST the token back) as a
person of the plan ``prepare.py`` wrote (``LOAD_PLAN``), then reads and writes as that person
would, through the same pages and forms as a browser (the sign-off queue's decisions as htmx
posts). Each session has a person of its own where the plan has enough of them.

A write ends in one of three ways:

- **done**: the page says so (a redirect after a form, or the decided card in the queue);
- **refused** for a reason a person can meet too, which the page shows as it would to them: the
  item was already decided, the quiz's attempts are used up. Counted per reason in
  ``LOAD_OUTCOMES``, never as a failure;
- anything else is a **failure**: a 4xx or 5xx, a page without the answer expected.

User classes, chosen on the command line by the runner:

- ``Engineer``, ``Decider`` (mentors and shadow hosts) and ``Manager``: the mixed scenario;
- ``EngineerHomeUser`` and ``HealthUser``: the engineer home or ``/healthz`` with no think time,
  for the ratio, while ``BackgroundEngineer``, ``BackgroundDecider`` and ``BackgroundManager``
  (a fixed few) keep writing.
"""

import collections
import datetime
import html
import itertools
import json
import os
import random
import re
from pathlib import Path

import gevent
from locust import HttpUser, between, constant, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8")) if os.environ.get("LOAD_PLAN") else {}
COUNTERS = collections.defaultdict(itertools.count)
OUTCOMES = collections.defaultdict(lambda: {"done": 0, "refused": 0, "reasons": collections.Counter()})
CLAIMED = set()  # what a session is deciding; the others leave it alone, as people do
LOGINS = {"started": 0, "stats": {}, "failures": []}
MEASURE_S = float(os.environ.get("LOAD_SECONDS", "60"))

ALERT = re.compile(r'class="(?:alert alert-danger|invalid-feedback)[^"]*"[^>]*>(.*?)</div>', re.S)
DECIDE = re.compile(r'hx-post="(/(exercise-logs|shadow-shifts)/(\d+)/decide/)"')
TAG = re.compile(r"<[^>]+>")
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
INPUT = re.compile(r"<input\b[^>]*>")
SECTION = re.compile(r'<section[^>]*hx-post="([^"]+)"(.*?)</section>', re.S)


def take(role):
    """The next person of ``role`` in the plan, each session its own while there are enough."""
    people = PLAN[role]
    return people[next(COUNTERS[role]) % len(people)]


def address():
    """An address of the session's own, as the reverse proxy in front passes it (the runner starts
    the site with ``TRUSTED_PROXY_COUNT=1``): the login rate limit counts per person, as in
    production, not all of them as one machine."""
    n = next(COUNTERS["address"])
    return f"10.20.{n // 250}.{n % 250 + 1}"


def refusal_text(text):
    """The reasons a page gives for a refused form (its alerts and field errors), or ''."""
    found = [" ".join(html.unescape(TAG.sub("", m)).split()) for m in ALERT.findall(text)]
    return " ".join(f for f in found if f)


def record(name, result, reason=""):
    OUTCOMES[name][result] += 1
    if reason:
        OUTCOMES[name]["reasons"][reason[:160]] += 1


def logged_in(user):
    """Count the sessions started (logged in or not). Once every one has, the login storm is over:
    its figures are kept aside, the statistics start again, and the run ends ``LOAD_SECONDS`` later.
    So the scenario is measured for that long with everyone in, whatever the logins took (each one
    hashes a password: seconds for 50 at once on two cores)."""
    LOGINS["started"] += 1
    runner = user.environment.runner
    if LOGINS["started"] != runner.target_user_count:
        return
    stats = runner.stats
    LOGINS["stats"] = {
        f"{method} {name}": {"requests": e.num_requests, "errors": e.num_failures, "median_ms": e.median_response_time,
                             "p95_ms": e.get_response_time_percentile(0.95)}
        for (name, method), e in stats.entries.items() if name in ("login", "login page")
    }
    LOGINS["failures"] = [{"request": f"{e.method} {e.name}", "error": str(e.error), "count": e.occurrences}
                          for e in stats.errors.values()]
    stats.reset_all()
    OUTCOMES.clear()
    gevent.spawn_later(MEASURE_S, runner.quit)


@events.quitting.add_listener
def write_outcomes(**_kwargs):
    if path := os.environ.get("LOAD_OUTCOMES"):
        Path(path).write_text(json.dumps({"writes": OUTCOMES, "logins": LOGINS}, indent=1, default=dict) + "\n",
                              encoding="utf-8")


class LoggedIn(HttpUser):
    abstract = True
    role = "engineers"

    def on_start(self):
        try:
            self.log_in()
        finally:
            logged_in(self)

    def log_in(self):
        self.person = take(self.role)
        self.username = self.person["username"]
        self.client.headers["X-Forwarded-For"] = address()
        self.client.get("/accounts/login/", name="login page")
        with self.client.post(
            "/accounts/login/", name="login",
            data={"login": self.username, "password": PLAN["password"], "csrfmiddlewaretoken": self.token()},
            headers={"Referer": f"{self.host}/accounts/login/"}, catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url or "sessionid" not in self.client.cookies:
                response.failure(f"login as {self.username} failed ({response.status_code})")

    def token(self):
        return self.client.cookies.get("csrftoken", "")

    def page(self, path, name):
        """GET a page that must answer 200; its text, or None."""
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{name}: {response.status_code}")
                return None
            return response.text

    def post(self, path, name, data, *, htmx=False, check=None):
        """POST a form as the page would. A redirect is success; a 200 is the form shown again with
        its reasons (refused), or ``check(text)`` says (True done, a reason refused, None failure).
        Returns the response when done."""
        headers = {"Referer": f"{self.host}{path}"}
        if htmx:
            headers["HX-Request"] = "true"
        with self.client.post(path, name=name, data={**data, "csrfmiddlewaretoken": self.token()}, headers=headers,
                              catch_response=True, allow_redirects=False) as response:
            verdict = None
            if check is not None and response.status_code == 200:
                verdict = check(response.text)
            elif response.status_code == 302:
                verdict = True
            elif response.status_code == 200:
                verdict = refusal_text(response.text) or None
            if verdict is True:
                record(name, "done")
                return response
            if verdict:
                record(name, "refused", verdict)
                response.success()
                return None
            response.failure(f"{name}: {response.status_code} {refusal_text(response.text)[:200]}")
            return None

    def follow(self, response, name):
        """GET where a form redirected to, as the browser does."""
        location = response.headers.get("Location", "")
        return self.page(location, name) if location.startswith("/") else None

    def post_and_follow(self, path, name, data, page_name, *, done_at="", undone=None):
        """POST a form that redirects whatever happens (its message tells); GET the page it redirects
        to: a refusal is the message there, or a redirect elsewhere than ``done_at``; what
        ``undone(text)`` finds there is a failure. Returns the page's address and text when done."""
        with self.client.post(path, name=name, data={**data, "csrfmiddlewaretoken": self.token()},
                              headers={"Referer": f"{self.host}{path}"}, catch_response=True,
                              allow_redirects=False) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location.startswith("/"):
                response.failure(f"{name}: {response.status_code}")
                return None
            text = self.page(location, page_name)
            if text is None:
                return None
            if undone and (wrong := undone(text)):
                response.failure(wrong)  # the page said done, and nothing moved: an error, not a refusal
                return None
        reason = refusal_text(text)
        if reason or done_at not in location:
            record(name, "refused", reason or f"sent back to {location}")
            return None
        record(name, "done")
        return location, text

    # The people who decide: the sign-off queue ----------------------------------------------------
    def decide(self):
        """Open the queue and decide one item nobody else is deciding: verify (or now and then
        return) an exercise log, confirm a shadow shift."""
        text = self.page("/queue/", "sign-off queue")
        if not text:
            return
        items = [(path, kind, pk) for path, kind, pk in DECIDE.findall(text) if (kind, pk) not in CLAIMED]
        if not items:
            return
        path, kind, pk = items[0]
        CLAIMED.add((kind, pk))
        if kind == "exercise-logs":
            name = "decide exercise log"
            data = {"decision": "verify"} if random.random() < 0.85 else {  # noqa: S311 (load mix, not secrets)
                "decision": "return", "comment": "Add the task ID you followed to the notes."}
        else:
            name = "decide shadow shift"
            data = {"decision": "confirm", "comment": "I was on call with them."}
        self.post(path, name, data, htmx=True, check=decided)


def decided(text):
    """The queue's answer to an htmx decision: the decided card, or the card again with the reason."""
    if 'data-testid="queue-decided"' in text and "alert-success" in text:
        return True
    return refusal_text(text) or None


# --- The mixed scenario -----------------------------------------------------------------------------


class Engineer(LoggedIn):
    """Reads (home, library, documents, quizzes) and logs work on their open steps."""

    wait_time = between(0.5, 2)
    weight = 6

    def on_start(self):
        super().on_start()
        self.todo = collections.defaultdict(list)
        for step in self.person["steps"]:
            self.todo[step["kind"]].append(step)

    def step_page(self, step, form_action):
        """The step's page; whether it still offers the form (a step done or waiting has none)."""
        text = self.page(f"/steps/{step['progress']}/", "step page")
        if text is None or f'action="{form_action}"' not in text:
            self.todo[step["kind"]].remove(step)
            return False
        return True

    @task(4)
    def home(self):
        self.page("/me/", "engineer home")

    @task(1)
    def library(self):
        self.page("/library/", "library")

    @task(2)
    def document(self):
        reading = self.todo["read"] or self.person["steps"]
        slug = next((s["document"] for s in reading if s["kind"] == "read"), None)
        if slug:
            self.page(f"/library/docs/{slug}/", "document")

    @task(2)
    def log_exercise(self):
        if not self.todo["exercise"]:
            return
        step = self.todo["exercise"][0]
        action = f"/steps/{step['progress']}/exercise-log/"
        if self.step_page(step, action):
            response = self.post(action, "log exercise", {
                "notes": "Submitted a task on staging and followed it to the end; task 7f3a, 41 s.",
                "ticks": [str(i) for i in range(step["ticks"])]})
            self.todo["exercise"].remove(step)
            if response is not None:
                self.follow(response, "step page")

    @task(1)
    def log_shadow_shift(self):
        if not self.todo["shadow"]:
            return
        step = self.todo["shadow"][0]
        action = f"/steps/{step['progress']}/shadow-shift/"
        if self.step_page(step, action):
            day = datetime.date.today() - datetime.timedelta(days=random.randint(1, 20))  # noqa: S311
            response = self.post(action, "log shadow shift", {
                "date": day.isoformat(), "hours": "2.5", "host": str(step["host"]), "role": "observe",
                "incidents": "INC-4711, P3, Retry queue spike", "notes": "Followed the hourly checks."})
            if response is not None:
                self.follow(response, "step page")

    def complete(self, step, name):
        action = f"/steps/{step['progress']}/complete/"
        if self.step_page(step, action):
            self.todo[step["kind"]].remove(step)
            # The step page offering the button again: the step did not move, whatever the message said.
            self.post_and_follow(action, name, {}, "step page", undone=lambda text: (
                f"{name}: the step page still offers it" if f'action="{action}"' in text else ""))

    @task(1)
    def mark_read(self):
        if self.todo["read"]:
            step = self.todo["read"][0]
            self.page(f"/library/docs/{step['document']}/?next=/steps/{step['progress']}/", "document")
            self.complete(step, "mark read")

    @task(1)
    def tick_checklist_item(self):
        if self.todo["checklist"]:
            self.complete(self.todo["checklist"][0], "tick checklist item")

    @task(1)
    def take_quiz(self):
        """Start (or resume) a quiz, save one answer as the page does, submit with an answer to
        every question, read the result."""
        self.page("/quizzes/", "quizzes")
        slug = random.choice(PLAN["quizzes"])  # noqa: S311
        started = self.post_and_follow(f"/quizzes/{slug}/start/", "start quiz", {}, "quiz attempt",
                                       done_at="/attempts/")
        if started is None:
            return
        location, text = started
        answers = {}
        for answer_url, body in SECTION.findall(text):
            fields = [dict(ATTR.findall(tag)) for tag in INPUT.findall(body)]
            shown = [f for f in fields if f.get("type") == "hidden" and f.get("value") == "1"]
            choice = next((f for f in fields if f.get("type") in ("radio", "checkbox")), None)
            if not shown or choice is None:
                continue
            answer = {shown[0]["name"]: "1", choice["name"]: choice.get("value", "")}
            if not answers:
                self.post(answer_url, "save answer", answer, htmx=True,
                          check=lambda t: True if "Saved at" in t else (" ".join(TAG.sub("", t).split()) or None))
            answers.update(answer)
        submitted = self.post(location.split("?")[0] + "submit/", "submit quiz", answers)
        if submitted is not None:
            self.follow(submitted, "quiz result")


class Decider(LoggedIn):
    """A mentor or a shadow host working the sign-off queue."""

    wait_time = between(0.5, 2)
    weight = 2
    role = "deciders"

    @task(5)
    def decide_one(self):
        self.decide()

    @task(1)
    def library(self):
        self.page("/library/", "library")


class Manager(LoggedIn):
    """The team page and the queue; readiness checklists and final sign-offs while the plan has
    enrollments waiting for them, decisions from the queue after."""

    wait_time = between(0.5, 2)
    weight = 2
    role = "managers"
    signs_off = True

    @task(3)
    def team(self):
        self.page("/team/", "team page")

    @task(1)
    def queue(self):
        self.page("/queue/", "sign-off queue")

    @task(3)
    def sign_off(self):
        waiting = [pk for pk in self.person["enrollments"] if ("enrollment", pk) not in CLAIMED]
        if not waiting or not self.signs_off:
            self.decide()
            return
        pk = waiting[0]
        CLAIMED.add(("enrollment", pk))
        path = f"/enrollments/{pk}/readiness/"
        text = self.page(path, "readiness checklist")
        if text is None:
            return
        ticks = {name: "on" for name in sorted(set(re.findall(r'name="(item_\d+)"', text)))}
        completed = self.post(path, "complete readiness", ticks)
        if completed is not None:
            self.follow(completed, "enrollment page")
        signed = self.post(f"/enrollments/{pk}/sign-off/", "final sign-off", {"comment": "Welcome to the rota."})
        if signed is not None:
            self.follow(signed, "enrollment page")


# --- The ratio: one page with no think time, while a few keep writing --------------------------------


class EngineerHomeUser(LoggedIn):
    wait_time = constant(0)
    weight = 1

    @task
    def home(self):
        self.page("/me/", "engineer home")


class HealthUser(HttpUser):
    wait_time = constant(0)
    weight = 1

    def on_start(self):
        self.client.headers["X-Forwarded-For"] = address()
        logged_in(self)

    @task
    def health(self):
        with self.client.get("/healthz", name="healthz", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"healthz: {response.status_code}")


class BackgroundEngineer(Engineer):
    fixed_count = 6


class BackgroundDecider(Decider):
    fixed_count = 3


class BackgroundManager(Manager):
    fixed_count = 1
    signs_off = False
