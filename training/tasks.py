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
def send_reminders_task(day=None):
    """Daily reminders, for a scheduler or `send_reminders --enqueue`."""
    import datetime

    from .recertification import send_reminders

    return send_reminders(today=datetime.date.fromisoformat(day) if day else None)
