"""What certification announces, for the layers above it (webhooks) to act on. Each is sent
inside the transaction of the change: a receiver that must reach outside waits for the commit."""

from django.dispatch import Signal

# A certificate was issued by the final sign-off (``certificates.certificate_issue``): ``certificate``.
certificate_issued = Signal()
# A certificate was revoked (``certificates.certificate_revoke_unchecked``): ``certificate``, ``by``.
certificate_revoked = Signal()
# Who may carry the pager changed (``eligibility.eligibility_sync``): ``changes``, a list of
# ``EligibilityChange`` rows.
eligibility_changed = Signal()
