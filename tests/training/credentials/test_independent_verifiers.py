"""Certificates verify without our verification code: the credential with joserfc and only the
keys published at /.well-known/jwks.json, the status list decoded by hand (base64url, GZIP, a
bit), the PDF's signature with poppler's pdfsig and pyHanko's command line, its attachment and
PDF/A-3 metadata with pypdf."""

import base64
import datetime
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from joserfc import jws
from joserfc.jwk import KeySet
from pypdf import PdfReader

from tests.factories import TrainingAdminFactory
from tests.training.certification.test_certificates import certified, stored_bytes
from tests.training.factories import Org
from training.certification import certificates
from training.certification.credential import credential_status_sync
from training.site.daily import send_reminders_task

pytestmark = pytest.mark.django_db
PYHANKO = Path(sys.executable).with_name("pyhanko")


@pytest.fixture(autouse=True)
def own_keys(settings, tmp_path):
    """Each test signs with keys of its own (a rotation here must not touch the others')."""
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    settings.CREDENTIAL_ISSUER_NAME = "Example Ops"


def published_keys(client):
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    return KeySet.import_key_set(response.json())


def verified_claims(client, token):
    """The claims of ``token`` as joserfc verifies them with the published keys alone."""
    result = jws.deserialize_compact(token, published_keys(client), algorithms=["ES256", "EdDSA"])
    return json.loads(result.payload)


def status_bit(client, credential_status):
    """Fetch the status list credential, verify it, decode ``encodedList``, read the bit."""
    url = credential_status["statusListCredential"]
    response = client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    claims = verified_claims(client, response.content.decode())
    assert "BitstringStatusListCredential" in claims["type"]
    encoded = claims["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")  # multibase base64url
    data = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    assert len(bits) * 8 >= 131_072
    index = int(credential_status["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


class TestCredential:
    def test_the_credential_verifies_with_only_the_published_keys_and_says_what_was_achieved(self, client):
        org = Org()
        certificate = certified(org)
        claims = verified_claims(client, certificate.credential)
        assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        assert "https://www.w3.org/ns/credentials/v2" in claims["@context"]
        achievement = claims["credentialSubject"]["achievement"]
        assert achievement["name"] == org.track.name and achievement["version"] == str(org.track.version)
        assert org.team.name in achievement["tag"]
        names = [i["identityHash"] for i in claims["credentialSubject"]["identifier"] if i["identityType"] == "name"]
        assert names == [certificate.engineer_name]
        assert claims["validFrom"].startswith(certificate.issued_on.isoformat())
        assert claims["validUntil"].startswith(certificate.expires_on.isoformat())
        assert certificate.signer_name in claims["evidence"][0]["narrative"]
        assert claims["credentialStatus"]["type"] == "BitstringStatusListEntry"
        assert claims["issuer"]["name"] == "Example Ops"

    def test_the_key_id_resolves_in_the_issuer_profile(self, client):
        certificate = certified(Org())
        header = jws.extract_compact(certificate.credential.encode()).protected
        profile = client.get(reverse("public:issuer")).json()
        assert header["kid"] in [method["id"] for method in profile["verificationMethod"]]
        assert header["kid"].startswith(profile["id"] + "#")
        assert verified_claims(client, certificate.credential)["issuer"]["id"] == profile["id"]

    def test_the_credential_downloads_as_jwt_and_as_its_decoded_json(self, client):
        certificate = certified(Org())
        jwt_file = client.get(reverse("public:credential_jwt", args=[certificate.display_code]))
        assert jwt_file.status_code == 200 and jwt_file.content.decode() == certificate.credential
        assert "attachment" in jwt_file["Content-Disposition"]
        decoded = client.get(reverse("public:credential_json", args=[certificate.display_code])).json()
        assert decoded == verified_claims(client, certificate.credential)

    def test_a_changed_credential_no_longer_verifies(self, client):
        certificate = certified(Org())
        header, payload, signature = certificate.credential.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["validUntil"] = "2099-12-31T23:59:59Z"
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        with pytest.raises(Exception, match="(?i)signature|bad"):
            verified_claims(client, f"{header}.{forged}.{signature}")


class TestStatusList:
    def test_revoking_flips_the_bit_an_independent_verifier_reads(self, client):
        certificate = certified(Org())
        entry = verified_claims(client, certificate.credential)["credentialStatus"]
        assert status_bit(client, entry) == 0
        certificates.certificate_revoke(certificate=certificate, by=TrainingAdminFactory(), reason="Left the team")
        assert status_bit(client, entry) == 1

    def test_expiry_flips_the_bit_in_the_daily_run_and_others_stay_clear(self, client):
        expiring, staying = certified(Org()), certified(Org())
        type(staying).objects.filter(pk=staying.pk).update(expires_on=expiring.expires_on + datetime.timedelta(days=30))
        entries = [verified_claims(client, c.credential)["credentialStatus"] for c in (expiring, staying)]
        assert entries[0]["statusListIndex"] != entries[1]["statusListIndex"]
        credential_status_sync(today=expiring.expires_on)
        assert [status_bit(client, e) for e in entries] == [0, 0]  # valid through its last day
        day_after = expiring.expires_on + datetime.timedelta(days=1)
        send_reminders_task.call(day=day_after.isoformat())  # the daily run
        assert [status_bit(client, e) for e in entries] == [1, 0]
        assert credential_status_sync(today=day_after) == 0  # once


class TestSignedPdf:
    def test_pdfsig_and_pyhanko_say_the_signature_is_valid_and_one_changed_byte_breaks_it(self, client, tmp_path):
        certificate = certified(Org())
        original = stored_bytes(certificate)
        signed = write(tmp_path, "certificate.pdf", original)
        trust = write(tmp_path, "signers.pem", client.get(reverse("public:signing_certificates")).content)
        report = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True, timeout=60, check=False)
        assert "Signature is Valid" in report.stdout, report.stdout
        assert "Example Ops" in report.stdout and "Total document signed" in report.stdout
        validate = [str(PYHANKO), "sign", "validate", "--trust-replace", "--trust", str(trust)]
        good = subprocess.run([*validate, str(signed)], capture_output=True, text=True, timeout=120, check=False)
        assert good.returncode == 0 and "INTACT:TRUSTED" in good.stdout, good.stdout + good.stderr

        tampered = bytearray(original)
        at = original.index(b"/Type /Page") if b"/Type /Page" in original else len(original) // 3
        tampered[at + 1] = ord("X")  # one byte of the signed range
        broken = write(tmp_path, "tampered.pdf", bytes(tampered))
        report = subprocess.run(["pdfsig", str(broken)], capture_output=True, text=True, timeout=60, check=False)
        assert "Signature is Valid" not in report.stdout, report.stdout
        bad = subprocess.run([*validate, str(broken)], capture_output=True, text=True, timeout=120, check=False)
        assert bad.returncode != 0 and "INTACT:TRUSTED" not in bad.stdout

    def test_pypdf_finds_the_credential_attachment_and_the_pdf_a_3_metadata(self):
        certificate = certified(Org())
        reader = PdfReader(io.BytesIO(stored_bytes(certificate)))
        assert reader.attachments["credential.jwt"] == [certificate.credential.encode()]
        metadata = reader.trailer["/Root"]["/Metadata"].get_data().decode()
        assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="B"' in metadata
        assert reader.trailer["/Root"]["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"


class TestRotation:
    def test_a_credential_and_a_pdf_signed_before_a_rotation_still_verify_after_it(self, client, tmp_path):
        before = certified(Org())
        kid_before = jws.extract_compact(before.credential.encode()).protected["kid"]
        call_command("credential_keys", "rotate", stdout=io.StringIO())
        after = certified(Org())
        kid_after = jws.extract_compact(after.credential.encode()).protected["kid"]
        assert kid_after != kid_before
        published = [key["kid"] for key in client.get("/.well-known/jwks.json").json()["keys"]]
        assert kid_before in published and kid_after in published
        for certificate in (before, after):
            assert verified_claims(client, certificate.credential)["id"] == f"urn:uuid:{certificate.credential_id}"
        trust = write(tmp_path, "signers.pem", client.get(reverse("public:signing_certificates")).content)
        old_pdf = write(tmp_path, "before.pdf", stored_bytes(before))
        result = subprocess.run([str(PYHANKO), "sign", "validate", "--trust-replace", "--trust", str(trust),
                                 str(old_pdf)], capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0 and "INTACT:TRUSTED" in result.stdout, result.stdout + result.stderr


def test_a_certificate_is_signed_from_a_thread_that_runs_an_event_loop_too():
    """pyHanko's signing is a coroutine: an async caller (a browser test's thread, an ASGI
    worker) must get a signed PDF, not "asyncio.run() cannot be called from a running loop"."""
    import asyncio

    from training import pdf
    from training.credentials import pdfsign

    unsigned = pdf.html_to_pdf("<p>Certificate</p>", archival=True,
                               attachments=[("credential.jwt", "a.b.c", "The credential")])

    async def sign_inside_a_loop():
        return pdfsign.sign(unsigned, reason="Certificate")

    signed = asyncio.run(sign_inside_a_loop())
    assert pdfsign.embedded_credential(signed) == "a.b.c"
    assert asyncio.run(_checks_inside_a_loop(signed))["intact"]


async def _checks_inside_a_loop(content):
    from training.credentials import pdfsign

    return pdfsign.signature_checks(content)
