"""``webhook_ping [ID]`` queues a ``ping`` test event for one webhook (or every active one); the
worker delivers it like any other event, and the delivery log shows what the receiver answered."""

from django.core.management.base import BaseCommand, CommandError

from training.errors import TrainingError
from training.webhooks import services
from training.webhooks.models import WebhookSubscription


class Command(BaseCommand):
    help = "Queue a test event (ping) for a webhook, or for every active webhook."

    def add_arguments(self, parser):
        parser.add_argument("id", nargs="?", type=int, help="The webhook's number (webhook_list); default: all active.")

    def handle(self, *args, **options):
        number = options["id"]
        subscriptions = WebhookSubscription.objects.filter(
            **({"is_active": True} if number is None else {"pk": number})).order_by("pk")
        if number is not None and not subscriptions:
            raise CommandError(f"No webhook {number}.")
        for subscription in subscriptions:
            try:
                delivery = services.subscription_ping(subscription=subscription, by=None)
            except TrainingError as exc:
                raise CommandError(f"Webhook {subscription.pk}: {exc}") from exc
            self.stdout.write(f"Test event {delivery.event.message_id} queued for webhook {subscription.pk} "
                              f"({subscription.url}).")
