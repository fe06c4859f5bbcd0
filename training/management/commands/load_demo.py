from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from assessments import demo as assessments_demo
from content import demo as content_demo
from training import demo
from training.credentials import keys


class Command(BaseCommand):
    help = "Load (or refresh) the demo organisation and its training content. Idempotent."

    def handle(self, *args, **options):
        # The demo's own submissions and sign-offs would email the demo people: send nothing.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            with transaction.atomic():
                people = demo.load_people()
                content_demo.load(owner=people["admin"])
                assessments_demo.load(author=people["admin"])
                demo.load_training(people)
                token = demo.api_token(people)
        self.stdout.write(
            self.style.SUCCESS("Demo organisation ready. Log in at http://127.0.0.1:8000/ with:")
        )
        self.stdout.write(demo.logins_table())
        keys.require_signing_key()  # outside production, made on first use
        self.stdout.write(f"Certificates are signed with the keys in {keys.keys_dir()} "
                          "(`manage.py credential_keys list`); anyone verifies them at http://127.0.0.1:8000/verify/.")
        self.stdout.write("The API (http://127.0.0.1:8000/api/v1/docs/), with a read token acting as the manager:\n"
                          f"  curl -H 'Authorization: Bearer {token}' "
                          "http://127.0.0.1:8000/api/v1/teams/platform-ops/on-call-eligible/")
