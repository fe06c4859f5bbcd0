"""The plain certificate the bench measures ours against is issued as ours is: the same words, the
same credential attached to a PDF/A-3b, signed by the same signer; only the design differs."""

import io

import pytest
from pypdf import PdfReader

from tests.training.certification.test_certificates import certified, pdf_text
from tests.training.factories import Org
from training.bench import plain
from training.certification import certificates
from training.credentials import pdfsign

pytestmark = pytest.mark.django_db


def test_the_plain_reference_carries_the_same_credential_signed_by_the_same_signer():
    certificate = certified(Org())
    reference = plain.issued(certificate)
    ours = certificates.render_certificate(certificate)

    assert pdfsign.embedded_credential(reference) == pdfsign.embedded_credential(ours) == certificate.credential
    checks = pdfsign.signature_checks(reference)
    assert checks["intact"] and checks["trusted"] and checks["whole_file"]
    assert checks["signer"] == pdfsign.signature_checks(ours)["signer"]
    assert "pdfaid" in PdfReader(io.BytesIO(reference)).xmp_metadata.stream.get_data().decode()
    text = pdf_text(reference)
    assert certificate.engineer_name in text and certificate.display_code in text
