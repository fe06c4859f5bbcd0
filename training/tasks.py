"""Background work run by the tasks worker (``python manage.py db_worker``)."""

from django_tasks import task


@task()
def build_export(job_id):
    """Build the zip of a bulk export; the job records progress and the outcome."""
    from .certificates import export_job_run

    job = export_job_run(job_id=job_id)
    return job.status


@task()
def send_reminders_task(day=None):
    """Daily reminders, for a scheduler or `send_reminders --enqueue`."""
    import datetime

    from .recertification import send_reminders

    return send_reminders(today=datetime.date.fromisoformat(day) if day else None)
