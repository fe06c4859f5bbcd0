"""A synthetic organisation for the benchmark, written with ``bulk_create`` in batches.

The services would take hours for 240,000 step-progress rows, so this module writes rows
directly, but keeps them as the services would leave them: the denormalised ``steps_done`` and
``steps_total`` match the progress rows, a submitted exercise step has exactly one waiting log,
a done one a verified log, a done shadow step enough confirmed hours, a done quiz step a passed
attempt, a done read step an acknowledgement of the document's version, a ready enrollment its
readiness checks, sign-off and certificate. Tracks, documents and the one open quiz attempt go
through the real services (``track_import``, ``library_import``, ``attempt_start``).

Two shortcuts, both documented in the README: the sign-off history is cut down to the size the
issue asks for (a real history has one "completed" record per done step; the mandatory records,
enrolment, submissions, readiness and the final sign-off, are always kept), and every synthetic
certificate points at one stored PDF, rendered once for real (the export and the download read
bytes; their cost does not depend on whose name is printed).
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from assessments.models import Attempt
from content.models import Document
from training.teams.models import Team
from training.workflow.models import Enrollment, ExerciseLog, ReadinessCheck, ShadowShift, SignOff, StepProgress

from .library import LibraryBuilder
from .records import RecordsBuilder
from .sizes import BATCH, BENCH_PASSWORD, SIZES, BenchOrg, bulk


class _Builder(LibraryBuilder, RecordsBuilder):
    """People, teams and enrollments here; the library (``library``) and the records hanging from
    each enrollment (``records``) in the two mixins."""

    def __init__(self, size, seed=20261124):
        self.size = size
        # Synthetic data, reproducible on purpose: not for secrets.
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.org = BenchOrg(size=size)

    # people ---------------------------------------------------------------------------------
    def people(self):
        User = get_user_model()
        password = make_password(BENCH_PASSWORD)
        size = self.size

        def user(username, first, last):
            return User(username=username, first_name=first, last_name=last, password=password,
                        email=f"{username}@bench.example", is_active=True)

        rows = [user(f"manager{i:03d}", "Manager", f"M{i:03d}") for i in range(size.teams)]
        rows += [user(f"mentor{i:03d}", "Mentor", f"T{i:03d}") for i in range(size.mentors)]
        rows += [user(f"host{i:03d}", "Host", f"H{i:03d}") for i in range(size.hosts)]
        rows += [user(f"eng{i:05d}", "Engineer", f"E{i:05d}") for i in range(size.engineers)]
        bulk(User, rows)
        by_name = dict(User.objects.filter(email__endswith="@bench.example").values_list("username", "pk"))
        self.managers = [by_name[f"manager{i:03d}"] for i in range(size.teams)]
        self.mentors = [by_name[f"mentor{i:03d}"] for i in range(size.mentors)]
        self.hosts = [by_name[f"host{i:03d}"] for i in range(size.hosts)]
        self.engineers = [by_name[f"eng{i:05d}"] for i in range(size.engineers)]

    # teams and the plan of enrollments ------------------------------------------------------------
    def plan(self):
        """(engineer, track index, status, team index) for every enrollment, and the teams."""
        size = self.size
        half = size.team_page // 2
        bench_team = self.engineers[:half]
        export_pool = self.engineers[half:half + size.export_certificates]
        rest = self.engineers[half + size.export_certificates:]
        rest_teams = size.teams - 1 - size.export_jobs
        if rest_teams < 1 or not rest:
            raise ValueError(f"size {size.name}: too few teams or engineers for the special teams")
        self.team_members = {0: list(bench_team)}
        for j in range(size.export_jobs):
            self.team_members[1 + j] = export_pool[j::size.export_jobs]
        for k, engineer in enumerate(rest):
            self.team_members.setdefault(1 + size.export_jobs + k % rest_teams, []).append(engineer)

        plan = []
        for n, engineer in enumerate(bench_team):
            plan.append((engineer, 0, "ready" if n % 4 == 0 else "active"))
            plan.append((engineer, 1, "active"))
            if n == 0 and size.engineer_certificates > 1:
                plan.append((engineer, 2, "ready"))
        if size.engineer_certificates > 1:
            plan.pop()  # the last engineer of the team has one enrollment: the page keeps team_page rows
        for engineer in export_pool:
            plan.append((engineer, 2, "ready"))
        left = size.enrollments - len(plan)
        rest_plan = []
        for track in range(3):
            for engineer in rest:
                if len(rest_plan) < left:
                    rest_plan.append((engineer, track, "ready" if self.rng.random() < 0.25 else "active"))
        extra = 0
        while len(rest_plan) < left:  # more enrollments than engineers x tracks: earlier, withdrawn ones
            rest_plan.append((rest[extra % len(rest)], extra % 3, "withdrawn"))
            extra += 1
        self.plan_rows = plan + rest_plan
        self.team_of = {e: t for t, members in self.team_members.items() for e in members}

    def teams(self):
        bulk(Team, [
            Team(name=f"Bench team {i:03d}", slug=f"bench-team-{i:03d}") for i in range(self.size.teams)
        ])
        self.team_ids = dict(Team.objects.filter(slug__startswith="bench-team-").values_list("slug", "pk"))
        bulk(Team.managers.through, [Team.managers.through(team_id=self.team_ids[f"bench-team-{i:03d}"],
                                                           user_id=self.managers[i]) for i in range(self.size.teams)])
        through = Team.members.through
        rows = []
        for index, members in self.team_members.items():
            team_id = self.team_ids[f"bench-team-{index:03d}"]
            rows += [through(team_id=team_id, user_id=e) for e in members]
        # Mentors and hosts belong to the first ordinary team, as they would.
        first = self.team_ids[f"bench-team-{1 + self.size.export_jobs:03d}"]
        rows += [through(team_id=first, user_id=u) for u in self.mentors + self.hosts]
        bulk(through, rows)

    # enrollments and everything hanging from them --------------------------------------------------
    def enrollments(self):
        size = self.size
        rows = []
        for n, (engineer, track_index, status) in enumerate(self.plan_rows):
            team = self.team_of[engineer]
            start = self.today - timedelta(days=10 + n % 90)
            rows.append(Enrollment(
                engineer_id=engineer, track=self.tracks[track_index], manager_id=self.managers[team],
                mentor_id=self.mentors[1 + n % (size.mentors - 1)] if size.mentors > 1 else self.mentors[0],
                start_date=start, target_date=start + timedelta(days=60), status=status,
                last_activity_at=self.now - timedelta(hours=n % 500),
            ))
        bulk(Enrollment, rows)
        self.enrollment_rows = list(
            Enrollment.objects.filter(track__in=self.tracks).select_related(None).order_by("pk")
        )

    def states(self):
        """Decide, per enrollment, how far it got; assign the bench mentor's queue."""
        size = self.size
        mentor = self.mentors[0]
        self.frontier = {}
        self.mentor_of = {}
        waiting = 0
        bench_engineer = self.engineers[0]
        for enrollment in self.enrollment_rows:
            steps = self.steps[enrollment.track_id]
            if enrollment.status == "ready":
                self.frontier[enrollment.pk] = len(steps)
            elif enrollment.engineer_id == bench_engineer:
                self.frontier[enrollment.pk] = len(steps) // 2
            else:
                self.frontier[enrollment.pk] = self.rng.randrange(0, len(steps) - 1)
        # The bench mentor's queue: active enrollments whose open exercises are all submitted.
        self.mentor_submits = {}
        for enrollment in self.enrollment_rows:
            if waiting >= size.queue:
                break
            if enrollment.status != "active" or enrollment.engineer_id == bench_engineer:
                continue
            if self.team_of[enrollment.engineer_id] in range(1, 1 + size.export_jobs):
                continue
            steps = self.steps[enrollment.track_id]
            open_exercises = [s.pk for s in steps[self.frontier[enrollment.pk]:] if s.kind == "exercise"]
            open_exercises = open_exercises[:size.queue - waiting]
            if not open_exercises:
                continue
            self.mentor_of[enrollment.pk] = mentor
            self.mentor_submits[enrollment.pk] = set(open_exercises)
            waiting += len(open_exercises)
        if waiting < size.queue:
            raise ValueError(f"size {size.name}: only {waiting} logs for a queue of {size.queue}")
        for enrollment in self.enrollment_rows:
            if enrollment.pk in self.mentor_of:
                enrollment.mentor_id = mentor
        Enrollment.objects.bulk_update([e for e in self.enrollment_rows if e.pk in self.mentor_of], ["mentor"],
                                       batch_size=BATCH)

    def counters(self):
        """``steps_total``/``steps_done`` exactly as ``services._touch`` computes them."""
        required = {t: sum(1 for s in steps if s.required) for t, steps in self.steps.items()}
        for enrollment in self.enrollment_rows:
            enrollment.steps_total = required[enrollment.track_id]
            enrollment.steps_done = sum(1 for s in self.done_steps[enrollment.pk] if s.required)
            if enrollment.status == "ready":
                enrollment.readiness_completed_at = self.now - timedelta(days=2)
                enrollment.ready_at = self.now - timedelta(days=1)
        Enrollment.objects.bulk_update(self.enrollment_rows, ["steps_total", "steps_done",
                                                               "readiness_completed_at", "ready_at"],
                                       batch_size=BATCH)

    def readiness(self):
        rows = []
        for enrollment in self.enrollment_rows:
            if enrollment.status != "ready":
                continue
            track = next(t for t in self.tracks if t.pk == enrollment.track_id)
            rows += [ReadinessCheck(enrollment_id=enrollment.pk, group=g, item=i, checked_by_id=enrollment.manager_id,
                                    checked_at=enrollment.readiness_completed_at) for g, i in track.readiness_items]
        bulk(ReadinessCheck, rows)

    def build(self):
        steps = [self.people, self.content, self.exercises, self.quizzes, self.tracks, self.plan, self.teams,
                 self.enrollments, self.states, self.progress, self.counters, self.readiness, self.reading,
                 self.attempts, self.signoffs, self.certificates, self.specials]
        for step in steps:
            step()
        self.org.counts.update(_counts())
        return self.org


def _counts():
    return {
        "engineers": get_user_model().objects.filter(username__startswith="eng").count(),
        "teams": Team.objects.count(), "enrollments": Enrollment.objects.count(),
        "step_progress": StepProgress.objects.count(), "signoffs": SignOff.objects.count(),
        "quiz_attempts": Attempt.objects.count(), "documents": Document.objects.count(),
        "exercise_logs": ExerciseLog.objects.count(), "shadow_shifts": ShadowShift.objects.count(),
    }


def build_org(size):
    """Populate the (empty, migrated) database with a synthetic organisation of ``size``."""
    if isinstance(size, str):
        size = SIZES[size]
    return _Builder(size).build()
