"""People coming in: invitations, the directory's groups (SCIM) and the directory's tokens."""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

User = settings.AUTH_USER_MODEL


def token_digest(token):
    """What is stored of a secret token: its SHA-256 (the token itself is shown once)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(prefix):
    return f"{prefix}_{secrets.token_urlsafe(32)}"


class Role(models.TextChoices):
    """What the directory or a training admin makes a person: a role on a team, or training admin."""

    ENGINEER = "engineer", "Engineer"
    MENTOR = "mentor", "Mentor"
    HOST = "host", "Shadow host"
    MANAGER = "manager", "Manager"
    TRAINING_ADMIN = "training_admin", "Training admin"


class InvitationQuerySet(models.QuerySet):
    def open(self, now=None):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """A one-time link, valid 7 days, for a person whose account a training admin made: it sets
    their password, or sends them to single sign-on."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")),
                                   name="invitation_expires_after_creation"),
        ]

    def __str__(self):
        return f"Invitation for {self.email}"

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


def new_scim_id():
    return str(uuid.uuid4())


class DirectoryAccount(models.Model):
    """What the directory knows of a person: a stable SCIM id, its own id for them (externalId),
    and whether it deleted them (the account stays, deactivated, with its training record)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="directory_account")
    scim_id = models.CharField(max_length=64, unique=True, default=new_scim_id)
    external_id = models.CharField(max_length=200, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Directory account of {self.user}"


class DirectoryGroup(models.Model):
    """A group as the identity provider's directory (SCIM) sends it. Its name is looked up in
    ``OIDC_GROUP_MAP``, which says the team and role its members get."""

    scim_id = models.CharField(max_length=64, unique=True, default=new_scim_id)
    display_name = models.CharField(max_length=200, unique=True)
    external_id = models.CharField(max_length=200, blank=True)
    members = models.ManyToManyField(User, related_name="directory_groups", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name


class DirectoryToken(models.Model):
    """A bearer token for the SCIM endpoints, made by a training admin (``scim_token create``);
    stored hashed, revocable at once."""

    name = models.CharField(max_length=100, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"Directory token {self.name}"

