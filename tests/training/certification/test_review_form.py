"""The manager's review form keeps what was chosen and says which field is missing."""

import re

import pytest
from django.urls import reverse

from tests.training.certification.test_certificates import certified
from tests.training.factories import Org
from training.certification.models import CertificationReview

pytestmark = pytest.mark.django_db


def test_a_refresh_without_notes_names_the_field_and_keeps_the_choice(client):
    org = Org()
    certificate = certified(org)
    client.force_login(org.manager)
    response = client.post(reverse("training:certificate_review", args=[certificate.pk]),
                           {"outcome": "refresh", "notes": " "})
    assert response.status_code == 200
    html = response.content.decode()
    notes = re.search(r'<div id="div_id_notes".*?</div>\s*</div>', html, re.S).group(0)
    assert "Notes: say why; a refresh or a revocation needs them." in notes
    assert re.search(r'value="refresh"[^>]*checked', html)
    assert not CertificationReview.objects.exists()
