"""``webhook_add URL --events EVENT[,EVENT...]|all [--team SLUG] [--kind standard|slack|teams]``
subscribes a URL to events and prints its signing secret (``whsec_...``) as the last word of its
output: it is shown once."""

from django.core.management.base import BaseCommand, CommandError

from training.errors import TrainingError
from training.teams.models import Team
from training.webhooks import services
from training.webhooks.models import EVENT_TYPES, Kind


class Command(BaseCommand):
    help = "Subscribe a URL to webhook events; prints the signing secret last."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--events", required=True, help=f"all, or some of: {', '.join(EVENT_TYPES)}")
        parser.add_argument("--team", help="Only events about this team's people (its slug).")
        parser.add_argument("--kind", choices=Kind.values, default=Kind.STANDARD)
        parser.add_argument("--description", default="")

    def handle(self, *args, url, events, team, kind, description, **options):
        team_obj = None
        if team:
            team_obj = Team.objects.filter(slug=team).first()
            if team_obj is None:
                raise CommandError(f"No team with the slug {team}.")
        try:
            subscription, secret = services.subscription_create(
                url=url, events=events, team=team_obj, kind=kind, description=description, by=None)
        except TrainingError as exc:
            raise CommandError(str(exc)) from exc
        scope = f"team {team_obj.slug}" if team_obj else "every team"
        names = "every event" if subscription.all_events else ", ".join(subscription.events)
        self.stdout.write(f"Webhook {subscription.pk} sends {names} about {scope} to {subscription.url}.")
        self.stdout.write(f"Signing secret (shown once; give it to the receiver): {secret}")
