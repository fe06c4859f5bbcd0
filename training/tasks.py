"""Background work run by the tasks worker (``python manage.py db_worker``)."""

from django_tasks import task


@task()
def build_export(job_id):
    """Build the zip of a bulk export; the job records progress and the outcome."""
    from .certificates import export_job_run

    job = export_job_run(job_id=job_id)
    return job.status
