"""What the workflow announces, for the layers above it to act on in the same transaction."""

from django.dispatch import Signal

# The manager's final sign-off was recorded (``services.enrollment_sign_off``); sent inside its
# transaction with ``enrollment`` and ``by``, so a receiver that raises undoes the sign-off.
# Certification issues the certificate here.
enrollment_signed_off = Signal()

# An engineer was enrolled on a track (``services.enrollment_create``): ``enrollment``, ``by``.
enrollment_created = Signal()
