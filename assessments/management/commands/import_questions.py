from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.gift import GiftError
from assessments.services import question_bank_import_gift


class Command(BaseCommand):
    help = (
        "Import questions from a GIFT file into a question bank (created if missing). "
        "All or nothing: on any error nothing is imported and every bad line is named."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="GIFT file (UTF-8)")
        parser.add_argument("--bank", required=True, help="name of the question bank")

    def handle(self, *args, file, bank, **options):
        path = Path(file)
        try:
            source = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            question_bank, created = question_bank_import_gift(bank_name=bank, source=source)
        except GiftError as exc:
            lines = "\n".join(f"{path}:{line}: {message}" for line, message in exc.errors)
            raise CommandError(f"Nothing imported; {len(exc.errors)} error(s):\n{lines}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Imported {len(created)} question(s) into the bank “{question_bank.name}”."
        ))
