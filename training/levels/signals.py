"""What readiness levels announce, inside the transaction of the decision (the webhooks publish
``level.granted`` and ``level.revoked`` from them)."""

from django.dispatch import Signal

# sender=LevelSignOff, signoff=the decision (enrollment, level, by, comment)
level_granted = Signal()
level_revoked = Signal()
