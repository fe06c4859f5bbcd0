"""Every change to webhooks: subscriptions (a training admin's, audit-logged), publishing an
event to the subscriptions that want it, a test event and sending a delivery again. Deliveries
themselves run in the background (``tasks.deliver``), queued when the transaction commits."""

import datetime

from django.db import transaction
from django.utils import timezone

from training import access
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.errors import TrainingError
from training.teams.models import Team

from . import outbound, signing, tasks
from .models import ALL_EVENTS, EVENT_TYPES, PING, Kind, WebhookDelivery, WebhookEvent, WebhookSubscription

MAX_OVERLAP_HOURS = 7 * 24


def _require_admin(by):
    """``by`` None is the command line (someone on the server)."""
    if by is not None and not access.is_training_admin(by):
        raise TrainingError("Only a training admin can manage webhooks.")


def _label(subscription):
    team = subscription.team.slug if subscription.team else "all teams"
    events = "all events" if subscription.all_events else ", ".join(subscription.events)
    return f"webhook {subscription.pk} ({subscription.kind}) to {outbound.where(subscription.url)} for {team}: {events}"


def clean_events(events):
    """Event names (a list, or text separated by commas), or ``["*"]`` for all."""
    if isinstance(events, str):
        events = events.split(",")
    names = sorted({e.strip() for e in events if e and e.strip()})
    if not names:
        raise TrainingError("Choose at least one event, or all of them.")
    if ALL_EVENTS in names or "all" in names:
        return [ALL_EVENTS]
    unknown = [n for n in names if n not in EVENT_TYPES]
    if unknown:
        raise TrainingError(f"Unknown event {', '.join(unknown)}: choose from {', '.join(EVENT_TYPES)} or all.")
    return names


def check_url(url):
    """Refuse a URL that deliveries could not be sent to (scheme, host, its addresses now)."""
    try:
        outbound.destination(url)
    except outbound.Refused as exc:
        raise TrainingError(str(exc)) from exc
    return url.strip()


@transaction.atomic
def subscription_create(*, url, events, by, team=None, kind=Kind.STANDARD, description="", owner=None):
    """A new subscription; returns ``(subscription, secret)`` (the secret is shown once)."""
    _require_admin(by)
    if kind not in Kind.values:
        raise TrainingError(f"Unknown kind {kind}: choose standard, slack or teams.")
    subscription = WebhookSubscription(
        url=check_url(url), kind=kind, events=clean_events(events), team=team, description=description.strip(),
        secret=signing.new_secret(), owner=owner or by, created_by=by)
    subscription.full_clean()
    subscription.save()
    record(kind=AuditKind.ROLE_CHANGE, actor=by, summary=f"{_label(subscription)} created")
    return subscription, subscription.secret


@transaction.atomic
def subscription_delete(*, subscription, by):
    """Delete a subscription with its delivery log; queued deliveries then do nothing."""
    _require_admin(by)
    label = _label(subscription)
    subscription.delete()
    record(kind=AuditKind.ROLE_CHANGE, actor=by, summary=f"{label} deleted with its delivery log")
    return subscription


@transaction.atomic
def subscription_rotate_secret(*, subscription, by, overlap_hours=24):
    """A new secret; the old one still signs deliveries for ``overlap_hours`` (receivers accept
    either meanwhile). Returns the new secret."""
    _require_admin(by)
    if not 0 <= overlap_hours <= MAX_OVERLAP_HOURS:
        raise TrainingError(f"The overlap is between 0 and {MAX_OVERLAP_HOURS} hours.")
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    now = timezone.now()
    subscription.previous_secret = subscription.secret if overlap_hours else ""
    subscription.previous_secret_until = now + datetime.timedelta(hours=overlap_hours) if overlap_hours else None
    subscription.secret = signing.new_secret()
    subscription.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    record(kind=AuditKind.ROLE_CHANGE, actor=by,
           summary=f"{_label(subscription)}: secret rotated, the old one valid for {overlap_hours} more hours")
    return subscription.secret


@transaction.atomic
def subscription_enable(*, subscription, by):
    _require_admin(by)
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.is_active:
        raise TrainingError("This webhook is already enabled.")
    check_url(subscription.url)
    subscription.is_active, subscription.disabled_at, subscription.disabled_reason = True, None, ""
    subscription.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
    record(kind=AuditKind.ROLE_CHANGE, actor=by, summary=f"{_label(subscription)} enabled again")
    return subscription


def _require_active(subscription):
    if not subscription.is_active:
        raise TrainingError("This webhook is disabled: enable it first.")


def _queue(deliveries):
    ids = [d.pk for d in deliveries]
    transaction.on_commit(lambda: [tasks.deliver.enqueue(delivery_id=pk, attempt=1) for pk in ids])


@transaction.atomic
def subscription_ping(*, subscription, by):
    """A ``ping`` event for this subscription alone, delivered like any other."""
    _require_admin(by)
    _require_active(subscription)
    event = WebhookEvent.objects.create(type=PING, data={
        "subscription": subscription.pk, "message": "A test event from Shiftready."})
    delivery = WebhookDelivery.objects.create(subscription=subscription, event=event)
    _queue([delivery])
    return delivery


@transaction.atomic
def delivery_resend(*, delivery, by):
    """The same event (same ``webhook-id``) to the same subscription, as a new delivery."""
    _require_admin(by)
    _require_active(delivery.subscription)
    again = WebhookDelivery.objects.create(subscription=delivery.subscription, event=delivery.event)
    _queue([again])
    return again


# --- Publishing ----------------------------------------------------------------------------------


def _teams(team):
    if team is None:
        return []
    return [team] if isinstance(team, Team) else list(team)


def subscribers(event_type, team=None):
    """The active subscriptions that want ``event_type`` about ``team`` (a team, several, or None:
    an event about no team goes to the subscriptions for all teams only)."""
    teams = _teams(team)
    candidates = WebhookSubscription.objects.filter(is_active=True).order_by("pk")
    candidates = candidates.filter(team__isnull=True) | candidates.filter(team__in=teams)
    return [s for s in candidates if s.wants(event_type)]


def listening(event_type):
    """Whether any active subscription wants ``event_type`` (one query; events are published
    only then, so a site without webhooks builds no payloads)."""
    return any(s.wants(event_type) for s in WebhookSubscription.objects.filter(is_active=True).only("events"))


@transaction.atomic
def event_publish(type, data, *, team=None, key=None):
    """Publish an event: one delivery per active subscription that wants it, queued on commit.
    ``team``: the team or teams it is about; ``key``: publish at most once per key. Returns the
    event, or None when no one subscribes (or the key was published already)."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type}")
    if key is not None and WebhookEvent.objects.filter(key=key).exists():
        return None
    targets = subscribers(type, team)
    if not targets:
        return None
    event = WebhookEvent.objects.create(type=type, data=data, key=key)
    _queue(WebhookDelivery.objects.bulk_create([WebhookDelivery(subscription=s, event=event) for s in targets]))
    return event
