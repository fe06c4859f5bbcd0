"""The daily run: reminders, who may carry the pager (expiry and drift change it), the webhooks
about expiring certificates, then the housekeeping of exports, queued again for tomorrow by the
worker itself (``send_reminders --schedule``), so no cron is needed."""

import datetime

from django.utils import timezone
from django_tasks import task

from training.certification.credential import credential_status_sync
from training.certification.eligibility import eligibility_sync
from training.certification.reminders import send_reminders
from training.reports.exports import exports_purge
from training.webhooks.receivers import expiry_events_publish


@task()
def send_reminders_task(day=None, reschedule=False):
    """Daily reminders. With ``reschedule`` it is the daily run: it also deletes the exports past
    ``EXPORT_RETENTION_DAYS`` and queues its own next run for the same time tomorrow, so a running
    worker does both every day without cron (`send_reminders --schedule`)."""
    today = datetime.date.fromisoformat(day) if day else None
    sent = send_reminders(today=today)
    eligibility_sync()  # what time alone changes: expiry, drift
    credential_status_sync(today=today)  # expired certificates: their bit in the status list
    expiry_events_publish(today=today)  # webhooks: certificate.expiring and certificate.expired
    if reschedule:
        exports_purge()
        schedule_daily_reminders(timezone.now() + datetime.timedelta(days=1))
    return sent


def schedule_daily_reminders(when):
    """Queue the daily reminders to run at ``when`` and every day after (needs a backend that
    can defer work, like django-tasks-db's)."""
    return send_reminders_task.using(run_after=when).enqueue(reschedule=True)
