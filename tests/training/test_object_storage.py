"""STORAGE_URL: stored files (certificates, exports) go to an S3-compatible bucket, here moto's
server on 127.0.0.1, so that every machine of a site serves the same files: a certificate issued
by this process is downloaded through a gunicorn process of its own, byte for byte; an export's
zip lands in the bucket; nothing is written to MEDIA_ROOT; the objects are private."""

import http.client
import io
import socket
import subprocess
import sys
import urllib.request
import uuid
import zipfile

import boto3
import pytest
from django.conf import settings
from django.test.utils import override_settings
from django.urls import reverse

from tests import servers
from tests.training.certification.test_certificates import certified, stored_bytes
from tests.training.factories import Org
from training.reports.models import ExportJob, ExportStatus
from training.site import scaleout

REGION = "eu-west-1"
KEYS = {"AWS_ACCESS_KEY_ID": "shiftready-test", "AWS_SECRET_ACCESS_KEY": "shiftready-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    with servers.s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def bucket(s3_endpoint, tmp_path):
    """A new bucket, the site's STORAGE_URL naming it (with the keys) and an empty MEDIA_ROOT
    that must stay empty. Yields ``(boto3 client, STORAGE_URL, MEDIA_ROOT)``."""
    name = f"shiftready-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
                      aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"])
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    storage_url = f"s3://{name}?endpoint_url={s3_endpoint}&region={REGION}"
    environment = {"STORAGE_URL": storage_url, **KEYS}
    media = tmp_path / "media"
    media.mkdir()
    storage = scaleout.file_storage(lambda variable, default=None: environment.get(variable, default))
    with override_settings(STORAGES={**settings.STORAGES, "default": storage}, MEDIA_ROOT=str(media)):
        yield s3, storage_url, media
    assert list(media.rglob("*")) == []  # nothing on this machine's disk


def objects(s3, storage_url):
    name = storage_url.split("://", 1)[1].split("?", 1)[0]
    listed = s3.list_objects_v2(Bucket=name).get("Contents", [])
    return {item["Key"]: s3.get_object(Bucket=name, Key=item["Key"])["Body"].read() for item in listed}


def test_storage_url_selects_a_private_s3_bucket():
    storage = scaleout.file_storage({"STORAGE_URL": "s3://files/shiftready?endpoint_url=http://127.0.0.1:9000"
                                                     "&region=eu-west-1"}.get)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "files", "location": "shiftready", "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "eu-west-1", "addressing_style": "path", "default_acl": "private", "querystring_auth": True,
        "querystring_expire": 300, "file_overwrite": False, "max_memory_size": 20 * 1024 * 1024,
    }
    assert scaleout.file_storage({}.get) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def serve(env):
    """gunicorn (one worker, our config file) on a free loopback port; returns (process, base URL)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    env = {**env, "GUNICORN_WORKERS": "1", "GUNICORN_ACCESS_LOG": "", "GUNICORN_BIND": f"fd://{listener.fileno()}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "training/site/gunicorn.conf.py", "training.site.wsgi"],
        env=env, cwd=servers.ROOT, pass_fds=[listener.fileno()], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    servers.wait_until(lambda: urllib.request.urlopen(f"{base}/healthz", timeout=5).status == 200,  # noqa: S310
                       what="gunicorn", process=server, seconds=60)
    return server, base


def fetch(base, path, session):
    """GET ``path`` with that session cookie; redirects are answers here, not followed."""
    connection = http.client.HTTPConnection(base.split("://", 1)[1], timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_certificate_issued_here_is_in_the_bucket_and_another_process_serves_it_byte_for_byte(
        bucket, client, tmp_path):
    s3, storage_url, media = bucket
    with servers.shared_database(tmp_path) as database_url:
        org = Org()
        certificate = certified(org)
        stored = objects(s3, storage_url)
        assert list(stored) == [certificate.pdf.name]
        assert certificate.pdf.name.startswith("certificates/") and stored[certificate.pdf.name] == stored_bytes(
            certificate)
        name = storage_url.split("://", 1)[1].split("?", 1)[0]
        grants = s3.get_object_acl(Bucket=name, Key=certificate.pdf.name)["Grants"]
        assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's: private
        assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers / AuthenticatedUsers

        client.force_login(org.engineer)
        env = servers.site_env(database_url, STORAGE_URL=storage_url, MEDIA_ROOT=media, **KEYS)
        server, base = serve(env)
        try:
            path = reverse("training:certificate_download", args=[org.enrollment.pk])
            status, headers, body = fetch(base, path, client.cookies[settings.SESSION_COOKIE_NAME].value)
            assert status == 200, body[:500]
            assert headers["Content-Type"] == "application/pdf" and body == stored[certificate.pdf.name]
            status, headers, _ = fetch(base, path, "not-a-session")
            assert status == 302 and headers["Location"].startswith(reverse("account_login"))  # no file without access
        finally:
            servers.stop(server)


@pytest.mark.django_db
def test_an_export_zip_lands_in_the_bucket_and_downloads_from_it(bucket, client, django_capture_on_commit_callbacks):
    s3, storage_url, _ = bucket
    org = Org()
    certificate = certified(org)
    client.force_login(org.manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("training:export_start", args=[org.team.slug]))
    job = ExportJob.objects.get(requester=org.manager)
    assert job.status == ExportStatus.DONE, job.error
    stored = objects(s3, storage_url)
    assert [name for name in stored if name.startswith("exports/")] == [job.file.name]  # the parts are gone
    assert job.file.name.startswith("exports/") and job.file.name.endswith(".zip")
    response = client.get(reverse("training:export_download", args=[job.pk]))
    download = b"".join(response.streaming_content)
    assert download == stored[job.file.name]
    archive = zipfile.ZipFile(io.BytesIO(download))
    (in_zip,) = [name for name in archive.namelist() if name.endswith("certificate.pdf")]
    assert archive.read(in_zip) == stored[certificate.pdf.name]

