"""TASKS_BACKEND=rq: background tasks go through RQ queues in Redis (django-tasks-rq) and are run
by `manage.py rqworker` processes, here two of them beside the test, against a real redis-server
on 127.0.0.1 and the test database. A bulk export runs end to end through them; the daily run
waits in RQ's schedule until its time, runs, and queues tomorrow's."""

import datetime
import io
import subprocess
import sys
import time
import zipfile

import pytest
import redis
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from rq.job import Job
from rq.registry import FinishedJobRegistry, ScheduledJobRegistry

from tests import servers
from tests.factories import UserFactory
from tests.training.certification.test_certificates import certified, stored_bytes
from tests.training.factories import Org
from training.reports.models import ExportJob, ExportStatus
from training.site import scaleout
from training.site.daily import schedule_daily_reminders
from training.workflow import services

RQ_BACKEND = "django_tasks_rq.RQBackend"
WORKER = ["rqworker", "--job-class", "django_tasks_rq.Job", "--with-scheduler"]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with servers.redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


def queues_of(redis_url):
    """Where the site keeps RQ's queues for this REDIS_URL (the database after the cache's)."""
    return scaleout.tasks_redis_url({}.get, redis_url)


@pytest.fixture
def on_rq(redis_url, tmp_path, transactional_db):
    """This process queues its tasks in Redis, and ``start_workers(n)`` starts RQ workers on
    the same Redis and database. Yields that function; the workers stop afterwards."""
    redis.Redis.from_url(queues_of(redis_url)).flushdb()  # each test starts with empty queues and registries
    started = []
    with servers.shared_database(tmp_path) as database_url, override_settings(
        TASKS={"default": {"BACKEND": RQ_BACKEND, "QUEUES": ["default"]}},
        RQ_QUEUES={"default": {"URL": queues_of(redis_url)}},
    ):
        env = servers.site_env(database_url, REDIS_URL=redis_url, TASKS_BACKEND="rq")

        def start_workers(count):
            for number in range(count):
                log = tmp_path / f"worker-{number}.log"
                started.append((servers.manage(*WORKER, "--name", f"test-worker-{number}", "default",
                                               env=env, log=log), log))
            return [f"test-worker-{number}" for number in range(count)]

        try:
            yield start_workers
        finally:
            for worker, _ in started:
                servers.stop(worker)
    for _worker, log in started:
        print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")


def finished_jobs(redis_url):
    connection = redis.Redis.from_url(queues_of(redis_url))
    ids = FinishedJobRegistry("default", connection=connection).get_job_ids()
    return [job for job in Job.fetch_many(ids, connection=connection) if job is not None]


def wait_for(condition, seconds=180):
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        assert time.monotonic() < deadline, f"not done within {seconds} s"
        time.sleep(0.25)
    return result


def test_tasks_backend_rq_selects_rq_queues_in_redis_apart_from_the_cache_and_refuses_to_start_without_redis_url():
    show = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.TASKS['default']['BACKEND'], settings.RQ_QUEUES.get('default', {}).get('URL'))")

    def settings_with(**env):
        return subprocess.run([sys.executable, "-c", show], env=servers.site_env("sqlite:///unused.sqlite3", **env),
                              cwd=servers.ROOT, capture_output=True, text=True, timeout=60, check=False)

    rq = settings_with(TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6399/3")
    assert rq.stdout.split() == [RQ_BACKEND, "redis://127.0.0.1:6399/4"], rq.stderr  # the database after the cache's
    elsewhere = settings_with(TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6399/3",
                              TASKS_REDIS_URL="redis://127.0.0.1:6400/0")
    assert elsewhere.stdout.split() == [RQ_BACKEND, "redis://127.0.0.1:6400/0"], elsewhere.stderr
    same = settings_with(TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6399/3", TASKS_REDIS_URL="redis://127.0.0.1:6399/3")
    assert same.returncode != 0
    assert "TASKS_REDIS_URL names the cache's Redis database" in same.stderr
    embedded = settings_with()
    assert embedded.stdout.split() == ["django_tasks_db.DatabaseBackend", "None"], embedded.stderr
    refused = settings_with(TASKS_BACKEND="rq")
    assert refused.returncode != 0
    assert "TASKS_BACKEND=rq needs REDIS_URL" in refused.stderr


def test_a_bulk_export_is_built_by_rq_workers_through_redis(client, on_rq, redis_url):
    org = Org()
    certificate = certified(org)
    second = UserFactory(username="second-engineer")  # a second engineer, not signed off yet
    org.team.members.add(second)
    services.enrollment_create(engineer=second, track=org.track, by=org.manager, mentor=org.mentor)
    workers = on_rq(2)
    client.force_login(org.manager)
    response = client.post(reverse("training:export_start", args=[org.team.slug]))
    assert response.status_code == 302
    job = ExportJob.objects.get(requester=org.manager)
    job = wait_for(lambda: (found := ExportJob.objects.get(pk=job.pk)).is_finished and found)
    assert job.status == ExportStatus.DONE, job.error
    assert job.total == 3  # the team report and two engineers

    download = client.get(reverse("training:export_download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    folder = f"{org.team.slug}/{slugify(org.engineer.get_full_name())}-simple-v1"
    other = f"{org.team.slug}/{slugify(second.get_full_name())}-simple-v1"
    assert set(archive.namelist()) == {
        f"{org.team.slug}/team-report.pdf", f"{org.team.slug}/team-report.csv",
        f"{folder}/certificate.pdf", f"{folder}/shadowing-log.pdf", f"{folder}/onboarding-report.pdf",
        f"{folder}/onboarding-report.csv",
        f"{other}/shadowing-log.pdf", f"{other}/onboarding-report.pdf", f"{other}/onboarding-report.csv",
    }
    assert archive.read(f"{folder}/certificate.pdf") == stored_bytes(certificate)

    # Every step went through Redis and was run by one of the two workers.
    done = finished_jobs(redis_url)
    names = sorted(job.func_name.rsplit(".", 1)[-1] for job in done)
    assert names == ["assemble_export", "build_export", "build_export_part", "build_export_part",
                     "build_export_part"]
    assert {result.worker_name for job in done for result in job.results()} <= set(workers)


def test_the_daily_run_waits_in_rq_until_its_time_runs_and_queues_tomorrows(on_rq, redis_url):
    when = timezone.now() + datetime.timedelta(seconds=3)
    first = schedule_daily_reminders(when)
    connection = redis.Redis.from_url(queues_of(redis_url))
    assert ScheduledJobRegistry("default", connection=connection).get_job_ids() == [first.id]
    workers = on_rq(1)
    ran = wait_for(lambda: [job for job in finished_jobs(redis_url) if job.id == first.id])[0]
    assert ran.started_at >= when.replace(microsecond=0)  # RQ keeps seconds
    assert ran.results()[0].worker_name == workers[0]
    (tomorrow,) = ScheduledJobRegistry("default", connection=connection).get_job_ids()
    scheduled = ScheduledJobRegistry("default", connection=connection).get_scheduled_time(tomorrow)
    assert tomorrow != first.id and Job.fetch(tomorrow, connection=connection).func_name.endswith(
        "send_reminders_task")
    assert abs(scheduled - (ran.started_at + datetime.timedelta(days=1))) < datetime.timedelta(minutes=1)


def test_clearing_the_redis_cache_leaves_the_queued_tasks_in_place(on_rq, redis_url):
    """The cache's ``clear()`` empties its whole Redis database (FLUSHDB): RQ's queues live in
    another, so a cleared cache loses pages, never tasks."""
    queued = schedule_daily_reminders(timezone.now() + datetime.timedelta(hours=1))
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                               "LOCATION": redis_url, "KEY_PREFIX": "clear-test"}}):
        from django.core.cache import cache

        cache.set("page", "built")
        cache.clear()
        assert cache.get("page") is None
    connection = redis.Redis.from_url(queues_of(redis_url))
    assert ScheduledJobRegistry("default", connection=connection).get_job_ids() == [queued.id]
