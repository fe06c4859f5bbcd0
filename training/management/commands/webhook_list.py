"""``webhook_list``: every webhook with its state, events, team and last delivery."""

from django.core.management.base import BaseCommand

from training.webhooks.selectors import subscriptions


class Command(BaseCommand):
    help = "List the webhooks."

    def handle(self, *args, **options):
        for s in subscriptions():
            state = "active" if s.is_active else f"disabled ({s.disabled_reason})"
            events = "all" if s.all_events else ",".join(s.events)
            last = (f"last {s.last_delivery_state} {s.last_delivery_at:%Y-%m-%d %H:%M}" if s.last_delivery_at
                    else "nothing sent yet")
            self.stdout.write(f"{s.pk}\t{s.kind}\t{s.url}\t{events}\t{s.team.slug if s.team else 'all teams'}\t"
                              f"{state}\t{last}")
