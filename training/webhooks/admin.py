from django.contrib import admin

from training.audit.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import WebhookAttempt, WebhookDelivery


class WebhookAttemptInline(ReadOnlyInline):
    model = WebhookAttempt


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    """Read-only: the delivery log is what was sent and answered; a delivery is retried or
    resent from the webhook's page."""

    list_display = ["created_at", "subscription", "event", "state", "attempts", "last_status_code", "finished_at"]
    list_filter = ["state"]
    list_select_related = ["subscription", "event"]
    inlines = [WebhookAttemptInline]
