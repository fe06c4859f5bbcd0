import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from training.certification.reminders import send_reminders
from training.site.daily import schedule_daily_reminders, send_reminders_task


def schedule_at(text):
    """Queue the self-rescheduling daily run at the next HH:MM; returns when it runs."""
    try:
        hour, minute = (int(part) for part in text.split(":"))
        moment = timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)
    except ValueError as exc:
        raise CommandError("--schedule takes HH:MM, e.g. 07:30") from exc
    if moment <= timezone.localtime():
        moment += datetime.timedelta(days=1)
    schedule_daily_reminders(moment)
    return moment


class Command(BaseCommand):
    help = ("Email engineers and managers about due recertifications, expiries, overdue training, pending "
            "sign-offs and documents to re-read. Each item goes out at most once a day, so cron can run it "
            "as often as it likes.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were YYYY-MM-DD.")
        parser.add_argument("--enqueue", action="store_true", help="Hand the work to the background worker.")
        parser.add_argument("--schedule", metavar="HH:MM",
                            help="Queue a daily run at HH:MM (server time zone) that reschedules itself.")

    def handle(self, *args, date, enqueue, schedule=None, **options):
        if schedule:
            self.stdout.write(f"Daily reminders queued, first run at {schedule_at(schedule):%Y-%m-%d %H:%M}")
            return
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
        sent = send_reminders(today=today)
        self.stdout.write(self.style.SUCCESS(f"{sent} email{'s' if sent != 1 else ''} sent"))
