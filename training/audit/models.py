"""The audit log's record, and the base of every record that is evidence: append-only rows."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

User = settings.AUTH_USER_MODEL


class AppendOnlyQuerySet(models.QuerySet):
    """Records that are evidence (sign-offs, audit events): added, never changed or deleted."""

    def update(self, **kwargs):
        raise ValidationError(f"{self.model._meta.verbose_name_plural.capitalize()} are append-only: "
                              "they cannot be changed.")

    def delete(self):
        raise ValidationError(f"{self.model._meta.verbose_name_plural.capitalize()} are append-only: "
                              "they cannot be deleted.")


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(f"{self._meta.verbose_name_plural.capitalize()} are append-only: "
                                  "they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"{self._meta.verbose_name_plural.capitalize()} are append-only: "
                              "they cannot be deleted.")



class AuditKind(models.TextChoices):
    SIGN_OFF = "sign_off", "Sign-off"
    REVOCATION = "revocation", "Revocation"
    IMPORT = "import", "Import"
    EXPORT = "export", "Export"
    ROLE_CHANGE = "role_change", "Role change"
    CREDENTIAL = "credential", "Credential"
    CHECK_IN = "check_in", "Check-in"
    GAP_REPORT = "gap_report", "Gap reported"
    GAP_CLOSED = "gap_closed", "Gap closed"
    FIRST_SHIFTS = "first_shifts", "First on-call shifts"
    INCIDENT = "incident", "Incident"
    ASSIGNMENT = "assignment", "Team assignment"


class AuditEventQuerySet(AppendOnlyQuerySet):
    def for_log(self):
        return self.select_related(
            "actor", "subject", "signoff__step", "signoff__enrollment__engineer", "signoff__enrollment__track")


class AuditEvent(AppendOnlyModel):
    """Who did what, when and from where (``training.audit.recorder`` records them). A decision's own
    record is its ``SignOff`` (what, on which step, the comment): its event only points to it and
    adds where it came from, so that one indexed table lists, filters and pages everything.
    Append-only, like sign-offs."""

    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=12, choices=AuditKind.choices)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              help_text="Empty for the system or a command run on the server.")
    actor_name = models.CharField(max_length=150, help_text="As it was then; the OS user for a command.")
    subject = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                help_text="The person whose role changed.")
    summary = models.TextField()
    origin = models.CharField(max_length=80, help_text="Web, or command line (with the command), or system.")
    ip = models.GenericIPAddressField(null=True, blank=True)
    signoff = models.OneToOneField("SignOff", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="audit_event")
    # The hash chain (``training.audit.chain``): the event's number, its predecessor's hash, its own.
    seq = models.PositiveBigIntegerField(unique=True, null=True, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["-at", "-id"]), models.Index(fields=["kind", "-at"]),
                   models.Index(fields=["actor", "-at"])]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.actor_name} at {self.at:%Y-%m-%d %H:%M}"


class AuditChainHead(models.Model):
    """One row: the number and hash of the last audit event. Recording an event locks it, so the
    chain never forks; ``audit_verify`` compares it with the last event, so deleting the newest
    events shows too."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"Audit chain at event #{self.seq}"
