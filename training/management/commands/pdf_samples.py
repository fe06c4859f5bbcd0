"""Write one sample of every PDF (and CSV) Shiftready makes, from the demo data.

Signs off one demo engineer (bob, on the Fast track) through the real services so that a
certificate exists: run it on a scratch database (``make pdf-samples`` does), never on yours.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from training import reports, services
from training.models import Enrollment, EnrollmentStatus, ProgressStatus, ShiftRole, StepKind, Team


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
    return answers


def _pass_quiz(user, slug):
    from assessments.models import Quiz
    from assessments.services import attempt_start, attempt_submit

    quiz = Quiz.objects.get(slug=slug)
    attempt = attempt_start(user=user, quiz=quiz)
    return attempt_submit(attempt=attempt, user=user, answers=_correct_answers(attempt))


def _finish(enrollment, people):
    """Walk every open step of the enrollment through its service, as the right person."""
    engineer, mentor, host, manager = people["engineer"], people["mentor"], people["host"], people["manager"]
    today = timezone.localdate()
    for progress in enrollment.progress.select_related("step__exercise").order_by("step__order"):
        if progress.is_done:
            continue
        step = progress.step
        if step.kind == StepKind.READ:
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
            _pass_quiz(engineer, step.ref)
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
    if services.open_required_steps(enrollment).exists():
        raise CommandError("Could not finish every step of the sample enrollment.")
    if not enrollment.readiness_completed_at:
        services.readiness_complete(enrollment=enrollment, by=manager, checked=enrollment.track.readiness_items)
    services.enrollment_sign_off(enrollment=enrollment, by=manager, comment="Welcome to the rota.")


class Command(BaseCommand):
    help = "Write a sample of every PDF and CSV into a folder, from the demo data (signs off one engineer)."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default="build/samples")
        parser.add_argument("--engineer", default="bob", help="Demo engineer to sign off (default: bob).")

    def handle(self, *args, folder, engineer, **options):
        User = get_user_model()
        team = Team.objects.filter(slug="platform-ops").select_related("manager").first()
        person = User.objects.filter(username=engineer).first()
        enrollment = Enrollment.objects.filter(engineer=person).with_people().order_by("-created_at").first()
        if team is None or enrollment is None:
            raise CommandError("No demo data: run `python manage.py load_demo` first (on a scratch database).")
        people = {"engineer": person, "mentor": User.objects.get(username="mentor"),
                  "host": User.objects.get(username="host"), "manager": team.manager}
        if enrollment.status != EnrollmentStatus.READY:
            with transaction.atomic():
                _finish(enrollment, people)
            enrollment.refresh_from_db()
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        written = []

        def write(name, content):
            (out / name).write_bytes(content)
            written.append(name)

        with enrollment.certificate.pdf.open("rb") as stored:
            write("certificate.pdf", stored.read())
        write("shadowing-log.pdf", reports.shadowing_log_pdf(enrollment))
        report = reports.engineer_report(enrollment)
        write("onboarding-report.pdf", reports.engineer_report_pdf(report))
        write("onboarding-report.csv", reports.engineer_report_csv(report))
        in_progress = Enrollment.objects.filter(engineer__username="alice").first()
        if in_progress is not None:
            report = reports.engineer_report(in_progress)
            write("onboarding-report-in-progress.pdf", reports.engineer_report_pdf(report))
        rows = reports.team_rows(reports.team_enrollments(team=team, user=team.manager))
        write("team-report.pdf", reports.team_report_pdf(team=team, rows=rows))
        write("team-report.csv", reports.team_report_csv(rows=rows))
        for name in written:
            self.stdout.write(f"  {out / name}")
        self.stdout.write(self.style.SUCCESS(f"{len(written)} samples written to {out}/"))
