"""Webhook subscriptions, the events they receive, and the log of every delivery and attempt.

A **subscription** is a URL that receives some event types (or every one), for one team or for
all; its secret signs each delivery (Standard Webhooks). An **event** is published once; each
matching subscription gets a **delivery**, tried up to ``tasks.MAX_ATTEMPTS`` times, each try an
**attempt** with what the receiver answered."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from training.teams.models import Team

User = settings.AUTH_USER_MODEL

EVENT_TYPES = {
    "enrollment.created": "An engineer was enrolled on a track",
    "engineer.ready": "An engineer was signed off as ready for on-call",
    "certificate.issued": "A certificate was issued",
    "certificate.revoked": "A certificate was revoked",
    "certificate.expiring": "A certificate expires in 30, 7 or 1 days",
    "certificate.expired": "A certificate expired",
    "eligibility.changed": "Someone became eligible for on-call on a team, or stopped being",
    "level.granted": "A readiness level was granted (a milestone before on-call, never eligibility)",
    "level.revoked": "A readiness level was revoked",
}
PING = "ping"  # the test event: sent to one subscription, whatever its events
ALL_EVENTS = "*"


def new_message_id():
    """The ``webhook-id`` of an event: the same on every attempt and every resend, so that a
    receiver can drop one it has already handled."""
    return "msg_" + secrets.token_urlsafe(18)


class Kind(models.TextChoices):
    STANDARD = "standard", "Standard Webhooks (signed JSON)"
    SLACK = "slack", "Slack incoming webhook"
    TEAMS = "teams", "Microsoft Teams incoming webhook"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    RETRYING = "retrying", "Retrying"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class WebhookSubscription(models.Model):
    url = models.URLField(max_length=500)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STANDARD)
    events = models.JSONField(default=list, help_text='Event types, or ["*"] for every one.')
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             help_text="Only events about this team's people; empty: every team.")
    description = models.CharField(max_length=200, blank=True)
    secret = models.CharField(max_length=100, help_text="whsec_ and the base64 of the key.")
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True,
                                                 help_text="Deliveries are signed with both secrets until then.")
    owner = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              help_text="Emailed when the subscription disables itself; empty: every training admin.")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Webhook {self.pk} to {self.url}"

    @property
    def all_events(self):
        return ALL_EVENTS in self.events

    def wants(self, event_type):
        return self.all_events or event_type in self.events

    def signing_secrets(self, now=None):
        """The secrets that sign a delivery now: the current one, and the previous one during the
        overlap of a rotation."""
        now = now or timezone.now()
        current = [self.secret]
        if self.previous_secret and self.previous_secret_until and now < self.previous_secret_until:
            current.append(self.previous_secret)
        return current


class WebhookEvent(models.Model):
    message_id = models.CharField(max_length=40, unique=True, default=new_message_id)
    type = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    key = models.CharField(max_length=200, unique=True, null=True, blank=True,
                           help_text="Published once per key (the daily expiry scan).")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.type} {self.message_id}"

    @property
    def body(self):
        """What every delivery of a standard subscription posts, byte for byte."""
        return {"type": self.type, "timestamp": self.created_at.isoformat(), "data": self.data}


class WebhookDelivery(models.Model):
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subscription", "-created_at"]),
                   models.Index(fields=["subscription", "state", "finished_at"])]

    def __str__(self):
        return f"Delivery of {self.event} to webhook {self.subscription_id}: {self.state}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: no answer.")
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    response_excerpt = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_once")]

    def __str__(self):
        return f"Attempt {self.number} of delivery {self.delivery_id}: {self.status_code or self.error}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300
