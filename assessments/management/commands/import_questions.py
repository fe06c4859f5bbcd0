from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.gift import GiftError
from assessments.models import QuestionBank
from assessments.services import question_bank_import_gift, rubric_needed_note
from content.docfiles import FileProblems, read_text_file


def read_gift(path):
    """The text of a GIFT file, or ``CommandError`` naming each problem of the file itself (not
    UTF-8, with file, line, column and byte; a NUL byte; empty; missing)."""
    try:
        return read_text_file(path)
    except FileProblems as refused:
        lines = "\n".join(str(problem) for problem in refused.problems)
        raise CommandError(f"Nothing imported; {len(refused.problems)} error(s):\n{lines}") from None


class Command(BaseCommand):
    help = (
        "Import questions from a GIFT file into a question bank (created if missing). "
        "All or nothing: on any error nothing is imported and every bad line is named."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="GIFT file (UTF-8)")
        parser.add_argument("--bank", required=True, help="name of the question bank")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and name what would be created, without changing anything")

    def handle(self, *args, file, bank, dry_run=False, **options):
        path = Path(file)
        source = read_gift(path)
        existing = QuestionBank.objects.filter(name=" ".join(bank.split())).first()
        categories = set(existing.categories.values_list("name", flat=True)) if existing else set()
        try:
            question_bank, created = question_bank_import_gift(bank_name=bank, source=source, dry_run=dry_run)
        except GiftError as exc:
            lines = "\n".join(f"{path}:{line}: {message}" for line, message in exc.errors)
            raise CommandError(f"Nothing imported; {len(exc.errors)} error(s):\n{lines}") from exc
        note = rubric_needed_note(created)
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(
                f"Imported {len(created)} question(s) into the bank “{question_bank.name}”."
            ))
            if note:
                self.stdout.write(self.style.WARNING(note))
            return
        self._describe(path, question_bank.name, existing, categories, created, note)

    def _describe(self, path, bank_name, existing, categories, created, note):
        out = [f"Check only, nothing was changed. {path} would:"]
        if existing is None:
            out.append(f"  create the question bank “{bank_name}”")
        new_categories = sorted({q.category.name for q in created if q.category} - categories)
        for name in new_categories:
            out.append(f"  create the category “{name}”")
        out.append(f"  add {len(created)} question(s) to the bank “{bank_name}”:")
        for question in created:
            kind = question.get_kind_display().split(" (")[0].lower()
            if question.has_blank:
                kind = f"missing word, {kind}"
            where = f" in “{question.category.name}”" if question.category else ""
            out.append(f"    line {question.gift_line}: “{question.name}” ({kind}){where}")
        if note:
            out.append(note)
        self.stdout.write("\n".join(out))
