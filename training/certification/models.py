"""Certification: certificates (issued by the final sign-off, stored once as a PDF with its
SHA-256, revocable), periodic reviews, re-reading changed documents, reminders sent and the
calendar feed's secret."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from training.credentials.models import StatusList
from training.teams.models import Team
from training.tracks.models import Track
from training.workflow.models import Enrollment

User = settings.AUTH_USER_MODEL


# Crockford's base32: digits and letters without I, L, O and U, so a code read aloud or typed
# from paper cannot be mistaken (I and L are read as 1, O as 0 when a code is normalised).
CERTIFICATE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CERTIFICATE_CODE_LENGTH = 20  # 20 x 5 bits = 100 bits from ``secrets``


class CertificateState(models.TextChoices):
    VALID = "valid", "Valid"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(enrollment__in=Enrollment.objects.visible_to(user))

    def with_people(self):
        return self.select_related("engineer", "signer", "track", "revoked_by", "enrollment")


class Certificate(models.Model):
    """Issued by the manager's final sign-off. The PDF is rendered once and stored; its SHA-256
    lets anyone check that a copy is the issued one. Names are kept as printed on the PDF."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(max_length=CERTIFICATE_CODE_LENGTH, unique=True,
                            help_text="Verification code, normalised (no dashes, upper case).")
    engineer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="certificates")
    engineer_name = models.CharField(max_length=300)
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="certificates")
    track_version = models.PositiveIntegerField()
    signer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="certificates_signed")
    signer_name = models.CharField(max_length=300)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Empty: the certificate does not expire.")
    pdf = models.FileField(upload_to="certificates/%Y/", max_length=200)
    sha256 = models.CharField(max_length=64)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revocation_reason = models.TextField(blank=True)
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 help_text="The certificate this one renewed (history is never overwritten).")
    created_at = models.DateTimeField(auto_now_add=True)
    # The signed Open Badges credential (VC-JWT) inside the PDF, and its place in the status list.
    # Empty for a certificate issued before credentials, until a training admin re-issues it.
    credential_id = models.UUIDField(null=True, blank=True, unique=True)
    credential = models.TextField(blank=True, help_text="The signed credential (VC-JWT) embedded in the PDF.")
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status_index = models.PositiveIntegerField(null=True, blank=True)
    earlier_sha256 = models.TextField(blank=True, help_text="SHA-256 of the PDFs this certificate had before a "
                                      "re-issue, one per line: those copies still verify as earlier copies.")

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=(Q(revoked_at__isnull=True) & Q(revoked_by__isnull=True))
                | (Q(revoked_at__isnull=False) & Q(revoked_by__isnull=False) & ~Q(revocation_reason="")),
                name="certificate_revocation_complete",
            ),
            models.UniqueConstraint(fields=["status_list", "status_index"], name="certificate_status_place_once"),
        ]

    def __str__(self):
        return f"Certificate {self.display_code} for {self.engineer_name}"

    @property
    def display_code(self):
        """The code in groups of four, for reading aloud: ``ABCD-EFGH-JKMN-PQRS-TVWX``."""
        return "-".join(self.code[i:i + 4] for i in range(0, len(self.code), 4))

    def state_on(self, day):
        if self.revoked_at:
            return CertificateState.REVOKED
        if self.expires_on is not None and self.expires_on < day:
            return CertificateState.EXPIRED
        return CertificateState.VALID

    @property
    def state(self):
        return self.state_on(timezone.localdate())

    def get_state_display(self):
        return CertificateState(self.state).label


# --- Recertification ------------------------------------------------------------------------


class ReviewOutcome(models.TextChoices):
    FINE = "fine", "Fine"
    REFRESH = "refresh", "Refresh needed"
    REVOKE = "revoke", "Revoke"


class CertificationReview(models.Model):
    """A periodic review of a certified engineer by their manager."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField(default=timezone.localdate)
    outcome = models.CharField(max_length=8, choices=ReviewOutcome.choices)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self):
        return f"Review of {self.certificate} on {self.reviewed_on}: {self.get_outcome_display()}"


class ReReadItem(models.Model):
    """A certified engineer must re-read a required document that got a new major version."""

    engineer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reread_items")
    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reread_items")
    document_slug = models.SlugField(max_length=120)
    document_title = models.CharField(max_length=300)
    version = models.CharField(max_length=20, help_text="The major version to read.")
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["engineer", "document_slug", "version"], name="reread_once_per_version"),
        ]
        indexes = [models.Index(fields=["engineer", "done_at"])]

    def __str__(self):
        return f"Re-read {self.document_title} v{self.version}"


class ReminderLog(models.Model):
    """One reminder item sent to one person on one day: the reminders command sends each item at
    most once a day, so running it twice sends nothing new."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key", "sent_on"], name="reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.key} to {self.recipient} on {self.sent_on}"


class CalendarFeed(models.Model):
    """A secret token for a person's iCalendar feed."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"


class EligibilityChange(models.Model):
    """A person became eligible for on-call on a team, or stopped being (``eligibility``): the
    history the API's "lost eligibility lately" answer and the ``eligibility.changed`` webhooks
    come from. Written by ``eligibility.eligibility_sync`` only, never edited."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="eligibility_changes")
    engineer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="eligibility_changes")
    eligible = models.BooleanField()
    reason = models.CharField(max_length=300, help_text="Why eligibility was lost (or how it was gained).")
    certificate = models.ForeignKey(Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["team", "engineer", "-at"]), models.Index(fields=["team", "-at"])]

    def __str__(self):
        return f"{self.engineer} {'eligible' if self.eligible else 'not eligible'} on {self.team} ({self.reason})"
