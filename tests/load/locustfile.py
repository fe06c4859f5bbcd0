"""Locust journeys for ``make load`` (run by ``tests/load/run_load.py``; not a pytest module).

Every simulated person logs in through the login form (GET it for the CSRF cookie, POST the
token back), then walks the main pages. The demo users' passwords are right, so django-axes never
counts a failure and nobody is locked out however many sessions share a username.

User classes, chosen on the command line by the runner:

- ``EngineerUser`` and ``ManagerUser``: the journeys, with a short think time.
- ``EngineerHomeUser``: engineer home only, no think time (how many requests per second it takes).
- ``HealthUser``: ``/healthz`` only, no think time (the trivial view, for the ratio).
"""

import itertools
import os

from locust import HttpUser, between, constant, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "shiftready")
ENGINEERS = itertools.cycle(["alice", "bob", "carol"])
MANAGERS = itertools.cycle(["manager"])
MENTORS = itertools.cycle(["mentor"])


class LoggedIn(HttpUser):
    abstract = True
    usernames = ENGINEERS

    def on_start(self):
        self.username = next(self.usernames)
        self.client.get("/accounts/login/", name="login page")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/accounts/login/", name="login",
            data={"login": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"}, catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url or "sessionid" not in self.client.cookies:
                response.failure(f"login as {self.username} failed ({response.status_code})")

    def page(self, path, name):
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{name}: {response.status_code}")


class EngineerUser(LoggedIn):
    wait_time = between(0.5, 2)
    usernames = ENGINEERS

    @task(4)
    def home(self):
        self.page("/me/", "engineer home")

    @task(2)
    def library(self):
        self.page("/library/", "library")

    @task(1)
    def quizzes(self):
        self.page("/quizzes/", "quizzes")


class ManagerUser(LoggedIn):
    wait_time = between(0.5, 2)
    usernames = MANAGERS

    @task(3)
    def team(self):
        self.page("/team/", "team page")

    @task(2)
    def queue(self):
        self.page("/queue/", "sign-off queue")

    @task(1)
    def library(self):
        self.page("/library/", "library")


class MentorUser(LoggedIn):
    """A mentor manages no team: the sign-off queue and the library (the team page answers 403)."""

    wait_time = between(0.5, 2)
    usernames = MENTORS

    @task(3)
    def queue(self):
        self.page("/queue/", "sign-off queue")

    @task(1)
    def library(self):
        self.page("/library/", "library")


class EngineerHomeUser(LoggedIn):
    wait_time = constant(0)
    usernames = ENGINEERS

    @task
    def home(self):
        self.page("/me/", "engineer home")


class HealthUser(HttpUser):
    wait_time = constant(0)

    @task
    def health(self):
        with self.client.get("/healthz", name="healthz", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"healthz: {response.status_code}")
