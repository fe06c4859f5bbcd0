"""``credential_keys create|rotate|list``: the keys that sign certificates, kept in
``CREDENTIAL_KEYS_DIR`` (outside the database; back the folder up on its own).

``create`` writes the first ES256 key and PDF signer (refused if the folder has keys);
``rotate`` adds a new current pair and keeps the earlier ones, still published, so credentials and
PDFs signed before keep verifying; ``list`` shows them. A rotation is in the audit log (``create``
may run before ``migrate``, so it is not)."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from training.audit.models import AuditKind
from training.audit.recorder import record
from training.credentials import keys


class Command(BaseCommand):
    help = "Create, rotate or list the keys that sign certificates and credentials."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "rotate", "list"])

    def handle(self, *args, action, **options):
        folder = keys.keys_dir()
        try:
            if action == "create":
                current = keys.keys_create(folder)
            elif action == "rotate":
                current = keys.keys_rotate(folder)
            else:
                return self.list(folder)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        verb = "Created" if action == "create" else "Rotated to"
        if action == "rotate":
            record(kind=AuditKind.CREDENTIAL,
                   summary=f"Rotated to credential signing key {current['jwt']} and PDF signer {current['pdf']}.")
        self.stdout.write(f"{verb} signing key {current['jwt']} and PDF signer {current['pdf']} in {folder}.")
        self.stdout.write("Back this folder up on its own: it is not in the database, nor in `manage.py backup`.")

    def list(self, folder):
        current = keys.current_kid()
        for key in keys.public_keys():
            mark = "current" if key["kid"] == current else "earlier, still published"
            self.stdout.write(f"{key['kid']}  ES256  {mark}")
        for certificate in keys.signing_certificates():
            self.stdout.write(f"PDF signer: {certificate.subject.rfc4514_string()}  valid until "
                              f"{certificate.not_valid_after_utc.date().isoformat()}")
        self.stdout.write(f"Folder: {folder}")
