from django.conf import settings
from django.core.management.base import BaseCommand

from training.reports.exports import exports_purge


class Command(BaseCommand):
    help = ("Delete the bulk exports (zip and record) finished more than EXPORT_RETENTION_DAYS ago. The daily "
            "run queued by `send_reminders --schedule` does it too; run this from cron otherwise.")

    def handle(self, *args, **options):
        deleted = exports_purge()
        self.stdout.write(self.style.SUCCESS(
            f"{deleted} export{'s' if deleted != 1 else ''} older than {settings.EXPORT_RETENTION_DAYS} days deleted"))
