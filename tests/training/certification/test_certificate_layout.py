"""The certificate's wording stays whole: "on-call" never breaks across two lines."""

import pytest

from tests.training.certification.test_certificates import certified, pdf_text
from tests.training.factories import Org
from training.certification.certificates import render_certificate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("track_name", ["Standard track", "Fast track", "Comprehensive track", "Refresh track"])
def test_on_call_is_never_split_at_its_hyphen(track_name):
    certificate = certified(Org())
    certificate.track.name = track_name  # the demo's names; the Standard track's once ended a line at "on-"
    text = pdf_text(render_certificate(certificate))
    assert "on-call rota" in " ".join(text.split())
    assert "on-\ncall" not in text and "On-\ncall" not in text
