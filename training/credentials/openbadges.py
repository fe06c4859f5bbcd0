"""The Open Badges 3.0 credential (``OpenBadgeCredential``, W3C VC Data Model 2.0) a
certificate becomes, from plain values: this module knows the format, not the certificate."""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings

from . import vcjwt

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
TYPES = ["VerifiableCredential", "OpenBadgeCredential"]


@dataclass(frozen=True)
class Claim:
    """What a certificate claims: who, what (track and version, teams), when, signed off by whom."""

    credential_id: str  # urn:uuid:...
    engineer_name: str
    engineer_email: str
    achievement_id: str
    achievement_name: str
    achievement_description: str
    criteria: str
    version: int
    teams: tuple
    issued_on: object  # date
    expires_on: object  # date or None
    signer_name: str
    code: str
    verify_url: str


def _identity_hash(value, salt):
    return "sha256$" + hashlib.sha256((value.strip().lower() + salt).encode()).hexdigest()


def credential(claim, *, status):
    """The credential as a dict, unsigned; ``status`` is its ``credentialStatus`` entry."""
    identifiers = [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                    "identityHash": claim.engineer_name}]
    if claim.engineer_email:
        salt = secrets.token_hex(8)
        identifiers.append({"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
                            "identityHash": _identity_hash(claim.engineer_email, salt), "salt": salt})
    issuer = {"id": vcjwt.issuer_id(), "type": ["Profile"], "name": settings.CREDENTIAL_ISSUER_NAME,
              "url": settings.SITE_URL}
    document = {
        "@context": CONTEXT,
        "id": claim.credential_id,
        "type": TYPES,
        "name": f"{claim.achievement_name}: ready for on-call",
        "issuer": issuer,
        "validFrom": f"{claim.issued_on.isoformat()}T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": {
                "id": claim.achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": claim.achievement_name,
                "description": (claim.achievement_description
                                or f"Ready for on-call after the {claim.achievement_name}."),
                "criteria": {"narrative": claim.criteria},
                "version": str(claim.version),
                "tag": list(claim.teams),
                "creator": issuer,
            },
        },
        "evidence": [{
            "id": claim.verify_url,
            "type": ["Evidence"],
            "name": "Final sign-off",
            "narrative": (f"Signed off as ready for on-call by {claim.signer_name} on {claim.issued_on.isoformat()}. "
                          f"Certificate {claim.code}."),
        }],
        "credentialStatus": status,
    }
    if claim.expires_on:
        document["validUntil"] = f"{claim.expires_on.isoformat()}T23:59:59Z"
    return document
