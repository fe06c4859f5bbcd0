"""Certificate codes (Crockford base32, read aloud or typed from paper), the verification
address they lead to, and the SHA-256 a stored PDF is known by."""

import hashlib
import re
import secrets

from django.conf import settings
from django.urls import reverse

from .models import CERTIFICATE_ALPHABET, CERTIFICATE_CODE_LENGTH

_CODE_RE = re.compile(f"^[{CERTIFICATE_ALPHABET}]{{{CERTIFICATE_CODE_LENGTH}}}$")
# Crockford decoding: case-insensitive, I and L read as 1, O as 0; dashes and spaces ignored.
_CROCKFORD_READS = str.maketrans({"I": "1", "L": "1", "O": "0", "-": None, " ": None})


def new_code():
    """A fresh verification code: 20 symbols of Crockford base32 from ``secrets`` (100 bits)."""
    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(CERTIFICATE_CODE_LENGTH))


def normalise_code(text):
    """The stored form of a code typed or read by a person, or "" if it cannot be one."""
    code = str(text or "").strip().upper().translate(_CROCKFORD_READS)
    return code if _CODE_RE.match(code) else ""


def grouped(code):
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def verification_url(code):
    return settings.SITE_URL + reverse("public:verify", args=[grouped(code)])



def sha256_of(chunks):
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()
