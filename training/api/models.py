"""API tokens: a secret sent as ``Authorization: Bearer <token>``, stored as its SHA-256 only,
with scopes and an expiry. A token acts as its person, within what that person may see and do:
a personal token as its owner (read only), a service token as the service account made for it
(a training admin's visibility) or as the person a training admin names."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

User = settings.AUTH_USER_MODEL

TOKEN_PREFIX = "srt"  # noqa: S105 (the prefix every token starts with, not a secret)


class Scope(models.TextChoices):
    READ = "read", "Read people, teams, tracks, enrollments, certificates and eligibility"
    ENROLL = "enroll", "Enrol people on tracks"
    SHIFTS = "shifts", "Record shadow shifts"
    WEBHOOKS = "webhooks", "Manage webhook subscriptions"


class TokenKind(models.TextChoices):
    PERSONAL = "personal", "Personal"
    SERVICE = "service", "Service"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=TokenKind.choices)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens",
                             help_text="Who the token acts as.")
    service_account = models.BooleanField(default=False, help_text="The user was made for this token.")
    scopes = models.JSONField(default=list)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The token's first characters, to recognise it.")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: never expires.")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("created_at")),
                                   name="api_token_expires_after_creation"),
        ]

    def __str__(self):
        return f"API token {self.name}"

    @property
    def is_usable(self):
        return (self.revoked_at is None and self.user.is_active
                and (self.expires_at is None or self.expires_at > timezone.now()))

    @property
    def state(self):
        if self.revoked_at:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"

    def has_scope(self, scope):
        return scope in self.scopes
