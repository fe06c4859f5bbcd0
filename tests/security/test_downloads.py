"""Download file names are built by the server from slugs, never from what a person typed, and
sent in an RFC 6266 Content-Disposition header that cannot be broken out of.
OWASP ASVS 5.0 V5.4.2 (file names from user input are not used for served files) and V4.1.1
(every response states its content type)."""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from tests.security.world import World

SAFE = re.compile(r'(attachment|inline); filename="([A-Za-z0-9][A-Za-z0-9._-]*)"')


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    return World(django_capture_on_commit_callbacks)


def downloads(w):
    """(role, URL) of every download view; the certified engineer is named ``Ünï "quote"; rm -rf /``."""
    return [
        ("engineer2", reverse("training:certificate_download", args=[w.enrollment2.pk])),
        ("engineer2", reverse("training:shadowing_log_pdf", args=[w.enrollment2.pk])),
        ("engineer2", reverse("training:engineer_report_pdf", args=[w.enrollment2.pk])),
        ("engineer2", reverse("training:engineer_report_csv", args=[w.enrollment2.pk])),
        ("manager", reverse("training:team_report_pdf", args=[w.team.slug])),
        ("manager", reverse("training:team_report_csv", args=[w.team.slug])),
        ("manager", reverse("training:export_download", args=[w.export_job.pk])),
        ("manager", reverse("training:expiring_csv") + '?days=30"; filename=evil.sh'),
        ("admin", reverse("training:track_export", args=[w.track.slug, w.track.version])),
        ("anon", reverse("public:calendar_ics", args=[w.feed.token])),
    ]


@pytest.mark.django_db
def test_every_download_has_a_server_built_ascii_file_name(world):
    names = []
    for role, url in downloads(world):
        response = world.client(role).get(url)
        assert response.status_code == 200, url
        header = response["Content-Disposition"]
        match = SAFE.fullmatch(header)
        assert match, f"{url}: unsafe Content-Disposition {header!r}"
        names.append(match.group(2))
        assert response["Content-Type"] and response["X-Content-Type-Options"] == "nosniff"
    person = [name for name in names if name.startswith("uni-quote-rm-rf")]
    assert sorted(person) == ["uni-quote-rm-rf-certificate.pdf", "uni-quote-rm-rf-onboarding-report.csv",
                              "uni-quote-rm-rf-onboarding-report.pdf", "uni-quote-rm-rf-shadowing-log.pdf"]
    assert "expiring-30-days.csv" in names  # the query string cannot reach the header


@pytest.mark.django_db
def test_the_zip_holds_no_path_that_escapes_its_folder(world):
    response = world.client("manager").get(reverse("training:export_download", args=[world.export_job.pk]))
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        members = archive.namelist()
    assert members
    for member in members:
        assert not member.startswith("/") and ".." not in member.split("/") and "\\" not in member, member
        assert '"' not in member and ";" not in member, member
