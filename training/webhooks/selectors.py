"""Reads for the webhook pages: a fixed number of queries whatever the number of subscriptions,
deliveries and attempts."""

from django.db.models import OuterRef, Subquery

from .models import WebhookDelivery, WebhookSubscription


def subscriptions():
    """Every subscription with its team, owner and last delivery (when, state, response code)."""
    last = WebhookDelivery.objects.filter(subscription=OuterRef("pk")).order_by("-created_at", "-pk")
    return WebhookSubscription.objects.select_related("team", "owner").annotate(
        last_delivery_at=Subquery(last.values("created_at")[:1]),
        last_delivery_state=Subquery(last.values("state")[:1]),
        last_delivery_status=Subquery(last.values("last_status_code")[:1]),
    ).order_by("-created_at", "-pk")


def deliveries(subscription):
    """The delivery log of a subscription, newest first, each with its event and attempts."""
    return subscription.deliveries.select_related("event").prefetch_related("attempt_log").order_by(
        "-created_at", "-pk")
