"""The demo organisation that `manage.py load_demo` builds. Idempotent: running it twice
leaves the same state."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Quiz
from assessments.services import attempt_review_grade, attempt_start, attempt_submit
from content import trees, walks
from content.models import Document
from content.services import document_opened
from training import access
from training.api.models import ApiToken, Scope
from training.api.tokens import service_token_create, token_revoke
from training.demo.checkins import load_checkins
from training.demo.feedback import load_feedback
from training.demo.incidents import load_incidents
from training.demo.levels import grant_demo_level
from training.demo.rota import load_rota
from training.teams.models import Team
from training.tracks import services as track_services
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import Enrollment, ProgressStatus, ShiftRole

DEMO_PASSWORD = "shiftready"  # noqa: S105 (demo only, printed on purpose)

# username, first name, last name, role shown in the printed logins
PEOPLE = [
    ("admin", "Ada", "Admin", "training admin (and Django superuser)"),
    ("manager", "Morgan", "Reyes", "manager of Platform Operations"),
    ("mentor", "Mei", "Tanaka", "mentor"),
    ("host", "Hugo", "Lindqvist", "on-call engineer (shadow host)"),
    ("alice", "Alice", "Okafor", "new engineer"),
    ("bob", "Bob", "Novak", "new engineer"),
    ("carol", "Carol", "Haddad", "new engineer"),
]
def load_people():
    """Create the demo people and their team; return them by username."""
    User = get_user_model()
    people = {}
    for username, first, last, _role in PEOPLE:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@shiftready.example"
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        people[username] = user

    group = access.training_admins_group()
    admin = people["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    admin.groups.add(group)

    team, _ = Team.objects.update_or_create(slug="platform-ops", defaults={"name": "Platform Operations"})
    team.managers.set([people["manager"]])
    team.members.set([people[name] for name in ("mentor", "host", "alice", "bob", "carol")])
    team.mentors.set([people["mentor"]])
    team.hosts.set([people["host"]])
    return people


def logins_table():
    rows = [("username", "password", "role")] + [(u, DEMO_PASSWORD, role) for u, _f, _l, role in PEOPLE]
    w1 = max(len(r[0]) for r in rows)
    w2 = max(len(r[1]) for r in rows)
    lines = [f"  {a.ljust(w1)}  {b.ljust(w2)}  {c}" for a, b, c in rows]
    return "\n".join(lines)


def api_token(people):
    """A fresh read token acting as the demo manager (the previous one is revoked), to try the API."""
    for token in ApiToken.objects.filter(name=DEMO_TOKEN, revoked_at__isnull=True):
        token_revoke(token=token, by=None)
    _token, raw = service_token_create(name=DEMO_TOKEN, scopes=[Scope.READ], by=None, acting_as=people["manager"])
    return raw


DEMO_TOKEN = "demo-rota"  # noqa: S105 (the token's name, not a secret)
DEMO_TRACKS = Path(__file__).resolve().parent / "tracks"


def _correct_answers(attempt):
    """The answers that earn full marks on an attempt's objective questions."""
    answers = {}
    for response in attempt.responses.select_related("question").prefetch_related("question__choices"):
        question, choices = response.question, list(response.question.choices.all())
        if question.has_choices:
            positive = [c.pk for c in choices if c.fraction > 0]
            best = max(choices, key=lambda c: c.fraction)
            selected = positive if question.kind == "multiple" else [best.pk]
            answers[response.pk] = {"selected": selected}
        elif choices:
            first = choices[0]
            answers[response.pk] = {"text": str(first.value) if first.value is not None else first.text}
        else:  # a scenario, answered in prose for the reviewer
            answers[response.pk] = {"text": "Check the broker and the agents first, follow the decision tree, "
                                            "mitigate, then escalate with a status update every 15 minutes."}
    return answers


def _pass_quiz(user, slug, *, reviewer):
    """Pass a quiz with full marks; scenario answers get a written answer that the reviewer
    scores in full."""
    quiz = Quiz.objects.get(slug=slug)
    attempt = attempt_start(user=user, quiz=quiz)
    attempt = attempt_submit(attempt=attempt, user=user, answers=_correct_answers(attempt))
    if attempt.status == "awaiting_review":
        scores = {
            response.pk: {c.pk: c.max_points for c in response.question.criteria.all()}
            for response in attempt.responses.select_related("question").prefetch_related("question__criteria")
            if response.points is None
        }
        attempt = attempt_review_grade(attempt=attempt, reviewer=reviewer, scores=scores)
    return attempt


def _practice_walk(user, step):
    """Walk the decision tree of a step ``{walk: tree-5/restore-the-pool}`` to that outcome in
    practice mode, as the walk page records it (its receiver completes the step)."""
    document = Document.objects.get(slug=step.ref)
    data, tree = walks.tree_of(document), step.walk.partition("/")[0]
    paths, seen = [[]], set()
    while paths:  # breadth first: the shortest walk to the outcome
        answers = paths.pop(0)
        walk = trees.walk(data, tree=tree, answers=answers)
        if walk.leaf is not None:
            if walk.leaf_key == step.walk:
                walks.practice_walk_record(user=user, document=document, walk=walk,
                                           started_at=timezone.now() - datetime.timedelta(minutes=len(answers)))
                return
        elif (walk.node_tree["id"], walk.node["id"]) not in seen:
            seen.add((walk.node_tree["id"], walk.node["id"]))
            paths += [[*answers, index] for index in range(len(walk.node["answers"]))]
    raise RuntimeError(f"No walk of {document.title} reaches {step.walk}.")


def walk_to_ready(enrollment, people, *, skip=None, sign_off=True):
    """Walk every open step of the enrollment through its service, as the right person, then
    the readiness checklist and the final sign-off. ``skip(progress)`` leaves steps open (and
    then nothing is signed off); ``sign_off=False`` stops before the readiness checklist."""
    engineer, mentor, host, manager = people["engineer"], people["mentor"], people["host"], people["manager"]
    today = timezone.localdate()
    for progress in enrollment.progress.select_related("step__exercise").order_by("step__order"):
        if progress.is_done or (skip and skip(progress)):
            continue
        step = progress.step
        if step.kind == StepKind.READ and step.walk:  # done by a practice walk to the outcome
            _practice_walk(engineer, step)
        elif step.kind == StepKind.READ:
            document_opened(user=engineer, document=Document.objects.get(slug=step.ref))
            services.step_mark_read(progress=progress, by=engineer)
        elif step.kind == StepKind.CHECKLIST:
            services.step_complete_checklist(progress=progress, by=engineer)
        elif step.kind == StepKind.EXERCISE:
            if progress.status != ProgressStatus.SUBMITTED:
                services.exercise_log_submit(
                    progress=progress, by=engineer, ticks=range(len(step.exercise.checklist)),
                    notes=f"Worked through “{step.exercise.title}” on staging; evidence in the team notes.",
                )
            for log in progress.exercise_logs.filter(state="submitted"):
                services.exercise_log_verify(log=log, by=mentor, comment="Evidence checked.")
        elif step.kind in (StepKind.QUIZ, StepKind.VALIDATION):
            _pass_quiz(engineer, step.ref, reviewer=mentor)
        elif step.kind == StepKind.SHADOW:
            shifts = [
                (today - datetime.timedelta(days=9), Decimal("2.5"), ShiftRole.OBSERVE,
                 "Evening shift. Followed the hourly checks and the hand-over to the night rota.",
                 [{"reference": "INC-2107", "severity": "P2", "summary": "Task queue backlog after a deploy"}]),
                (today - datetime.timedelta(days=4), Decimal("3"), ShiftRole.ASSIST,
                 "Paged twice; ran the agent restart runbook with the host watching.",
                 [{"reference": "INC-2112", "severity": "P3", "summary": "Agent heartbeat gaps"},
                  {"reference": "INC-2113", "severity": "P4", "summary": "Noisy disk alert"}]),
                (today - datetime.timedelta(days=1), Decimal("2"), ShiftRole.LEAD,
                 "Led the shift; the host only observed.", []),
            ]
            for day, hours, role, notes, incidents in shifts:
                shift = services.shadow_shift_log(progress=progress, by=engineer, date=day, hours=hours, host=host,
                                                  role=role, notes=notes, incidents=incidents)
                services.shadow_shift_confirm(shift=shift, by=host, comment="Confirmed.")
    enrollment.refresh_from_db()
    if skip or not sign_off:
        return enrollment
    if services.open_required_steps(enrollment).exists():
        raise RuntimeError("Could not finish every step of the demo enrollment.")
    if not enrollment.readiness_completed_at:
        services.readiness_complete(enrollment=enrollment, by=manager, checked=enrollment.track.readiness_items)
    services.enrollment_sign_off(enrollment=enrollment, by=manager, comment="Welcome to the rota.")
    return enrollment



def load_training(people):
    """Import the demo exercises and the three seed tracks, and enrol the demo engineers.
    Enrollments are made once; running again leaves them as they are."""
    track_services.exercises_import(text=(DEMO_TRACKS / "exercises.md").read_text(encoding="utf-8"))
    tracks = {}
    for name in ("fast", "standard", "comprehensive", "refresh"):
        track, _ = track_services.track_import(text=(DEMO_TRACKS / f"{name}.md").read_text(encoding="utf-8"),
                                               filename=f"{name}.md")
        tracks[name] = track

    manager, mentor = people["manager"], people["mentor"]
    today = timezone.localdate()
    plan = [("alice", "standard", 21), ("bob", "fast", 10), ("carol", "standard", -2)]
    walkers = {"mentor": mentor, "host": people["host"], "manager": manager}
    for username, track_slug, days in plan:
        engineer = people[username]
        if Enrollment.objects.filter(engineer=engineer).exists():
            continue
        enrollment = services.enrollment_create(
            engineer=engineer, track=tracks[track_slug], by=manager, mentor=mentor,
            target_date=today + datetime.timedelta(days=days),
        )
        if username == "bob":
            # Bob is through: every step done and signed off, so a certificate exists. His
            # readiness level "Support rota" was granted before the final sign-off.
            walk_to_ready(enrollment, {"engineer": engineer, **walkers}, sign_off=False)
            grant_demo_level(enrollment, people)
            walk_to_ready(enrollment, {"engineer": engineer, **walkers})
        if username == "alice":
            # Some progress so every page has something to show: a verified exercise, one
            # waiting for the mentor, a shift waiting for the host.
            progress = {p.step.exercise.slug if p.step.exercise_id else p.step.ref or p.step.title: p
                        for p in enrollment.progress.select_related("step__exercise")}
            first = progress["submit-and-track"]
            log = services.exercise_log_submit(
                progress=first, by=engineer, ticks=range(len(first.step.exercise.checklist)),
                notes="Submitted task 7f3a from the staging API; followed it from queued to completed "
                      "in 41 s and found the same row in the tasks table.",
            )
            services.exercise_log_verify(log=log, by=mentor, comment="Clear evidence, thanks.")
            second = progress["monitor-agents"]
            services.exercise_log_submit(
                progress=second, by=engineer, ticks=range(len(second.step.exercise.checklist)),
                notes="Listed 6 agents; stopped agent-3 and the dashboard flagged it after 45 s.",
            )
            shadow = enrollment.progress.get(step__kind=StepKind.SHADOW)
            services.shadow_shift_log(
                progress=shadow, by=engineer, date=today - datetime.timedelta(days=1), hours=4, host=people["host"],
                notes="Quiet evening; watched the hourly checks.",
                incidents=[{"reference": "INC-2041", "severity": "P3", "summary": "Retry queue spike"}],
            )
    load_checkins(people)
    load_feedback(people)
    load_rota(people, walk_to_ready=walk_to_ready)
    load_incidents(people)
    return tracks
