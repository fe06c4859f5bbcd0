"""``api_token create --name NAME --scopes read[,enroll,shifts,webhooks] [--user USERNAME] [--days N]``
makes an API token and prints it as the last word of its output (once: only its hash is kept).
Without ``--user`` the token acts as a service account made for it (a training admin's
visibility); with it, as that person (a manager's token sees their teams). ``api_token revoke
NAME`` stops it at once; ``api_token list`` shows them."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from training.api.models import ApiToken, Scope
from training.api.tokens import service_token_create, token_revoke
from training.errors import TrainingError


class Command(BaseCommand):
    help = "Create, revoke or list API tokens (/api/v1/)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make a token; it is printed once, as the last word.")
        create.add_argument("--name", required=True, help="What uses the token, e.g. paging-sync.")
        create.add_argument("--scopes", default=Scope.READ,
                            help=f"Comma-separated, from {', '.join(Scope.values)} (default: read).")
        create.add_argument("--user", help="Act as this person (username) instead of a service account.")
        create.add_argument("--days", type=int, help="Expire after this many days (default: never).")
        revoke = sub.add_parser("revoke", help="Stop a token at once.")
        revoke.add_argument("name")
        sub.add_parser("list", help="The tokens, with their scopes and when each was last used.")

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)(**options)
        except TrainingError as exc:
            raise CommandError(str(exc)) from exc

    def create(self, *, name, scopes, user, days, **options):
        acting_as = None
        if user:
            acting_as = get_user_model().objects.filter(username=user).first()
            if acting_as is None:
                raise CommandError(f"No person with the username {user}.")
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        expires_at = timezone.now() + datetime.timedelta(days=days) if days else None
        token, raw = service_token_create(name=name, scopes=[s.strip() for s in scopes.split(",") if s.strip()],
                                          by=None, acting_as=acting_as, expires_at=expires_at)
        self.stdout.write(f"API token {token.name} acting as {token.user.get_username()}, scopes "
                          f"{','.join(token.scopes)} (shown once): {raw}")

    def revoke(self, *, name, **options):
        tokens = list(ApiToken.objects.filter(name=name, revoked_at__isnull=True))
        if not tokens:
            raise CommandError(f"No active token named {name}.")
        for token in tokens:
            token_revoke(token=token, by=None)
        self.stdout.write(f"Token {name} revoked.")

    def list(self, **options):
        for token in ApiToken.objects.select_related("user"):
            used = f"last used {token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never used"
            self.stdout.write(f"{token.name}\t{token.hint}…\t{token.user.get_username()}\t{','.join(token.scopes)}"
                              f"\t{token.state}\t{used}")
