"""PDF signatures (PAdES baseline B-B, pyHanko) on certificates, and the checks a verification
makes of an uploaded PDF: its signature, who signed it, and the credential inside it.

pyHanko (with asn1crypto's certificates and aiohttp, which it brings) is imported by the functions
that use it, not when the app loads: half a second of every process's start, and only the
final sign-off and a verification of an uploaded PDF need it."""

import asyncio
import functools
import io
import logging
from concurrent.futures import ThreadPoolExecutor

from cryptography.hazmat.primitives import serialization
from django.conf import settings

from . import keys

ATTACHMENT = "credential.jwt"
FIELD = "Signature"
logger = logging.getLogger(__name__)


class PdfUnreadable(ValueError):
    """Not a PDF we can read."""


def _run(coroutine):
    """Run one of pyHanko's coroutines to its end, from plain code: in this thread, or, when the
    thread already runs an event loop (an async caller), in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _asn1_certificate(certificate):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def sign(pdf_bytes, *, reason):
    """``pdf_bytes`` signed by the organisation's PDF signer, as an incremental update (a PDF/A
    stays PDF/A). Any later change to a byte breaks the signature."""
    from asn1crypto import keys as asn1_keys
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer_keys = keys.pdf_signer()
    registry = SimpleCertificateStore.from_certs([_asn1_certificate(c) for c in signer_keys.chain])
    signer = signers.SimpleSigner(
        signing_cert=_asn1_certificate(signer_keys.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(signer_keys.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=registry,
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        name=settings.CREDENTIAL_ISSUER_NAME, reason=reason, location=settings.SITE_URL)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    # Room for the signature set aside from the certificates' size, where pyHanko would otherwise
    # sign once more with a dummy to measure it (as long as the whole plain certificate takes).
    chain_bytes = sum(len(_asn1_certificate(c).dump()) for c in [signer_keys.certificate, *signer_keys.chain])
    return _run(signers.async_sign_pdf(writer, metadata, signer=signer,
                                       bytes_reserved=8192 + 2 * chain_bytes)).getvalue()


def _untrusted(function):
    """For functions that read an uploaded PDF: whatever a damaged file breaks in the parser
    (a bad stream, a broken compression, a missing key) is ``PdfUnreadable``, never a 500."""

    @functools.wraps(function)
    def reading(pdf_bytes):
        try:
            return function(pdf_bytes)
        except PdfUnreadable:
            raise
        except Exception as exc:  # noqa: BLE001 - an uploaded file may break the parser anywhere
            logger.info("An uploaded PDF could not be read: %r", exc)
            raise PdfUnreadable("This PDF is damaged: it cannot be read.") from exc

    return reading


def _reader(pdf_bytes):
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise PdfUnreadable("This file is not a PDF we can read.") from exc


@_untrusted
def embedded_credential(pdf_bytes):
    """The text of the PDF's ``credential.jwt`` attachment, or "" when it has none."""
    from pyhanko.pdf_utils.misc import PdfError

    reader = _reader(pdf_bytes)
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except (KeyError, TypeError):
        return ""
    for position in range(0, len(names) - 1, 2):
        if str(names[position]) == ATTACHMENT:
            try:
                return names[position + 1]["/EF"]["/F"].data.decode("ascii", "replace").strip()
            except (KeyError, TypeError, PdfError):
                return ""
    return ""


@_untrusted
def signature_checks(pdf_bytes):
    """What the PDF's signature says: ``{"signed", "intact", "trusted", "whole_file", "signer"}``.
    Trusted means signed by one of this issuer's signing certificates (current or earlier)."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    reader = _reader(pdf_bytes)
    signatures = reader.embedded_signatures
    if not signatures:
        return {"signed": False, "intact": False, "trusted": False, "whole_file": False, "signer": ""}
    signature = signatures[-1]
    context = ValidationContext(trust_roots=[_asn1_certificate(c) for c in keys.signing_certificates()],
                                allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = _run(async_validate_pdf_signature(signature, signer_validation_context=context))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        logger.info("An uploaded PDF's signature could not be checked: %s", exc)
        return {"signed": True, "intact": False, "trusted": False, "whole_file": False, "signer": ""}
    return {
        "signed": True, "intact": bool(status.intact and status.valid), "trusted": bool(status.trusted),
        "whole_file": status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        "signer": status.signing_cert.subject.human_friendly if status.signing_cert else "",
    }
