"""Background work run by the tasks worker (``python manage.py db_worker``)."""

from django_tasks import task


@task()
def build_export(job_id):
    """Start a bulk export: queues one ``build_export_part`` per part, and the last part queues
    ``assemble_export``; the job records progress and the outcome."""
    from .certificates import export_job_run

    job = export_job_run(job_id=job_id)
    return job.status


@task()
def build_export_part(job_id, index, enrollment_id=None):
    """One part of a bulk export (the team report, or one enrollment's files), into storage."""
    from .certificates import export_part_run

    return export_part_run(job_id=job_id, index=index, enrollment_id=enrollment_id).status


@task()
def assemble_export(job_id):
    """The zip of a bulk export whose parts are all built."""
    from .certificates import export_assemble

    return export_assemble(job_id=job_id).status


@task()
def send_reminders_task(day=None, reschedule=False):
    """Daily reminders. With ``reschedule`` it is the daily run: it also deletes the exports past
    ``EXPORT_RETENTION_DAYS`` and queues its own next run for the same time tomorrow, so a running
    worker does both every day without cron (`send_reminders --schedule`)."""
    import datetime

    from django.utils import timezone

    from .certificates import exports_purge
    from .recertification import send_reminders

    sent = send_reminders(today=datetime.date.fromisoformat(day) if day else None)
    if reschedule:
        exports_purge()
        schedule_daily_reminders(timezone.now() + datetime.timedelta(days=1))
    return sent


def schedule_daily_reminders(when):
    """Queue the daily reminders to run at ``when`` and every day after (needs a backend that
    can defer work, like django-tasks-db's)."""
    return send_reminders_task.using(run_after=when).enqueue(reschedule=True)
