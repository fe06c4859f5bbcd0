"""The verification page takes a code, a PDF or a credential file, and says exactly what it
checked and what failed; certificates from before credentials still verify and can be re-issued
with one; the keys command."""

import base64
import html as html_lib
import io
import json
import random
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import TrainingAdminFactory
from tests.training.certification.test_certificates import certified, stored_bytes
from tests.training.factories import Org
from training.audit.models import AuditEvent, AuditKind
from training.certification import certificates
from training.certification.codes import sha256_of
from training.certification.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_keys(settings, tmp_path):
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"


def checks(response):
    """``{check name: passed}`` from the page, and whether it says every check passed."""
    html = response.content.decode()
    found = re.findall(r'data-ok="(yes|no)">.*?<span class="fw-semibold">(.*?)\.</span>', html, re.S)
    return {html_lib.unescape(name): ok == "yes" for ok, name in found}, 'data-match="yes"' in html


def upload(client, data, name, url=None):
    url = url or reverse("public:verify_lookup")
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def legacy(certificate):
    """Make ``certificate`` as it was before credentials: a plain PDF, no credential."""
    certificate.credential, certificate.credential_id = "", None
    certificate.status_list, certificate.status_index = None, None
    content = certificates.render_certificate(certificate)
    certificate.sha256 = sha256_of([content])
    certificate.pdf.save(f"{certificate.code}-old.pdf", ContentFile(content), save=False)
    certificate.save()
    return content


class TestUploads:
    def test_the_issued_pdf_passes_every_check_and_names_its_certificate(self, client):
        certificate = certified(Org())
        response = upload(client, stored_bytes(certificate), "certificate.pdf")
        results, passed = checks(response)
        assert passed and all(results.values()), results
        assert {"The PDF's signature is intact", "It was signed by us", "The PDF carries its credential",
                "The credential's signature verifies with our published keys", "It is not revoked",
                "It has not expired"} <= set(results)
        assert reverse("public:verify", args=[certificate.display_code]) in response.content.decode()

    def test_a_pdf_with_one_byte_changed_fails_the_signature_check(self, client):
        original = stored_bytes(certified(Org()))
        tampered = bytearray(original)
        tampered[original.index(b"/Type /Page") + 1] = ord("X")
        results, passed = checks(upload(client, bytes(tampered), "certificate.pdf"))
        assert not passed and results["The PDF's signature is intact"] is False

    def test_a_certificate_signed_with_someone_elses_keys_is_refused(self, client, settings, tmp_path):
        ours = certified(Org())
        settings.CREDENTIAL_KEYS_DIR = tmp_path / "forger"
        forged = certificates.render_certificate(ours)  # same content, the forger's keys
        settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
        results, passed = checks(upload(client, forged, "certificate.pdf"))
        assert not passed and results["It was signed by us"] is False

    def test_the_jwt_passes_and_a_changed_one_fails(self, client):
        certificate = certified(Org())
        results, passed = checks(upload(client, certificate.credential.encode(), "credential.jwt"))
        assert passed and results["The credential's signature verifies with our published keys"]
        header, payload, signature = certificate.credential.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        response = upload(client, f"{header}.{forged}.{signature}".encode(), "credential.jwt")
        results, passed = checks(response)
        assert not passed and results["The credential's signature verifies with our published keys"] is False
        assert "the credential was changed" in response.content.decode()

    def test_the_decoded_json_matches_what_we_issued_and_an_edited_one_does_not(self, client):
        certificate = certified(Org())
        decoded = client.get(reverse("public:credential_json", args=[certificate.display_code])).content
        results, passed = checks(upload(client, decoded, "credential.json"))
        assert passed and results["It is exactly the credential we issued"]
        edited = json.loads(decoded)
        edited["validUntil"] = "2099-01-01T00:00:00Z"
        results, passed = checks(upload(client, json.dumps(edited).encode(), "credential.json"))
        assert not passed and results["It is exactly the credential we issued"] is False

    def test_a_revoked_certificate_fails_the_status_check(self, client):
        certificate = certified(Org())
        certificates.certificate_revoke(certificate=certificate, by=TrainingAdminFactory(), reason="Left")
        results, passed = checks(upload(client, stored_bytes(certificate), "certificate.pdf"))
        assert not passed and results["It is not revoked"] is False
        assert results["The PDF's signature is intact"] and results["It was signed by us"]

    def test_on_a_certificate_page_another_certificates_file_fails(self, client):
        mine, other = certified(Org()), certified(Org())
        url = reverse("public:verify", args=[mine.display_code])
        results, passed = checks(upload(client, stored_bytes(other), "certificate.pdf", url))
        assert not passed and results["It belongs to this certificate"] is False
        results, passed = checks(upload(client, stored_bytes(mine), "certificate.pdf", url))
        assert passed and results["It belongs to this certificate"]

    def test_damaged_pdfs_are_refused_with_a_reason_never_an_error(self, client):
        original = stored_bytes(certified(Org()))
        rng = random.Random(7)
        damaged = [b"%PDF-1.7\n", original[: len(original) // 2], original.replace(b"/ByteRange", b"/ByteRangX")]
        for _ in range(12):
            copy = bytearray(original)
            for _ in range(5):
                copy[rng.randrange(len(copy))] = rng.randrange(256)
            damaged.append(bytes(copy))
        for content in damaged:
            response = upload(client, content, "certificate.pdf")
            assert response.status_code == 200
            results, passed = checks(response)
            assert results and not passed

    def test_a_file_that_is_neither_says_what_to_upload(self, client):
        response = upload(client, b"hello, this is not a certificate", "notes.txt")
        assert "Upload the certificate PDF, its credential (.jwt)" in response.content.decode()
        assert checks(response)[1] is False


class TestBeforeCredentials:
    def test_an_old_certificate_verifies_by_code_and_upload_and_a_training_admin_reissues_it(self, client):
        org = Org()
        certificate = certified(org)
        old_pdf = legacy(certificate)
        code = certificate.code
        url = reverse("public:verify", args=[certificate.display_code])
        assert 'data-state="valid"' in client.get(url).content.decode()
        results, passed = checks(upload(client, old_pdf, "old.pdf", url))
        assert passed and results["It is a certificate PDF we issued"], results

        admin = TrainingAdminFactory()
        client.force_login(admin)
        response = client.post(reverse("training:certificate_reissue", args=[certificate.pk]), follow=True)
        assert "re-issued with a signed credential" in response.content.decode()
        certificate.refresh_from_db()
        assert certificate.code == code and certificate.credential
        assert certificate.earlier_sha256 == sha256_of([old_pdf])
        event = AuditEvent.objects.filter(kind=AuditKind.CREDENTIAL).get()
        assert event.actor == admin and certificate.display_code in event.summary
        client.logout()
        results, passed = checks(upload(client, stored_bytes(certificate), "new.pdf", url))
        assert passed and results["It was signed by us"] and results["It belongs to this certificate"]
        results, passed = checks(upload(client, old_pdf, "old.pdf", url))
        assert passed and "re-issued" in upload(client, old_pdf, "old.pdf", url).content.decode()

    def test_a_reissue_is_for_training_admins_and_only_once(self, client):
        org = Org()
        certificate = certified(org)
        legacy(certificate)
        client.force_login(org.manager)
        assert client.post(reverse("training:certificate_reissue", args=[certificate.pk])).status_code == 404
        certificate.refresh_from_db()
        assert certificate.credential == ""
        client.force_login(TrainingAdminFactory())
        client.post(reverse("training:certificate_reissue", args=[certificate.pk]))
        response = client.post(reverse("training:certificate_reissue", args=[certificate.pk]), follow=True)
        assert "already carries a signed credential" in response.content.decode()
        assert Certificate.objects.get(pk=certificate.pk).earlier_sha256.count("\n") == 0


class TestKeysCommand:
    def test_create_refuses_a_second_time_rotate_keeps_the_old_key_and_list_shows_both(self, settings):
        out = io.StringIO()
        call_command("credential_keys", "create", stdout=out)
        assert "Back this folder up" in out.getvalue()
        with pytest.raises(CommandError, match="already holds signing keys"):
            call_command("credential_keys", "create", stdout=io.StringIO())
        call_command("credential_keys", "rotate", stdout=io.StringIO())
        listing = io.StringIO()
        call_command("credential_keys", "list", stdout=listing)
        assert listing.getvalue().count("ES256") == 2 and "current" in listing.getvalue()
        assert "earlier, still published" in listing.getvalue()
        assert AuditEvent.objects.filter(kind=AuditKind.CREDENTIAL, summary__startswith="Rotated").count() == 1
        assert (settings.CREDENTIAL_KEYS_DIR / "jwt").stat().st_mode & 0o077 == 0  # private to its owner
