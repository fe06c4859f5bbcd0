"""Write one sample of every PDF (and CSV) Shiftready makes, from the demo data.

Signs off one demo engineer (bob, on the Fast track) through the real services so that a
certificate exists: run it on a scratch database (``make pdf-samples`` does), never on yours.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from training import demo
from training.reports import onboarding
from training.teams.models import Team
from training.workflow.models import Enrollment, EnrollmentStatus


class Command(BaseCommand):
    help = "Write a sample of every PDF and CSV into a folder, from the demo data (signs off one engineer)."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default="build/samples")
        parser.add_argument("--engineer", default="bob", help="Demo engineer to sign off (default: bob).")

    def handle(self, *args, folder, engineer, **options):
        User = get_user_model()
        team = Team.objects.filter(slug="platform-ops").first()
        person = User.objects.filter(username=engineer).first()
        enrollment = Enrollment.objects.filter(engineer=person).with_people().order_by("-created_at").first()
        if team is None or enrollment is None:
            raise CommandError("No demo data: run `python manage.py load_demo` first (on a scratch database).")
        people = {"engineer": person, "mentor": User.objects.get(username="mentor"),
                  "host": User.objects.get(username="host"), "manager": team.managers.get(username="manager")}
        if enrollment.status != EnrollmentStatus.READY:
            with transaction.atomic():
                demo.walk_to_ready(enrollment, people)
            enrollment.refresh_from_db()
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        written = []

        def write(name, content):
            (out / name).write_bytes(content)
            written.append(name)

        with enrollment.certificate.pdf.open("rb") as stored:
            write("certificate.pdf", stored.read())
        write("shadowing-log.pdf", onboarding.shadowing_log_pdf(enrollment))
        report = onboarding.engineer_report(enrollment)
        write("onboarding-report.pdf", onboarding.engineer_report_pdf(report))
        write("onboarding-report.csv", onboarding.engineer_report_csv(report))
        in_progress = Enrollment.objects.filter(engineer__username="alice").first()
        if in_progress is not None:
            report = onboarding.engineer_report(in_progress)
            write("onboarding-report-in-progress.pdf", onboarding.engineer_report_pdf(report))
        rows = onboarding.team_rows(onboarding.team_enrollments(team=team, user=people["manager"]))
        write("team-report.pdf", onboarding.team_report_pdf(team=team, rows=rows))
        write("team-report.csv", onboarding.team_report_csv(rows=rows))
        for name in written:
            self.stdout.write(f"  {out / name}")
        self.stdout.write(self.style.SUCCESS(f"{len(written)} samples written to {out}/"))
