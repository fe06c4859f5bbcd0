"""The Bitstring Status List (W3C): one bit per credential, 1 when it no longer stands (revoked
or expired). Published as a signed credential at a stable address (``status.list_credential``)."""

from django.db import models

# The W3C minimum (16 KB): a list this long hides which credential a verifier asks about.
LIST_BITS = 131_072


def _empty_bits():
    return bytes(LIST_BITS // 8)


class StatusList(models.Model):
    """One list of ``LIST_BITS`` bits; when it is full the next credential opens a new one."""

    purpose = models.CharField(max_length=20, default="revocation")
    bits = models.BinaryField(default=_empty_bits)
    next_index = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Status list {self.pk} ({self.purpose}, {self.next_index} used)"
