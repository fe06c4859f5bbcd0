from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import QuestionBank
from assessments.services import question_bank_export_gift


class Command(BaseCommand):
    help = "Write a question bank in GIFT format (to standard output, or to a file with -o)."

    def add_arguments(self, parser):
        parser.add_argument("--bank", required=True, help="name of the question bank")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, bank, output=None, **options):
        try:
            question_bank = QuestionBank.objects.get(name=bank)
        except QuestionBank.DoesNotExist:
            raise CommandError(f"No question bank named “{bank}”.") from None
        text, count = question_bank_export_gift(bank=question_bank, destination=output or "standard output")
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {count} question(s) to {output}.")
        else:
            self.stdout.write(text, ending="")
