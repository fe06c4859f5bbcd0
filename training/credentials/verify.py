"""Checking what someone hands us: a credential (``.jwt``, or the ``.json`` it decodes to) or a
certificate PDF. Each check says what was checked and whether it passed, for the verification
page to show as is; ``training.certification`` adds what only it knows (the stored copy)."""

import datetime
import json
from dataclasses import dataclass, field

from . import openbadges, pdfsign, status, vcjwt


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class Report:
    checks: list = field(default_factory=list)
    claims: dict | None = None  # the credential, once its signature verified (or as uploaded, unsigned)
    signed: bool = False  # the claims come from a verified signature

    def add(self, name, ok, detail=""):
        self.checks.append(Check(name, ok, detail))

    @property
    def ok(self):
        return bool(self.checks) and all(check.ok for check in self.checks)

    @property
    def credential_id(self):
        return (self.claims or {}).get("id", "")


def _moment(value):
    try:
        return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _claims_checks(report, claims, now):
    report.add("It is an Open Badges credential issued by us",
               all(t in (claims.get("type") or []) for t in openbadges.TYPES)
               and (claims.get("issuer") or {}).get("id") == vcjwt.issuer_id(),
               f"Issuer {(claims.get('issuer') or {}).get('id', 'not named')}.")
    valid_until = _moment(claims.get("validUntil")) if claims.get("validUntil") else None
    if valid_until is None:
        report.add("It has not expired", True, "It does not expire.")
    else:
        report.add("It has not expired", valid_until >= now, f"Valid until {valid_until.date().isoformat()}.")
    entry = claims.get("credentialStatus") or {}
    list_id, index = _status_place(entry)
    if list_id is None:
        report.add("It is not revoked", False, "It names no status list of ours.")
        return
    bit = status.status_of(list_id, index)
    report.add("It is not revoked", bit == 0,
               "Its bit in the status list is 0." if bit == 0 else
               "Its bit in the status list is set: revoked or expired." if bit == 1 else "Its status list is unknown.")


def _status_place(entry):
    url = str(entry.get("statusListCredential", ""))
    try:
        index = int(entry.get("statusListIndex", ""))
    except ValueError:
        return None, None
    prefix = status.list_url(0)[:-1]  # ".../credentials/status/"
    if not url.startswith(prefix) or not url[len(prefix):].isdigit():
        return None, None
    return int(url[len(prefix):]), index


def verify_token(token, *, now=None, report=None):
    """Check a VC-JWT: our signature (with any key we ever published), issuer, expiry, status."""
    report = report or Report()
    now = now or datetime.datetime.now(datetime.UTC)
    try:
        _header, claims = vcjwt.verify(token)
    except vcjwt.CredentialInvalid as exc:
        report.add("The credential's signature verifies with our published keys", False, str(exc))
        return report
    report.add("The credential's signature verifies with our published keys", True,
               "ES256, with a key from /.well-known/jwks.json.")
    report.claims, report.signed = claims, True
    _claims_checks(report, claims, now)
    return report


def verify_json(text, *, now=None):
    """A ``.json`` file: the decoded credential (no signature of its own), or an enveloped one."""
    report = Report()
    try:
        document = json.loads(text)
    except ValueError:
        report.add("The file is a credential", False, "It is not JSON.")
        return report
    if not isinstance(document, dict):
        report.add("The file is a credential", False, "It is not a JSON object.")
        return report
    enveloped = str(document.get("id", ""))
    if "EnvelopedVerifiableCredential" in (document.get("type") or []) and enveloped.startswith("data:"):
        return verify_token(enveloped.partition(",")[2], now=now, report=report)
    report.add("The file is a credential", bool(document.get("credentialSubject")),
               "The decoded JSON of a credential carries no signature: it is checked against what we issued.")
    report.claims = document
    return report


def verify_pdf(pdf_bytes, *, now=None):
    """A certificate PDF: its signature (intact, ours, covering the whole file), then the
    credential embedded in it."""
    report = Report()
    try:
        signature = pdfsign.signature_checks(pdf_bytes)
        embedded = pdfsign.embedded_credential(pdf_bytes)
    except pdfsign.PdfUnreadable as exc:
        report.add("The file is a PDF", False, str(exc))
        return report
    if not signature["signed"]:
        report.add("The PDF is signed", False, "It carries no signature.")
    else:
        report.add("The PDF's signature is intact", signature["intact"] and signature["whole_file"],
                   "Nothing was changed after signing." if signature["intact"] and signature["whole_file"]
                   else "The PDF was changed after it was signed.")
        report.add("It was signed by us", signature["trusted"],
                   f"Signed by {signature['signer']}." if signature["signer"] else "The signer is unknown.")
    if not embedded:
        report.add("The PDF carries its credential", False, f"No {pdfsign.ATTACHMENT} inside.")
        return report
    report.add("The PDF carries its credential", True, f"{pdfsign.ATTACHMENT} is attached.")
    return verify_token(embedded, now=now, report=report)
