"""A download in the audit log names its file, never the raw Content-Disposition header."""

import pytest
from django.urls import reverse

from tests.training.certification.test_certificates import certified
from tests.training.factories import Org
from training.audit.models import AuditEvent, AuditKind
from training.audit.recorder import attachment_name

pytestmark = pytest.mark.django_db


def test_a_certificate_download_is_recorded_with_its_file_name(client):
    org = Org()
    certificate = certified(org)
    client.force_login(org.manager)
    response = client.get(reverse("training:certificate_download", args=[certificate.enrollment_id]))
    assert response.status_code == 200
    event = AuditEvent.objects.filter(kind=AuditKind.EXPORT).latest("pk")
    name = attachment_name(response["Content-Disposition"])
    assert name.endswith(".pdf")
    assert event.summary.endswith(f": {name}")
    assert "attachment" not in event.summary and "filename" not in event.summary


def test_the_name_comes_from_either_form_of_the_header():
    assert attachment_name('attachment; filename="team-report.csv"') == "team-report.csv"
    assert attachment_name("attachment; filename*=utf-8''zertifikat-j%C3%BCrgen.pdf") == "zertifikat-jürgen.pdf"
    assert attachment_name("") == ""
