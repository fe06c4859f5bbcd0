import datetime

from django.core.management.base import BaseCommand, CommandError

from training import recertification
from training.tasks import send_reminders_task


class Command(BaseCommand):
    help = ("Email engineers and managers about due recertifications, expiries, overdue training, pending "
            "sign-offs and documents to re-read. Each item goes out at most once a day, so cron can run it "
            "as often as it likes.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were YYYY-MM-DD.")
        parser.add_argument("--enqueue", action="store_true", help="Hand the work to the background worker.")

    def handle(self, *args, date, enqueue, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError("--date takes YYYY-MM-DD") from exc
        if enqueue:
            result = send_reminders_task.enqueue(today.isoformat() if today else None)
            self.stdout.write(f"Queued as task {result.id}")
            return
        sent = recertification.send_reminders(today=today)
        self.stdout.write(self.style.SUCCESS(f"{sent} email{'s' if sent != 1 else ''} sent"))
