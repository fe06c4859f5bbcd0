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
import tempfile
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

BATCH = 2000
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 (throwaway database, logged in with force_login)
STAGES = 4
QUESTIONS_PER_QUIZ = 10
EXERCISES = 8
QUIZZES = 3


@dataclass(frozen=True)
class Size:
    name: str
    engineers: int
    teams: int
    enrollments: int
    steps: int  # per track; three tracks
    signoffs: int
    attempts: int
    documents: int
    team_page: int  # enrollments on the bench manager's team page
    engineer_certificates: int  # certified (ready) enrollments of the engineer whose home is measured
    queue: int  # exercise logs waiting for the bench mentor
    mentors: int
    hosts: int
    export_certificates: int
    export_jobs: int
    shadow_shifts: int  # shifts on the shadowing log PDF
    import_steps: int
    import_documents: int
    requests: int  # timed requests per page


SIZES = {
    "tiny": Size(
        "tiny", engineers=30, teams=4, enrollments=80, steps=12, signoffs=300, attempts=60, documents=24,
        team_page=10, engineer_certificates=1, queue=20, mentors=3, hosts=2, export_certificates=2, export_jobs=2,
        shadow_shifts=20, import_steps=30, import_documents=10, requests=5,
    ),
    "small": Size(
        "small", engineers=120, teams=8, enrollments=300, steps=40, signoffs=1000, attempts=400, documents=30,
        team_page=100, engineer_certificates=2, queue=500, mentors=4, hosts=3, export_certificates=20,
        export_jobs=4, shadow_shifts=400, import_steps=500, import_documents=200, requests=30,
    ),
    "large": Size(
        "large", engineers=2000, teams=40, enrollments=6000, steps=40, signoffs=20000, attempts=8000,
        documents=300, team_page=100, engineer_certificates=2, queue=500, mentors=40, hosts=10,
        export_certificates=100, export_jobs=4, shadow_shifts=400, import_steps=500, import_documents=200,
        requests=30,
    ),
}


@dataclass
class BenchOrg:
    """What the measurements need to find in the synthetic organisation (primary keys)."""

    size: Size
    engineer: int = 0  # engineer home: an active enrollment, a ready one with its certificate
    manager: int = 0  # team page
    mentor: int = 0  # sign-off queue
    open_attempt: int = 0  # quiz attempt page
    certified_enrollment: int = 0  # repeat download
    shadow_enrollment: int = 0  # shadowing log PDF
    uncertified: list = field(default_factory=list)  # ready enrollments for the first render
    export_teams: list = field(default_factory=list)  # (team id, manager id)
    counts: dict = field(default_factory=dict)


def _bulk(model, rows):
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start:start + BATCH], batch_size=BATCH)
    return rows


# --- Files the real importers read --------------------------------------------------------------

PARAGRAPH = (
    "When the queue depth alarm fires, first check the broker dashboard and the consumer count. "
    "A stuck consumer shows a flat acknowledgement rate while the publish rate keeps climbing; "
    "restart it with the agent runbook, then watch the depth fall for five minutes before you "
    "close the alert. Write what you saw in the shift log so the next engineer knows."
)


def document_text(number, prefix="doc"):
    categories = ["runbook", "architecture", "decision_tree", "incident_guide", "on_call", "checklist"]
    sections = "\n\n".join(f"## Section {s}\n\n{PARAGRAPH}\n\n- Check one\n- Check two" for s in range(1, 6))
    return (
        f"---\ncategory: {categories[number % len(categories)]}\npurpose: Synthetic {prefix} {number} "
        f"for the benchmark.\nreview_cadence: quarterly\nlast_reviewed: 2026-01-15\n---\n\n"
        f"# {prefix.title()} {number:04d}: queue handling\n\n{sections}\n\n"
        "## Revision History\n\n| Date | Version | Changes |\n|---|---|---|\n"
        "| 2025-11-02 | 1.0 | First version |\n| 2026-01-15 | 1.1 | Clarified the restart |\n"
    )


def write_documents(folder, count, prefix="doc"):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{prefix}-{number:04d}.md").write_text(document_text(number, prefix), encoding="utf-8")
    return folder


def track_text(*, slug, name, steps, documents, exercises, quizzes):
    """A track file of ``steps`` steps in four stages: reading, exercises, quizzes, checklist
    items (one optional per stage), one shadow step, the manager's sign-off last."""
    per_stage = max(1, steps // STAGES)
    pattern = ["read", "exercise", "quiz", "checklist", "read", "exercise", "optional", "read", "checklist",
               "read"]
    lines = [
        "---", f"name: {name}", f"slug: {slug}", "audience: Synthetic engineers", "hours: 6-8",
        "validity_months: 12", "separation_of_duties: true", "readiness:", "  Core knowledge:",
        "    - Explains the architecture", "  Tool access:", "    - Production access works", "---",
        f"A synthetic track of {steps} steps for the benchmark.", "",
    ]
    number = 0
    for stage in range(STAGES):
        count = per_stage if stage < STAGES - 1 else steps - per_stage * (STAGES - 1)
        lines += [f"## Week {stage + 1}: Stage {stage + 1}", ""]
        for position in range(count):
            number += 1
            kind = pattern[position % len(pattern)]
            if number == steps:
                lines.append("- [ ] Manager sign-off")
                continue
            if stage == 2 and position == min(3, count - 2):
                lines.append("- [ ] Shadow an on-call engineer {hours: 8, lead: 1}")
            elif kind == "read":
                lines.append(f"- [ ] Read guide {number} {{ref: {documents[number % len(documents)]}}}")
            elif kind == "exercise":
                lines.append(f"- [ ] Exercise: Practice {number} {{ref: {exercises[number % len(exercises)]}}}")
            elif kind == "quiz":
                lines.append(f"- [ ] Quiz: Check {number} {{ref: {quizzes[number % len(quizzes)]}}}")
            elif kind == "optional":
                lines.append(f"- [ ] Optional reading group {number} {{optional: true}}")
            else:
                lines.append(f"- [ ] Confirm item {number} works")
        lines.append("")
    return "\n".join(lines)


# --- The organisation -----------------------------------------------------------------------------


class _Builder:
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
        _bulk(User, rows)
        by_name = dict(User.objects.filter(email__endswith="@bench.example").values_list("username", "pk"))
        self.managers = [by_name[f"manager{i:03d}"] for i in range(size.teams)]
        self.mentors = [by_name[f"mentor{i:03d}"] for i in range(size.mentors)]
        self.hosts = [by_name[f"host{i:03d}"] for i in range(size.hosts)]
        self.engineers = [by_name[f"eng{i:05d}"] for i in range(size.engineers)]

    # content, exercises, quizzes, tracks -------------------------------------------------------
    def content(self):
        from content.services import library_import

        with tempfile.TemporaryDirectory(prefix="shiftready-bench-docs-") as folder:
            write_documents(folder, self.size.documents)
            library_import(path=folder)

    def exercises(self):
        from training.models import Exercise

        _bulk(Exercise, [
            Exercise(slug=f"bench-exercise-{i}", title=f"Bench exercise {i}", objectives=["Do it"],
                     instructions=["First", "Second"], checklist=["First done", "Second done"])
            for i in range(EXERCISES)
        ])

    def quizzes(self):
        from assessments.models import Choice, Question, QuestionBank, QuestionKind, Quiz, QuizQuestion

        bank = QuestionBank.objects.create(name="Bench bank")
        questions = _bulk(Question, [
            Question(bank=bank, name=f"bench-q{i}", kind=QuestionKind.SINGLE_CHOICE, position=i,
                     text=f"Which command restarts agent {i}?", points=Decimal("1"))
            for i in range(QUIZZES * QUESTIONS_PER_QUIZ)
        ])
        questions = list(Question.objects.filter(bank=bank).order_by("position"))
        _bulk(Choice, [
            Choice(question=q, position=p, text=f"Option {p}", fraction=Decimal(100 if p == 0 else 0))
            for q in questions for p in range(3)
        ])
        quizzes = _bulk(Quiz, [
            Quiz(slug=f"bench-quiz-{i}", title=f"Bench quiz {i}", pass_mark=70, shuffle_choices=False)
            for i in range(QUIZZES)
        ])
        quizzes = list(Quiz.objects.filter(slug__startswith="bench-quiz-").order_by("slug"))
        _bulk(QuizQuestion, [
            QuizQuestion(quiz=quiz, question=questions[i * QUESTIONS_PER_QUIZ + p], position=p)
            for i, quiz in enumerate(quizzes) for p in range(QUESTIONS_PER_QUIZ)
        ])
        self.quiz_list = quizzes
        self.quiz_questions = {
            quiz.pk: questions[i * QUESTIONS_PER_QUIZ:(i + 1) * QUESTIONS_PER_QUIZ] for i, quiz in enumerate(quizzes)
        }
        self.first_choice = {c.question_id: c.pk for c in Choice.objects.filter(position=0)}

    def tracks(self):
        from content.models import Document
        from training.models import Exercise
        from training.services import track_import

        docs = list(Document.objects.order_by("slug").values_list("slug", flat=True))
        exercises = list(Exercise.objects.order_by("slug").values_list("slug", flat=True))
        self.tracks = []
        for i, name in enumerate(["Fast", "Standard", "Comprehensive"]):
            text = track_text(slug=f"bench-{name.lower()}", name=f"{name} (bench)", steps=self.size.steps,
                              documents=docs, exercises=exercises, quizzes=[q.slug for q in self.quiz_list])
            track, _ = track_import(text=text, filename=f"bench-{i}.md")
            self.tracks.append(track)
        self.steps = {t.pk: list(t.steps.order_by("order")) for t in self.tracks}
        self.doc_versions = dict(Document.objects.values_list("slug", "pk"))
        self.doc_current = dict(Document.objects.values_list("pk", "current_version_id"))
        self.quiz_by_slug = {q.slug: q for q in self.quiz_list}

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
        from training.models import Team

        _bulk(Team, [
            Team(name=f"Bench team {i:03d}", slug=f"bench-team-{i:03d}", manager_id=self.managers[i])
            for i in range(self.size.teams)
        ])
        self.team_ids = dict(Team.objects.filter(slug__startswith="bench-team-").values_list("slug", "pk"))
        through = Team.members.through
        rows = []
        for index, members in self.team_members.items():
            team_id = self.team_ids[f"bench-team-{index:03d}"]
            rows += [through(team_id=team_id, user_id=e) for e in members]
        # Mentors and hosts belong to the first ordinary team, as they would.
        first = self.team_ids[f"bench-team-{1 + self.size.export_jobs:03d}"]
        rows += [through(team_id=first, user_id=u) for u in self.mentors + self.hosts]
        _bulk(through, rows)

    # enrollments and everything hanging from them --------------------------------------------------
    def enrollments(self):
        from training.models import Enrollment

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
        _bulk(Enrollment, rows)
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
        from training.models import Enrollment

        for enrollment in self.enrollment_rows:
            if enrollment.pk in self.mentor_of:
                enrollment.mentor_id = mentor
        Enrollment.objects.bulk_update([e for e in self.enrollment_rows if e.pk in self.mentor_of], ["mentor"],
                                       batch_size=BATCH)

    def progress(self):
        from training.models import ExerciseLog, ProgressStatus, ShadowIncident, ShadowShift, StepProgress

        progress = []
        self.done_steps = {}  # enrollment -> [step]
        for enrollment in self.enrollment_rows:
            steps = self.steps[enrollment.track_id]
            frontier = self.frontier[enrollment.pk]
            submits = self.mentor_submits.get(enrollment.pk, set())
            done = []
            for index, step in enumerate(steps):
                at = self.now - timedelta(days=len(steps) - index, hours=enrollment.pk % 24)
                if index < frontier:
                    status, started, completed = ProgressStatus.DONE, at, at
                    done.append(step)
                elif step.pk in submits or (index == frontier and enrollment.status == "active"
                                            and step.kind == "exercise"):
                    status, started, completed = ProgressStatus.SUBMITTED, at, None
                elif index == frontier and enrollment.status == "active":
                    status, started, completed = ProgressStatus.IN_PROGRESS, at, None
                else:
                    status, started, completed = ProgressStatus.NOT_STARTED, None, None
                progress.append(StepProgress(enrollment_id=enrollment.pk, step=step, status=status,
                                             started_at=started, completed_at=completed))
            self.done_steps[enrollment.pk] = done
        _bulk(StepProgress, progress)
        self.progress_ids = {
            (e, s): (pk, status) for pk, e, s, status in StepProgress.objects.filter(
                enrollment__track__in=self.tracks).values_list("pk", "enrollment_id", "step_id", "status")
        }

        # Exercise logs: verified for done exercise steps, waiting for submitted ones; one returned
        # log on the bench engineer's active enrollment (what "Returned to you" shows).
        logs = []
        for enrollment in self.enrollment_rows:
            decider = self.mentor_of.get(enrollment.pk, enrollment.mentor_id)
            for step in self.steps[enrollment.track_id]:
                if step.kind != "exercise":
                    continue
                pk, status = self.progress_ids[(enrollment.pk, step.pk)]
                if status == ProgressStatus.DONE:
                    logs.append(ExerciseLog(progress_id=pk, notes="Did the exercise on staging.",
                                            checklist_ticks=[0, 1], state="verified",
                                            submitted_at=self.now - timedelta(days=3),
                                            decided_at=self.now - timedelta(days=2), decided_by_id=decider,
                                            comment="Evidence checked."))
                elif status == ProgressStatus.SUBMITTED:
                    logs.append(ExerciseLog(progress_id=pk, notes="Done on staging; task 7f3a followed to the end.",
                                            checklist_ticks=[0, 1], state="submitted",
                                            submitted_at=self.now - timedelta(minutes=len(logs) % 5000)))
        _bulk(ExerciseLog, logs)

        # Shadow shifts: done shadow steps have their confirmed hours (one lead shift); an active
        # enrollment standing on its shadow step has a shift waiting for the host.
        shifts = []
        for enrollment in self.enrollment_rows:
            for step in self.steps[enrollment.track_id]:
                if step.kind != "shadow":
                    continue
                pk, status = self.progress_ids[(enrollment.pk, step.pk)]
                host = self.hosts[enrollment.pk % len(self.hosts)]
                day = self.today - timedelta(days=5)
                if status == ProgressStatus.DONE:
                    shifts.append(ShadowShift(progress_id=pk, date=day, hours=step.hours / 2, host_id=host,
                                              role="observe", state="confirmed", decided_at=self.now,
                                              notes="Quiet shift."))
                    shifts.append(ShadowShift(progress_id=pk, date=day, hours=step.hours / 2, host_id=host,
                                              role="lead", state="confirmed", decided_at=self.now,
                                              notes="Led the hand-over."))
                elif status == ProgressStatus.IN_PROGRESS:
                    shifts.append(ShadowShift(progress_id=pk, date=day, hours=Decimal("4"), host_id=host,
                                              notes="Evening shift."))
        _bulk(ShadowShift, shifts)
        ShadowIncident.objects.bulk_create([
            ShadowIncident(shift_id=pk, reference=f"INC-{pk}", severity="P3", summary="Retry queue spike")
            for pk in ShadowShift.objects.filter(role="lead").values_list("pk", flat=True)[:2000]
        ], batch_size=BATCH)

    def counters(self):
        """``steps_total``/``steps_done`` exactly as ``services._touch`` computes them."""
        from training.models import Enrollment

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
        from training.models import ReadinessCheck

        rows = []
        for enrollment in self.enrollment_rows:
            if enrollment.status != "ready":
                continue
            track = next(t for t in self.tracks if t.pk == enrollment.track_id)
            rows += [ReadinessCheck(enrollment_id=enrollment.pk, group=g, item=i, checked_by_id=enrollment.manager_id,
                                    checked_at=enrollment.readiness_completed_at) for g, i in track.readiness_items]
        _bulk(ReadinessCheck, rows)

    def reading(self):
        from content.models import ReadAcknowledgement

        seen, rows = set(), []
        for enrollment in self.enrollment_rows:
            for step in self.done_steps[enrollment.pk]:
                if step.kind != "read":
                    continue
                document = self.doc_versions[step.ref]
                if (enrollment.engineer_id, document) in seen:
                    continue
                seen.add((enrollment.engineer_id, document))
                rows.append(ReadAcknowledgement(user_id=enrollment.engineer_id, document_id=document,
                                                version_id=self.doc_current[document],
                                                acknowledged_at=self.now - timedelta(days=4)))
        _bulk(ReadAcknowledgement, rows)

    def attempts(self):
        """A passed attempt for each (engineer, quiz) with a done quiz step, failed first attempts
        before some of them, up to the size's number of attempts."""
        from assessments.models import Attempt, Response

        passes = []
        for enrollment in self.enrollment_rows:
            for step in self.done_steps[enrollment.pk]:
                if step.kind == "quiz":
                    passes.append((enrollment.engineer_id, self.quiz_by_slug[step.ref].pk))
        passes = list(dict.fromkeys(passes))[:self.size.attempts]
        failed = passes[:max(0, self.size.attempts - len(passes))]
        rows = []
        for user, quiz in failed:
            rows.append(Attempt(user_id=user, quiz_id=quiz, number=1, status="graded", max_points=Decimal("10"),
                                score_points=Decimal("5"), score_percent=Decimal("50"), passed=False,
                                started_at=self.now - timedelta(days=6), submitted_at=self.now - timedelta(days=6),
                                graded_at=self.now - timedelta(days=6)))
        failed_set = set(failed)
        for user, quiz in passes:
            rows.append(Attempt(user_id=user, quiz_id=quiz, number=2 if (user, quiz) in failed_set else 1,
                                status="graded", max_points=Decimal("10"), score_points=Decimal("9"),
                                score_percent=Decimal("90"), passed=True, started_at=self.now - timedelta(days=5),
                                submitted_at=self.now - timedelta(days=5), graded_at=self.now - timedelta(days=5)))
        _bulk(Attempt, rows)
        responses = []
        for attempt_pk, quiz, passed in Attempt.objects.filter(quiz__in=self.quiz_list).values_list(
                "pk", "quiz_id", "passed"):
            for position, question in enumerate(self.quiz_questions[quiz], start=1):
                right = passed or position % 2 == 0
                chosen = self.first_choice[question.pk] if right else self.first_choice[question.pk] + 1
                responses.append(Response(attempt_id=attempt_pk, question=question, position=position,
                                          choice_order=[], selected=[chosen], max_points=Decimal("1"),
                                          points=Decimal("1") if right else Decimal("0"),
                                          answered_at=self.now - timedelta(days=5)))
        _bulk(Response, responses)

    def signoffs(self):
        from training.models import ExerciseLog, ShadowShift, SignOff, SignOffAction

        track_version = {t.pk: t.version for t in self.tracks}
        mandatory, optional = [], []
        logs = {}
        for pk, progress_id, state, decided_by in ExerciseLog.objects.filter(
                progress__enrollment__track__in=self.tracks).values_list("pk", "progress_id", "state", "decided_by_id"):
            logs[progress_id] = (pk, state, decided_by)
        progress_of = {pk: (e, s) for (e, s), (pk, _status) in self.progress_ids.items()}
        for enrollment in self.enrollment_rows:
            version = track_version[enrollment.track_id]
            base = {"enrollment_id": enrollment.pk, "track_version": version}
            mandatory.append(SignOff(action=SignOffAction.ENROLLED, by_id=enrollment.manager_id,
                                     at=self.now - timedelta(days=40), comment="Enrolled", **base))
            for step in self.done_steps[enrollment.pk]:
                optional.append(SignOff(action=SignOffAction.COMPLETED, step=step, by_id=enrollment.engineer_id,
                                        at=self.now - timedelta(days=20), **base))
            if enrollment.status == "ready":
                mandatory.append(SignOff(action=SignOffAction.READINESS, by_id=enrollment.manager_id,
                                         at=enrollment.readiness_completed_at, **base))
                mandatory.append(SignOff(action=SignOffAction.SIGNED_OFF, by_id=enrollment.manager_id,
                                         at=enrollment.ready_at, **base))
        for progress_id, (log, state, decided_by) in logs.items():
            enrollment, step = progress_of[progress_id]
            base = {"enrollment_id": enrollment, "step_id": step, "exercise_log_id": log,
                    "track_version": 1}
            if state == "submitted":
                engineer = self._engineer_of(enrollment)
                mandatory.append(SignOff(action=SignOffAction.SUBMITTED, by_id=engineer,
                                         at=self.now - timedelta(hours=1), **base))
            else:
                optional.append(SignOff(action=SignOffAction.VERIFIED, by_id=decided_by,
                                        at=self.now - timedelta(days=2), **base))
        for pk, progress_id, host in ShadowShift.objects.filter(
                state="confirmed", progress__enrollment__track__in=self.tracks).values_list("pk", "progress_id",
                                                                                           "host_id"):
            enrollment, step = progress_of[progress_id]
            optional.append(SignOff(action=SignOffAction.CONFIRMED, step_id=step, shadow_shift_id=pk, by_id=host,
                                    enrollment_id=enrollment, track_version=1, at=self.now - timedelta(days=3)))
        room = max(0, self.size.signoffs - len(mandatory))
        kept = optional if len(optional) <= room else self.rng.sample(optional, room)
        rows = sorted(mandatory + kept, key=lambda s: s.at)
        _bulk(SignOff, rows)
        self.org.counts["signoffs_full_history"] = len(mandatory) + len(optional)

    def _engineer_of(self, enrollment_pk):
        if not hasattr(self, "_engineers"):
            self._engineers = {e.pk: e.engineer_id for e in self.enrollment_rows}
        return self._engineers[enrollment_pk]

    def certificates(self):
        """Certificates of ready enrollments, all pointing at one real stored PDF; a few ready
        enrollments stay without one, for the first-render measurement."""
        from training.certificates import new_code, render_certificate, sha256_of
        from training.models import Certificate, person_name

        User = get_user_model()
        names = {u.pk: person_name(u) for u in User.objects.filter(email__endswith="@bench.example")}
        ready = [e for e in self.enrollment_rows if e.status == "ready"]
        bench_team = set(self.team_members[0])
        export_pool = {e for j in range(self.size.export_jobs) for e in self.team_members[1 + j]}
        spare = [e for e in ready if e.engineer_id not in bench_team and e.engineer_id not in export_pool][:4]
        self.org.uncertified = [e.pk for e in spare]
        first = next(e for e in ready if e.pk not in self.org.uncertified)
        sample = Certificate(enrollment=first, code=new_code(), engineer_id=first.engineer_id,
                             engineer_name=names[first.engineer_id], track_id=first.track_id, track_version=1,
                             signer_id=first.manager_id, signer_name=names[first.manager_id],
                             issued_on=self.today, expires_on=self.today + timedelta(days=365))
        content = render_certificate(sample)
        name = default_storage.save("certificates/bench/shared.pdf", ContentFile(content))
        digest = sha256_of([content])
        rows = []
        for enrollment in ready:
            if enrollment.pk in self.org.uncertified:
                continue
            issued = timezone.localdate(enrollment.ready_at)
            rows.append(Certificate(
                enrollment_id=enrollment.pk, code=new_code(), engineer_id=enrollment.engineer_id,
                engineer_name=names[enrollment.engineer_id], track_id=enrollment.track_id, track_version=1,
                signer_id=enrollment.manager_id, signer_name=names[enrollment.manager_id], issued_on=issued,
                expires_on=issued + timedelta(days=365), pdf=name, sha256=digest,
            ))
        _bulk(Certificate, rows)

    def specials(self):
        """The people and objects each measurement starts from."""
        from assessments.services import attempt_start
        from training.models import ExerciseLog, ShadowIncident, ShadowShift, StepProgress

        size, org = self.size, self.org
        org.engineer = self.engineers[0]
        org.manager = self.managers[0]
        org.mentor = self.mentors[0]
        mine = [e for e in self.enrollment_rows if e.engineer_id == org.engineer]
        org.certified_enrollment = next(e.pk for e in mine if e.status == "ready")
        User = get_user_model()
        engineer = User.objects.get(pk=org.engineer)
        org.open_attempt = attempt_start(user=engineer, quiz=self.quiz_list[0]).pk
        org.export_teams = [(self.team_ids[f"bench-team-{1 + j:03d}"], self.managers[1 + j])
                            for j in range(size.export_jobs)]

        # The shadowing log: a ready enrollment of the bench team (its shadow step is done with
        # two confirmed shifts) gets more shifts, up to ``shadow_shifts``, some still waiting.
        target = next(e for e in self.enrollment_rows if e.status == "ready"
                      and e.engineer_id in self.team_members[0] and e.engineer_id != org.engineer)
        org.shadow_enrollment = target.pk
        shadow_step = next(s for s in self.steps[target.track_id] if s.kind == "shadow")
        progress = StepProgress.objects.get(enrollment_id=target.pk, step=shadow_step)
        roles = ["observe", "assist", "lead"]
        have = ShadowShift.objects.filter(progress=progress).count()
        _bulk(ShadowShift, [
            ShadowShift(progress=progress, date=self.today - timedelta(days=size.shadow_shifts - i),
                        hours=Decimal("2.5"), host_id=self.hosts[i % len(self.hosts)], role=roles[i % 3],
                        state="confirmed" if i % 10 else "disputed", decided_at=self.now,
                        comment="" if i % 10 else "I was not on call that night.",
                        notes=f"Shift {i}: followed the hourly checks and one restart of the agents.")
            for i in range(max(0, size.shadow_shifts - have))
        ])
        ShadowIncident.objects.bulk_create([
            ShadowIncident(shift_id=pk, reference=f"INC-{9000 + n}", severity="P2", summary="Broker failover")
            for n, pk in enumerate(ShadowShift.objects.filter(progress=progress).values_list("pk", flat=True)[::4])
        ])

        # One exercise returned to the bench engineer with a comment ("Returned to you").
        active = next(e for e in mine if e.status == "active")
        step = next(s for s in self.steps[active.track_id][self.frontier[active.pk] + 1:] if s.kind == "exercise")
        returned = StepProgress.objects.get(enrollment=active, step=step)
        returned.status = "returned"
        returned.started_at = self.now - timedelta(days=1)
        returned.save(update_fields=["status", "started_at"])
        ExerciseLog.objects.create(progress=returned, notes="First try.", checklist_ticks=[0, 1], state="returned",
                                   submitted_at=self.now - timedelta(days=1), decided_at=self.now,
                                   decided_by_id=active.mentor_id, comment="Add the task ID please.")

    def build(self):
        steps = [self.people, self.content, self.exercises, self.quizzes, self.tracks, self.plan, self.teams,
                 self.enrollments, self.states, self.progress, self.counters, self.readiness, self.reading,
                 self.attempts, self.signoffs, self.certificates, self.specials]
        for step in steps:
            step()
        self.org.counts.update(_counts())
        return self.org


def _counts():
    from assessments.models import Attempt
    from content.models import Document
    from training.models import Enrollment, ExerciseLog, ShadowShift, SignOff, StepProgress, Team

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
