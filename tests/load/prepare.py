"""The data ``make load`` writes against, and who does what (run by ``run_load.py`` in the load's
throwaway database; not a pytest module).

The demo's three engineers could not keep 50 people writing for a minute, so the load runs on the
benchmark's organisation (``training.bench.org.build_org``, size small by default: 120 engineers on
8 teams, 300 enrollments of 40 steps, 500 exercise logs waiting for one mentor). On top of it, a
few active enrollments per team are walked through their steps by the services
(``training.demo.walk_to_ready``, up to the readiness checklist), so that their managers have
readiness checklists and final sign-offs to give during the run.

Writes a plan (JSON) for ``locustfile.py``: the password, and per role the people to log in as and
their work: the engineers' open steps (exercises, shadowing with a host who may confirm it,
reading, checklist items) and quizzes, the people who decide (mentors, and the hosts named in the
plan), the managers and the enrollments waiting for their readiness checklist.

Usage: ``python tests/load/prepare.py PLAN.json [SIZE]`` with DATABASE_URL and MEDIA_ROOT set.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINEERS = 40  # more than the engineer sessions of a 50-user run: each session has its own person
WALKS_PER_TEAM = 4


def main(out, size="small"):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.site.settings")
    import django

    django.setup()
    from django.db import connection

    from training.bench.org import build_org
    from training.bench.sizes import BENCH_PASSWORD

    org = build_org(size)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    managers, walked = readiness_work(org)
    engineers = engineer_work(exclude=walked)
    hosts = sorted({step["host_username"] for e in engineers for step in e["steps"] if step["kind"] == "shadow"})
    plan = {
        "password": BENCH_PASSWORD, "size": org.size.name, "counts": org.counts,
        "engineers": engineers, "managers": managers,
        "deciders": [{"username": u} for u in interleave(mentors_with_work(engineers), hosts)],
        "quizzes": quiz_slugs(),
    }
    Path(out).write_text(json.dumps(plan, indent=1) + "\n", encoding="utf-8")
    print(f"Load data: bench organisation size {org.size.name}, {len(engineers)} engineers with open steps, "
          f"{sum(len(m['enrollments']) for m in managers)} enrollments waiting for their readiness checklist, "
          f"{len(plan['deciders'])} people who decide")


def _active_enrollments():
    from training.workflow.models import Enrollment

    return Enrollment.objects.filter(status="active").select_related("engineer", "manager", "mentor", "track")


def readiness_work(org):
    """Walk ``WALKS_PER_TEAM`` active enrollments of every team with active ones to their
    readiness checklist (the furthest along first); ``[{manager, enrollments}]`` and the
    engineers walked (left out of the engineer sessions)."""
    from datetime import timedelta

    from django.utils import timezone

    from training.demo import walk_to_ready
    from training.workflow import services
    from training.workflow.hosts import allowed_hosts

    by_manager = {}
    for enrollment in _active_enrollments().order_by("-steps_done", "pk"):
        walks = by_manager.setdefault(enrollment.manager, [])
        if len(walks) >= WALKS_PER_TEAM or enrollment.pk == org.engineer:
            continue
        host = allowed_hosts(enrollment).exclude(pk__in=[enrollment.manager_id, enrollment.mentor_id]).first()
        if host is None or enrollment.mentor_id in (None, enrollment.manager_id) or reads_acknowledged(enrollment):
            continue
        walk_to_ready(enrollment, {"engineer": enrollment.engineer, "mentor": enrollment.mentor, "host": host,
                                   "manager": enrollment.manager}, sign_off=False)
        # The demo's shifts make 7.5 hours; the bench's tracks ask for 8 and a lead shift.
        for progress in services.open_required_steps(enrollment).filter(step__kind="shadow"):
            shift = services.shadow_shift_log(progress=progress, by=enrollment.engineer, host=host, hours=4,
                                              date=timezone.localdate() - timedelta(days=2), role="lead",
                                              notes="Led the night shift; the host watched.")
            services.shadow_shift_confirm(shift=shift, by=host, comment="Confirmed.")
        if not services.open_required_steps(enrollment).exists():
            walks.append(enrollment)
    managers = [{"username": manager.username, "enrollments": [e.pk for e in walks]}
                for manager, walks in by_manager.items() if walks]
    walked = {e.engineer_id for walks in by_manager.values() for e in walks}
    return managers, walked


def reads_acknowledged(enrollment):
    """Does an open reading step name a document the engineer has already acknowledged (the bench
    writes acknowledgements for their other enrollments' steps)? "I have read it" then says
    "Marked as read." and completes nothing (the acknowledgement exists, so nothing completes the
    step: reported to the lead), and the walk would stop short of the readiness checklist."""
    from content.models import ReadAcknowledgement
    from training.workflow import services

    refs = services.open_required_steps(enrollment).filter(step__kind="read").values_list("step__ref", flat=True)
    return ReadAcknowledgement.objects.filter(user=enrollment.engineer_id, document__slug__in=refs).exists()


def engineer_work(*, exclude):
    """Engineers with an active enrollment, each with their open steps the load can do."""
    from content.models import ReadAcknowledgement
    from training.workflow.hosts import allowed_hosts
    from training.workflow.models import StepProgress

    acknowledged = {}
    for user, slug in ReadAcknowledgement.objects.values_list("user_id", "document__slug"):
        acknowledged.setdefault(user, set()).add(slug)
    engineers = {}
    # The newest enrollments first: the oldest have their exercises waiting in the bench mentor's queue.
    for enrollment in _active_enrollments().exclude(engineer_id__in=exclude).order_by("-pk"):
        if len(engineers) >= ENGINEERS and enrollment.engineer_id not in engineers:
            continue
        entry = engineers.setdefault(enrollment.engineer_id, {"username": enrollment.engineer.username, "steps": []})
        # Shifts spread over a few hosts, who decide in their sign-off queue during the run.
        hosts = list(allowed_hosts(enrollment).exclude(pk=enrollment.manager_id)[:3])
        host = hosts[enrollment.pk % len(hosts)] if hosts else None
        progress = StepProgress.objects.filter(
            enrollment=enrollment, status__in=["not_started", "in_progress", "returned"],
            step__kind__in=["exercise", "shadow", "read", "checklist"],
        ).select_related("step__exercise").order_by("step__order")
        for p in progress:
            step = {"progress": p.pk, "kind": p.step.kind}
            if p.step.kind == "exercise":
                if not p.step.exercise_id:
                    continue
                step["ticks"] = len(p.step.exercise.checklist)
            elif p.step.kind == "shadow":
                if host is None:
                    continue
                step.update(host=host.pk, host_username=host.username)
            elif p.step.kind == "read":
                if p.step.ref in acknowledged.get(enrollment.engineer_id, ()):
                    continue  # see reads_acknowledged: "I have read it" would not move the step
                step["document"] = p.step.ref
            entry["steps"].append(step)
    return [e for e in engineers.values() if e["steps"]]


def mentors_with_work(engineers):
    """Mentors with exercise logs waiting, and those of the engineers who log work in the run."""
    from training.workflow.models import ExerciseLog

    waiting = ExerciseLog.objects.filter(state="submitted").values_list("progress__enrollment__mentor__username",
                                                                        flat=True)
    ahead = _active_enrollments().filter(engineer__username__in=[e["username"] for e in engineers]).values_list(
        "mentor__username", flat=True)
    return sorted((set(waiting) | set(ahead)) - {None})


def interleave(first, second):
    """Mentors and hosts in turn: a run with fewer deciding sessions than people has some of both."""
    out = []
    for n in range(max(len(first), len(second))):
        out += first[n:n + 1] + second[n:n + 1]
    return out


def quiz_slugs():
    from assessments.models import Quiz

    return list(Quiz.objects.order_by("slug").values_list("slug", flat=True))


if __name__ == "__main__":
    main(*sys.argv[1:])
