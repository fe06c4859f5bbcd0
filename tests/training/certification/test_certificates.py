"""Certificates: issued by the final sign-off, stored once, verified in public, revoked by a
training admin."""

import datetime
import hashlib
import io
import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from pypdf import PdfReader

from tests.factories import TrainingAdminFactory
from tests.training.factories import SIMPLE_TRACK, Org, simple_track
from training import pdf
from training.certification import certificates
from training.certification.models import CERTIFICATE_ALPHABET, Certificate
from training.errors import TrainingError
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import EnrollmentStatus, ShiftRole, SignOff, SignOffAction

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def finish(org):
    """Every step done and the readiness checklist ticked: the manager can sign off."""
    log = services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                       notes="Task 42 done", ticks=[0, 1])
    services.exercise_log_verify(log=log, by=org.mentor)
    services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)
    shift = services.shadow_shift_log(
        progress=org.progress(StepKind.SHADOW), by=org.engineer, date=YESTERDAY, hours=4, host=org.host,
        role=ShiftRole.LEAD, notes="Watched the hourly checks",
        incidents=[{"reference": "INC-1", "severity": "P2", "summary": "Queue backlog"}],
    )
    services.shadow_shift_confirm(shift=shift, by=org.host)
    services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=org.track.readiness_items)


def certified(org):
    """Sign the org's engineer off; return the certificate issued."""
    finish(org)
    services.enrollment_sign_off(enrollment=org.enrollment, by=org.manager, comment="Welcome")
    return Certificate.objects.get(enrollment=org.enrollment)


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def stored_bytes(certificate):
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def long_date(day):
    return date_format(day, "j F Y")


class TestIssue:
    def test_final_sign_off_issues_the_certificate_with_code_dates_signer_and_hash(self):
        org = Org()
        certificate = certified(org)
        assert re.fullmatch(f"[{CERTIFICATE_ALPHABET}]{{20}}", certificate.code)
        assert re.fullmatch(r"(\w{4}-){4}\w{4}", certificate.display_code)
        assert certificate.engineer == org.engineer and certificate.signer == org.manager
        assert certificate.track == org.track and certificate.track_version == org.track.version
        assert certificate.issued_on == timezone.localdate()
        issued = certificate.issued_on
        assert certificate.expires_on == issued.replace(year=issued.year + 1)  # validity_months: 12
        assert certificate.sha256 == hashlib.sha256(stored_bytes(certificate)).hexdigest()

    def test_the_pdf_is_a4_landscape_with_name_track_dates_signer_and_code(self):
        org = Org()
        certificate = certified(org)
        data = stored_bytes(certificate)
        page = PdfReader(io.BytesIO(data)).pages[0]
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
        text = pdf_text(data)
        assert org.engineer.get_full_name() in text
        assert "Simple track" in text and "version 1" in text
        assert long_date(certificate.issued_on) in text and long_date(certificate.expires_on) in text
        assert org.manager.get_full_name() in text
        assert certificate.display_code in text

    def test_a_track_without_validity_gives_a_certificate_that_does_not_expire(self):
        track = simple_track(text=SIMPLE_TRACK.replace("validity_months: 12\n", ""))
        certificate = certified(Org(track=track))
        assert certificate.expires_on is None
        assert "No expiry" in pdf_text(stored_bytes(certificate))

    def test_a_failing_certificate_undoes_the_whole_sign_off(self):
        org = Org()
        finish(org)
        with mock.patch("training.certification.certificates.render_certificate",
                        side_effect=RuntimeError("renderer down")):
            with pytest.raises(RuntimeError):
                services.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
        org.enrollment.refresh_from_db()
        assert org.enrollment.status == EnrollmentStatus.ACTIVE
        assert not SignOff.objects.filter(enrollment=org.enrollment, action=SignOffAction.SIGNED_OFF).exists()
        assert not Certificate.objects.exists()

    def test_an_enrollment_gets_one_certificate(self):
        org = Org()
        certificate = certified(org)
        with pytest.raises(TrainingError, match="already has its certificate"):
            certificates.certificate_issue(enrollment=org.enrollment, signer=org.manager)
        assert Certificate.objects.get() == certificate


class TestCodes:
    def test_codes_are_random_20_symbols_of_crockford_base32(self):
        codes = {certificates.new_code() for _ in range(2000)}
        assert len(codes) == 2000
        assert all(re.fullmatch(f"[{CERTIFICATE_ALPHABET}]{{20}}", c) for c in codes)
        assert not set("ILOU") & set("".join(codes))

    def test_a_code_is_accepted_with_or_without_dashes_in_any_case(self):
        code = "ABCD0EFGH1JKMNPQRSTV"
        assert certificates.normalise_code("abcd-0efg-h1jk-mnpq-rstv") == code
        assert certificates.normalise_code(" ABCD 0EFG H1JK MNPQ RSTV ") == code
        assert certificates.normalise_code("abcdoefghijkmnpqrstv") == code  # O read as 0, I as 1
        assert certificates.normalise_code("ABCD") == ""
        assert certificates.normalise_code("ABCD-0EFG-H1JK-MNPQ-RSTU") == ""  # U is not in the alphabet


class TestDownload:
    def test_every_download_serves_the_stored_file_and_never_renders_again(self, client):
        org = Org()
        certificate = certified(org)
        client.force_login(org.engineer)
        url = reverse("training:certificate_download", args=[org.enrollment.pk])
        pdf.request_render_reset()
        first = client.get(url)
        second = client.get(url)
        assert pdf.request_render_ms() == 0
        assert b"".join(first.streaming_content) == stored_bytes(certificate)
        assert b"".join(second.streaming_content) == stored_bytes(certificate)
        assert second["Content-Disposition"].startswith("attachment;")
        assert f"{slugify(org.engineer.get_full_name())}-certificate.pdf" in second["Content-Disposition"]
        assert second["Content-Type"] == "application/pdf"

    def test_the_manager_and_mentor_download_it_too(self, client):
        org = Org()
        certified(org)
        url = reverse("training:certificate_download", args=[org.enrollment.pk])
        for person in (org.manager, org.mentor):
            client.force_login(person)
            assert client.get(url).status_code == 200

    def test_no_certificate_yet_is_404(self, client):
        org = Org()
        client.force_login(org.manager)
        assert client.get(reverse("training:certificate_download", args=[org.enrollment.pk])).status_code == 404

    def test_the_engineer_finds_it_on_my_training_and_the_record(self, client):
        org = Org()
        certificate = certified(org)
        client.force_login(org.engineer)
        html = client.get(reverse("training:my_training")).content.decode()
        assert 'data-testid="my-certificate"' in html and certificate.display_code in html
        assert reverse("training:certificate_download", args=[org.enrollment.pk]) in html
        credential = reverse("public:credential_jwt", args=[certificate.display_code])
        assert credential in html  # the signed credential, for a wallet or a profile
        record = client.get(reverse("training:enrollment_detail", args=[org.enrollment.pk])).content.decode()
        assert 'data-testid="certificate-download"' in record and credential in record
        assert reverse("public:verify", args=[certificate.display_code]) in record


class TestVerificationPage:
    def test_anyone_sees_a_valid_certificate_with_name_track_dates_and_signer_only(self, client):
        org = Org()
        certificate = certified(org)
        response = client.get(reverse("public:verify", args=[certificate.display_code]))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-state="valid"' in html
        for shown in (org.engineer.get_full_name(), "Simple track", org.manager.get_full_name(),
                      long_date(certificate.issued_on), long_date(certificate.expires_on)):
            assert shown in html
        for private in (org.engineer.email, org.mentor.get_full_name(), "Task 42 done"):
            assert private not in html

    def test_the_code_works_without_dashes_and_in_lower_case(self, client):
        certificate = certified(Org())
        response = client.get(reverse("public:verify", args=[certificate.code.lower()]))
        assert 'data-state="valid"' in response.content.decode()

    def test_an_unknown_code_says_so_with_404(self, client):
        certified(Org())
        for code in ("ABCD-EFGH-JKMN-PQRS-TVWX", "not-a-code"):
            response = client.get(reverse("public:verify", args=[code]))
            assert response.status_code == 404
            assert "No certificate has the code" in response.content.decode()

    def test_the_lookup_form_sends_to_the_code_page(self, client):
        certificate = certified(Org())
        response = client.get(reverse("public:verify_lookup"), {"code": certificate.code.lower()})
        assert response.status_code == 302
        assert response.url == reverse("public:verify", args=[certificate.display_code])
        assert client.get(reverse("public:verify_lookup")).status_code == 200
        typo = client.get(reverse("public:verify_lookup"), {"code": "12/34"})
        assert typo.status_code == 404 and "is not a certificate code" in typo.content.decode()

    def test_an_expired_certificate_shows_as_expired(self, client):
        certificate = certified(Org())
        Certificate.objects.filter(pk=certificate.pk).update(
            issued_on=datetime.date(2020, 1, 1), expires_on=datetime.date(2021, 1, 1))
        html = client.get(reverse("public:verify", args=[certificate.code])).content.decode()
        assert 'data-state="expired"' in html and "expired on 1 January 2021" in html

    def test_the_issued_pdf_matches_and_a_copy_with_one_byte_changed_does_not(self, client):
        certificate = certified(Org())
        original = stored_bytes(certificate)
        url = reverse("public:verify", args=[certificate.display_code])
        response = client.post(url, {"file": SimpleUploadedFile("c.pdf", original, "application/pdf")})
        assert 'data-match="yes"' in response.content.decode()
        tampered = bytearray(original)
        tampered[len(tampered) // 2] ^= 0x01
        response = client.post(url, {"file": SimpleUploadedFile("c.pdf", bytes(tampered), "application/pdf")})
        assert 'data-match="no"' in response.content.decode()

    def test_an_upload_over_5_mb_is_refused(self, client):
        certificate = certified(Org())
        big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), "application/pdf")
        html = client.post(reverse("public:verify", args=[certificate.code]), {"file": big}).content.decode()
        assert "larger than 5 MB" in html and "data-match" not in html

    def test_the_upload_form_is_csrf_protected(self):
        certificate = certified(Org())
        client = Client(enforce_csrf_checks=True)
        upload = SimpleUploadedFile("c.pdf", stored_bytes(certificate), "application/pdf")
        assert client.post(reverse("public:verify", args=[certificate.code]), {"file": upload}).status_code == 403


class TestRevocation:
    def test_a_training_admin_revokes_with_a_reason_recorded_as_a_sign_off(self, client):
        org = Org()
        certificate = certified(org)
        admin = TrainingAdminFactory(username="trainadmin")
        client.force_login(admin)
        url = reverse("training:certificate_revoke", args=[certificate.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"reason": "Shadow hours were misreported"}, follow=True)
        assert "is revoked" in response.content.decode()
        certificate.refresh_from_db()
        assert certificate.revoked_by == admin and certificate.revoked_at is not None
        record = SignOff.objects.filter(enrollment=org.enrollment).last()
        assert record.action == SignOffAction.REVOKED and record.by == admin
        assert "Shadow hours were misreported" in record.comment
        client.logout()
        html = client.get(reverse("public:verify", args=[certificate.code])).content.decode()
        assert 'data-state="revoked"' in html and "Shadow hours were misreported" in html

    def test_a_manager_cannot_revoke(self, client):
        org = Org()
        certificate = certified(org)
        client.force_login(org.manager)
        url = reverse("training:certificate_revoke", args=[certificate.pk])
        assert client.post(url, {"reason": "no"}).status_code == 404
        with pytest.raises(TrainingError, match="training admin"):
            certificates.certificate_revoke(certificate=certificate, by=org.manager, reason="no")
        certificate.refresh_from_db()
        assert certificate.revoked_at is None

    def test_an_admin_is_warned_when_site_url_names_another_host_than_the_page(self, client, settings):
        org = Org()
        certificate = certified(org)
        revoke = reverse("training:certificate_revoke", args=[certificate.pk])
        verify = reverse("public:verify", args=[certificate.code])
        client.force_login(TrainingAdminFactory(username="trainadmin"))
        settings.SITE_URL = "http://testserver"  # the host the test client calls
        for url in (revoke, verify):
            assert 'data-testid="site-url-warning"' not in client.get(url).content.decode()
        settings.SITE_URL = "https://shiftready.example.com"
        for url in (revoke, verify):
            html = client.get(url).content.decode()
            assert 'data-testid="site-url-warning"' in html, url
            assert "SITE_URL is https://shiftready.example.com, but this page was served by testserver" in html
        for viewer in (org.manager, org.engineer, None):
            client.logout()
            if viewer:
                client.force_login(viewer)
            assert "SITE_URL is" not in client.get(verify).content.decode()

    def test_a_revocation_needs_a_reason_and_happens_once(self):
        certificate = certified(Org())
        admin = TrainingAdminFactory(username="trainadmin")
        with pytest.raises(TrainingError, match="reason"):
            certificates.certificate_revoke(certificate=certificate, by=admin, reason="  ")
        certificates.certificate_revoke(certificate=certificate, by=admin, reason="Left the company")
        with pytest.raises(TrainingError, match="already revoked"):
            certificates.certificate_revoke(certificate=certificate, by=admin, reason="Again")
        assert SignOff.objects.filter(action=SignOffAction.REVOKED).count() == 1
