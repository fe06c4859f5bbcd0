"""``manage.py audit_verify``: walk the audit log's hash chain and say whether it is whole.

Prints "OK: N audit event(s)…" and exits 0, or names the first event that was changed, is missing
or was added behind the application's back, and exits 1 (``training.audit.chain``)."""

from django.core.management.base import BaseCommand, CommandError

from training.audit import chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain: exit 1 naming the first changed, missing or stray event."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="The database to verify (default: default).")

    def handle(self, *args, **options):
        state = chain.verify(using=options["database"])
        if not state.ok:
            raise CommandError(str(state), returncode=1)
        self.stdout.write(str(state))
