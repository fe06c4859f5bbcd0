from django.core.management.base import BaseCommand
from django.db import transaction

from assessments import demo as assessments_demo
from content import demo as content_demo
from training import demo


class Command(BaseCommand):
    help = "Load (or refresh) the demo organisation and its training content. Idempotent."

    def handle(self, *args, **options):
        with transaction.atomic():
            people = demo.load_people()
            content_demo.load(owner=people["admin"])
            assessments_demo.load(author=people["admin"])
            demo.load_training(people)
        self.stdout.write(
            self.style.SUCCESS("Demo organisation ready. Log in at http://127.0.0.1:8000/ with:")
        )
        self.stdout.write(demo.logins_table())
