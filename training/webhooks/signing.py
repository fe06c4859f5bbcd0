"""Standard Webhooks signatures (https://www.standardwebhooks.com): ``v1,`` and the base64 of
HMAC-SHA256 over ``{webhook-id}.{webhook-timestamp}.{body}``, keyed with the base64-decoded part of
a ``whsec_`` secret. Several signatures, separated by spaces, let a receiver holding either the
old or the new secret verify during a rotation."""

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
KEY_BYTES = 32
USER_AGENT = "Shiftready-Webhooks/1"


def new_secret():
    return PREFIX + base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _key(secret):
    return base64.b64decode(secret.removeprefix(PREFIX))


def sign(secret, message_id, timestamp, body):
    """One signature of ``body`` (bytes) for ``message_id`` at ``timestamp`` (whole seconds)."""
    content = f"{message_id}.{int(timestamp)}.".encode() + body
    digest = hmac.new(_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(signing_secrets, message_id, timestamp, body):
    """The headers of one delivery: id, timestamp and a signature per secret."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp)),
        "webhook-signature": " ".join(sign(s, message_id, timestamp, body) for s in signing_secrets),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
