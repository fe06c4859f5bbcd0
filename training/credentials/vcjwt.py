"""Signing and checking credentials as VC-JWT (W3C VC-JOSE-COSE): the JWT's claims are the
credential itself, with ``iss``, ``jti``, ``nbf``, ``iat`` and ``exp`` beside it for JWT
libraries. Signed with joserfc (ES256); the header's ``kid`` is the key's address in the issuer
profile (``<SITE_URL>/issuer/#<thumbprint>``), and the same key is in ``/.well-known/jwks.json``."""

import datetime
import json

from django.conf import settings
from django.urls import reverse
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from . import keys

MEDIA_TYPE = "application/vc+jwt"
MAX_TOKEN_BYTES = 256 * 1024


class CredentialInvalid(ValueError):
    """A token that is not one of our credentials, or whose signature does not verify."""


def issuer_id():
    return settings.SITE_URL + reverse("public:issuer")


def kid_url(kid):
    return f"{issuer_id()}#{kid}"


def _seconds(value):
    if not value:
        return None
    moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return int(moment.timestamp())


def sign(credential):
    """The compact JWS of ``credential`` (a dict), signed with the current key."""
    key = keys.signing_key()
    claims = {**credential, "iss": credential["issuer"]["id"] if isinstance(credential.get("issuer"), dict)
              else credential.get("issuer"), "iat": int(datetime.datetime.now(datetime.UTC).timestamp())}
    if credential.get("id"):
        claims["jti"] = credential["id"]
    if nbf := _seconds(credential.get("validFrom")):
        claims["nbf"] = nbf
    if exp := _seconds(credential.get("validUntil")):
        claims["exp"] = exp
    header = {"alg": keys.ALGORITHM, "typ": "vc+jwt", "cty": "vc", "kid": kid_url(key.kid)}
    payload = json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode()
    return jws.serialize_compact(header, payload, key, algorithms=[keys.ALGORITHM])


def _unverified_header(token):
    try:
        return jws.extract_compact(token.encode()).protected
    except (JoseError, ValueError, UnicodeError) as exc:
        raise CredentialInvalid("This is not a signed credential (a compact JWS in three parts).") from exc


def verify(token):
    """``(header, claims)`` of a token our keys signed, else ``CredentialInvalid`` saying why."""
    token = (token or "").strip()
    if not token or len(token) > MAX_TOKEN_BYTES:
        raise CredentialInvalid("This is not a signed credential.")
    header = _unverified_header(token)
    if header.get("alg") != keys.ALGORITHM:
        raise CredentialInvalid(f"Signed with {header.get('alg')!r}; our credentials are signed with ES256.")
    kid = str(header.get("kid", "")).rpartition("#")[2]
    published = {key["kid"]: key for key in keys.public_keys()}
    if kid not in published:
        raise CredentialInvalid("Signed with a key this issuer never published.")
    try:
        result = jws.deserialize_compact(token, ECKey.import_key(published[kid]), algorithms=[keys.ALGORITHM])
    except JoseError as exc:
        raise CredentialInvalid("The signature does not match the content: the credential was changed.") from exc
    try:
        claims = json.loads(result.payload)
    except ValueError as exc:
        raise CredentialInvalid("The signed content is not JSON.") from exc
    if not isinstance(claims, dict):
        raise CredentialInvalid("The signed content is not a credential.")
    return header, claims
