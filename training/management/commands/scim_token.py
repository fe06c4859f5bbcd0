"""``scim_token create --name NAME`` makes a bearer token for the directory's SCIM connector and
prints it as the last word of its output (once: only its hash is kept); ``scim_token revoke NAME``
stops it at once; ``scim_token list`` shows them."""

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from training.audit.models import AuditKind
from training.audit.recorder import record
from training.people.models import DirectoryToken, new_token, token_digest


class Command(BaseCommand):
    help = "Create, revoke or list the bearer tokens of the SCIM endpoints (/scim/v2/)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make a token; it is printed once, as the last word.")
        create.add_argument("--name", required=True, help="What the token is for, e.g. okta.")
        revoke = sub.add_parser("revoke", help="Stop a token at once.")
        revoke.add_argument("name")
        sub.add_parser("list", help="The tokens, with when each was last used.")

    def handle(self, *args, action, **options):
        if action == "create":
            token = new_token("scim")
            try:
                with transaction.atomic():
                    DirectoryToken.objects.create(name=options["name"], token_hash=token_digest(token))
            except IntegrityError as exc:
                raise CommandError(f"A token named {options['name']} exists: revoke it or choose another "
                                   "name.") from exc
            record(kind=AuditKind.ROLE_CHANGE, summary=f"SCIM token {options['name']} created")
            self.stdout.write(f"Directory token {options['name']} (shown once; give it to the SCIM connector): {token}")
        elif action == "revoke":
            revoked = DirectoryToken.objects.filter(name=options["name"], revoked_at__isnull=True).update(
                revoked_at=timezone.now())
            if not revoked:
                raise CommandError(f"No active token named {options['name']}.")
            record(kind=AuditKind.ROLE_CHANGE, summary=f"SCIM token {options['name']} revoked")
            self.stdout.write(f"Token {options['name']} revoked.")
        else:
            for token in DirectoryToken.objects.all():
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
                used = f"last used {token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never used"
                self.stdout.write(f"{token.name}\t{state}\t{used}")
