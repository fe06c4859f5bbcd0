"""Deliveries in the background (``python manage.py db_worker``): one attempt per run of
``deliver``; a failed attempt queues the next on the schedule Svix made usual for Standard
Webhooks (at once, then after 5 seconds, 5 minutes, 30 minutes, 2, 5, 10 and 10 hours: about 27
hours in all).
A delivery that fails every attempt while nothing else reached the subscription disables it, and
its owner gets an email."""

import datetime
import http.client
import json
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from training.access import TRAINING_ADMIN_PERM

from . import events, outbound, signing
from .models import DeliveryState, Kind, WebhookAttempt, WebhookDelivery, WebhookSubscription

logger = logging.getLogger(__name__)

RETRY_DELAYS = (
    datetime.timedelta(seconds=5), datetime.timedelta(minutes=5), datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2), datetime.timedelta(hours=5), datetime.timedelta(hours=10),
    datetime.timedelta(hours=10),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
FINISHED = (DeliveryState.SUCCEEDED, DeliveryState.FAILED)


@task()
def deliver(delivery_id, attempt=1):
    """Attempt number ``attempt`` of a delivery (a stale or repeated run does nothing)."""
    return attempt_delivery(delivery_id=delivery_id, number=attempt)


def body_of(delivery):
    """The bytes posted: the event for a standard subscription, a chat message for the others."""
    event, kind = delivery.event, delivery.subscription.kind
    content = event.body if kind == Kind.STANDARD else events.chat_body(kind, event.type, event.data)
    return json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode()


def _send(delivery):
    """``(status or None, error, excerpt, duration in ms)`` of one POST."""
    body = body_of(delivery)
    now = timezone.now()
    headers = signing.headers(delivery.subscription.signing_secrets(now), delivery.event.message_id,
                              now.timestamp(), body)
    try:
        answer = outbound.post(delivery.subscription.url, body, headers)
    except outbound.Refused as exc:
        return None, f"Refused: {exc}", "", 0
    except (OSError, ValueError, http.client.HTTPException) as exc:  # no answer: refused, timed out, TLS...
        elapsed = int((timezone.now() - now).total_seconds() * 1000)
        return None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, "", elapsed
    error = "" if 200 <= answer.status < 300 else f"HTTP {answer.status}"
    return answer.status, error, answer.excerpt, answer.duration_ms


def attempt_delivery(*, delivery_id, number):
    delivery = WebhookDelivery.objects.select_related("subscription", "event").filter(pk=delivery_id).first()
    if delivery is None or delivery.state in FINISHED or delivery.attempts != number - 1:
        return "skipped"
    if not delivery.subscription.is_active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.FAILED, last_error="The webhook is disabled.", finished_at=timezone.now(),
            next_attempt_at=None)
        return DeliveryState.FAILED
    status, error, excerpt, duration = _send(delivery)  # outside any transaction: no lock held while waiting
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery.pk).first()
        if delivery is None or delivery.attempts != number - 1:  # deleted, or attempted meanwhile
            return "skipped"
        now = timezone.now()
        WebhookAttempt.objects.create(delivery=delivery, number=number, at=now, status_code=status,
                                      error=error[:500], duration_ms=duration, response_excerpt=excerpt[:500])
        delivery.attempts, delivery.last_status_code, delivery.last_error = number, status, error[:500]
        delivery.next_attempt_at = None
        if not error:
            delivery.state, delivery.finished_at = DeliveryState.SUCCEEDED, now
        elif number >= MAX_ATTEMPTS:
            delivery.state, delivery.finished_at = DeliveryState.FAILED, now
        else:
            delivery.state = DeliveryState.RETRYING
            delivery.next_attempt_at = now + RETRY_DELAYS[number - 1]
            _schedule(delivery.pk, number + 1, delivery.next_attempt_at)
        delivery.save(update_fields=["attempts", "last_status_code", "last_error", "next_attempt_at", "state",
                                     "finished_at"])
        if delivery.state == DeliveryState.FAILED:
            _disable_if_failing(delivery)
    return delivery.state


def _schedule(delivery_id, number, when):
    if not deliver.get_backend().supports_defer:
        logger.warning("Webhook delivery %s: the task backend cannot run a task later; attempt %s is not queued.",
                       delivery_id, number)
        return
    transaction.on_commit(lambda: deliver.using(run_after=when).enqueue(delivery_id=delivery_id, attempt=number))


def _disable_if_failing(delivery):
    """Disable the subscription when nothing reached it since this delivery began (about a day)."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the owner's outer join.
    subscription = WebhookSubscription.objects.select_for_update(of=("self",)).select_related("owner").get(
        pk=delivery.subscription_id)
    reached = WebhookDelivery.objects.filter(subscription=subscription, state=DeliveryState.SUCCEEDED,
                                             finished_at__gte=delivery.created_at).exists()
    if reached or not subscription.is_active:
        return
    subscription.is_active, subscription.disabled_at = False, timezone.now()
    subscription.disabled_reason = (f"{MAX_ATTEMPTS} attempts failed since "
                                    f"{timezone.localtime(delivery.created_at):%Y-%m-%d %H:%M}; last: "
                                    f"{delivery.last_error}")[:300]
    subscription.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
    transaction.on_commit(lambda: _email_owner(subscription))


def _email_owner(subscription):
    if subscription.owner is not None and subscription.owner.is_active and subscription.owner.email:
        recipients = [subscription.owner.email]
    else:  # no owner (made on the command line): every training admin
        app_label, codename = TRAINING_ADMIN_PERM.split(".")
        admins = get_user_model().objects.filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
            | Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label))
        recipients = sorted(set(admins.filter(is_active=True).exclude(email="").values_list("email", flat=True)))
    if not recipients:
        return
    link = settings.SITE_URL + reverse("training:webhook_detail", args=[subscription.pk])
    send_mail(
        "[Shiftready] A webhook was disabled after failing for a day",
        f"Shiftready stopped sending events to webhook {subscription.pk} ({outbound.where(subscription.url)})"
        f"{f' ({subscription.description})' if subscription.description else ''}: {subscription.disabled_reason}\n\n"
        f"Events published from now on are not sent to it. Fix the receiver, then enable the webhook again "
        f"(and send failed deliveries again if you need them):\n{link}\n",
        settings.DEFAULT_FROM_EMAIL, recipients)
