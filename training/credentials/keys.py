"""The issuer's keys, in a folder outside the database (``CREDENTIAL_KEYS_DIR``).

- ``jwt/<kid>.json``: an ES256 (P-256) private key as a JWK; ``kid`` is its RFC 7638 thumbprint.
  Every key ever used stays in the folder, so its public half stays published in
  ``/.well-known/jwks.json`` and credentials signed with it keep verifying after a rotation.
- ``pdf/<name>.key.pem`` + ``pdf/<name>.cert.pem``: the PDF signer, a P-256 key with a
  self-signed X.509 certificate naming the organisation. An organisation that has a signing
  certificate from its own CA sets ``CREDENTIAL_PDF_SIGNER`` to its PKCS#12 file instead.
- ``current.json``: which of them sign now.

``manage.py credential_keys create`` writes the first set, ``rotate`` adds a new current set.
Outside production a missing folder is made on first use (``make run``, ``load_demo``, tests);
production refuses to start without it (``require_signing_key``, called by the WSGI entry).
"""

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc.jwk import ECKey

ALGORITHM = "ES256"
CURRENT = "current.json"
SIGNER_YEARS = 10


class KeysMissing(ImproperlyConfigured):
    """No signing key where ``CREDENTIAL_KEYS_DIR`` says."""


@dataclass(frozen=True)
class PdfSigner:
    name: str
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple = ()


def keys_dir():
    return Path(settings.CREDENTIAL_KEYS_DIR)


def _write_private(path, data):
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _write_current(folder, current):
    temporary = folder / (CURRENT + ".new")
    temporary.write_text(json.dumps(current, indent=2) + "\n")
    temporary.replace(folder / CURRENT)


def _new_jwt_key(folder):
    key = ECKey.generate_key("P-256", private=True)
    kid = key.thumbprint()
    _write_private(folder / "jwt" / f"{kid}.json", json.dumps({**key.as_dict(private=True), "kid": kid}).encode())
    return kid


def _new_pdf_signer(folder, organisation):
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} certificates"[:64]),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
    ])
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365 * SIGNER_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False),
            critical=True)
        .sign(key, hashes.SHA256())
    )
    stamp = now.strftime("%Y%m%dT%H%M%S")
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()[:12]
    signer_name = f"{stamp}-{fingerprint}"
    _write_private(folder / "pdf" / f"{signer_name}.key.pem", key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (folder / "pdf" / f"{signer_name}.cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return signer_name


def keys_create(folder=None):
    """Write the first signing keys; refuses when the folder already has some. Returns current."""
    folder = Path(folder or keys_dir())
    if (folder / CURRENT).exists():
        raise ImproperlyConfigured(f"{folder} already holds signing keys: rotate them instead.")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    current = {"jwt": _new_jwt_key(folder), "pdf": _new_pdf_signer(folder, settings.CREDENTIAL_ISSUER_NAME)}
    _write_current(folder, current)
    return current


def keys_rotate(folder=None):
    """A new current key and PDF signer; the earlier ones stay in the folder, published."""
    folder = Path(folder or keys_dir())
    if not (folder / CURRENT).exists():
        raise KeysMissing(f"{folder} holds no signing keys yet: create them first.")
    current = {"jwt": _new_jwt_key(folder), "pdf": _new_pdf_signer(folder, settings.CREDENTIAL_ISSUER_NAME)}
    _write_current(folder, current)
    return current


def _current(folder):
    path = folder / CURRENT
    if not path.exists():
        if getattr(settings, "PRODUCTION", False):
            raise KeysMissing(
                f"No credential signing key in {folder}: run `manage.py credential_keys create` "
                "(and set CREDENTIAL_KEYS_DIR to a folder kept outside the database and backed up).")
        keys_create(folder)  # development, demo and tests: made on first use
    return json.loads(path.read_text())


def require_signing_key():
    """Production's start: refuse without a signing key (``KeysMissing`` says how to make one)."""
    return _current(keys_dir())


def current_kid():
    return _current(keys_dir())["jwt"]


def signing_key():
    """The current private JWK, with its ``kid``."""
    folder = keys_dir()
    kid = _current(folder)["jwt"]
    return ECKey.import_key(json.loads((folder / "jwt" / f"{kid}.json").read_text()))


def public_keys():
    """Every key the issuer has used, newest first, public halves only (dicts with ``kid``)."""
    folder = keys_dir()
    _current(folder)
    paths = sorted((folder / "jwt").glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    published = []
    for path in paths:
        key = ECKey.import_key(json.loads(path.read_text()))
        published.append({**key.as_dict(private=False), "kid": path.stem, "alg": ALGORITHM, "use": "sig"})
    return published


def pdf_signer():
    """The current PDF signer: the organisation's PKCS#12 file if configured, else ours."""
    configured = getattr(settings, "CREDENTIAL_PDF_SIGNER", "")
    if configured:
        password = (getattr(settings, "CREDENTIAL_PDF_SIGNER_PASSWORD", "") or "").encode() or None
        key, certificate, chain = pkcs12.load_key_and_certificates(Path(configured).read_bytes(), password)
        if key is None or certificate is None:
            raise ImproperlyConfigured(f"{configured} holds no private key and certificate.")
        return PdfSigner(name=Path(configured).stem, key=key, certificate=certificate, chain=tuple(chain))
    folder = keys_dir()
    name = _current(folder)["pdf"]
    key = serialization.load_pem_private_key((folder / "pdf" / f"{name}.key.pem").read_bytes(), password=None)
    certificate = x509.load_pem_x509_certificate((folder / "pdf" / f"{name}.cert.pem").read_bytes())
    return PdfSigner(name=name, key=key, certificate=certificate)


def signing_certificates():
    """Every PDF signing certificate used (the configured one first), for verifiers to trust."""
    certificates = []
    configured = getattr(settings, "CREDENTIAL_PDF_SIGNER", "")
    if configured:
        certificates.append(pdf_signer().certificate)
    folder = keys_dir()
    _current(folder)
    paths = sorted((folder / "pdf").glob("*.cert.pem"), reverse=True)
    certificates += [x509.load_pem_x509_certificate(path.read_bytes()) for path in paths]
    return certificates


def signing_certificates_pem():
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in signing_certificates())
