"""The status list: a place for each new credential, its bit set when the certificate is revoked
or expires, and the list published as a signed ``BitstringStatusListCredential``.

A verifier decodes ``encodedList`` (multibase ``u`` + base64url, no padding, of the GZIP of the
bits) and reads the bit at ``statusListIndex``, counted from the first byte's highest bit."""

import base64
import gzip

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import vcjwt
from .models import LIST_BITS, StatusList

PURPOSE = "revocation"


def list_url(list_id):
    return settings.SITE_URL + reverse("public:status_list", args=[list_id])


@transaction.atomic
def status_allocate():
    """``(list, index)``: the next free place, opening a new list when the last one is full."""
    status_list = StatusList.objects.select_for_update().filter(purpose=PURPOSE).order_by("-pk").first()
    if status_list is None or status_list.next_index >= LIST_BITS:
        status_list = StatusList.objects.create(purpose=PURPOSE)
        status_list = StatusList.objects.select_for_update().get(pk=status_list.pk)
    index = status_list.next_index
    status_list.next_index = index + 1
    status_list.save(update_fields=["next_index", "updated_at"])
    return status_list, index


def status_entry(status_list_id, index):
    """The ``credentialStatus`` of a credential at ``index`` of a list."""
    url = list_url(status_list_id)
    return {"id": f"{url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": PURPOSE,
            "statusListIndex": str(index), "statusListCredential": url}


def bit_get(bits, index):
    return (bits[index // 8] >> (7 - index % 8)) & 1


@transaction.atomic
def status_set(status_list_id, indices, value=True):
    """Set (or clear) the bits of the credentials at ``indices`` of one list, in one write;
    returns how many changed."""
    status_list = StatusList.objects.select_for_update().get(pk=status_list_id)
    bits = bytearray(status_list.bits)
    changed = 0
    for index in indices:
        mask = 1 << (7 - index % 8)
        before = bool(bits[index // 8] & mask)
        if before != bool(value):
            bits[index // 8] ^= mask
            changed += 1
    if changed:
        status_list.bits = bytes(bits)
        status_list.save(update_fields=["bits", "updated_at"])
    return changed


def status_of(status_list_id, index):
    status_list = StatusList.objects.filter(pk=status_list_id).only("bits").first()
    if status_list is None or not 0 <= index < LIST_BITS:
        return None
    return bit_get(bytes(status_list.bits), index)


def encode(bits):
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def decode(encoded):
    data = encoded[1:] if encoded.startswith("u") else encoded
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def list_credential(status_list):
    """The list as a ``BitstringStatusListCredential``, signed as VC-JWT."""
    url = list_url(status_list.pk)
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": vcjwt.issuer_id(), "type": ["Profile"], "name": settings.CREDENTIAL_ISSUER_NAME},
        "validFrom": timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": status_list.purpose,
                              "encodedList": encode(status_list.bits)},
    }
    return vcjwt.sign(credential)
