
from django.core.management.base import BaseCommand, CommandError

from content.docfiles import FileProblems, read_text_file
from training.tracks.services import track_file_import
from training.tracks.trackfile import TrackFileError


def read_text(path):
    """The text of a track or exercise file, or ``CommandError`` naming each problem of the file
    itself (not UTF-8, with file, line, column and byte; a NUL byte; empty; missing)."""
    try:
        return read_text_file(path)
    except FileProblems as refused:
        raise CommandError("Nothing imported.\n" + "\n".join(str(problem) for problem in refused.problems)) from None


def lines(filename, pairs):
    return [f"{filename}:{line}: {message}" for line, message in pairs]


class Command(BaseCommand):
    help = ("Import a track file (Markdown with front matter). A changed file makes a new version. A step "
            "whose document, exercise or quiz is not found imports unlinked, with a warning.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; write nothing.")
        parser.add_argument("--strict", action="store_true",
                            help="Refuse the whole file when a step's document, exercise or quiz is not found.")

    def handle(self, *args, file, dry_run, strict=False, **options):
        try:
            result = track_file_import(text=read_text(file), filename=file, dry_run=dry_run, strict=strict)
        except TrackFileError as exc:
            also = "".join(f"\nwarning: {text}" for text in lines(file, exc.warnings))
            raise CommandError(f"Nothing imported.\n{exc.format()}{also}") from exc
        name = result.spec.name
        if result.outcome == "unchanged":
            summary = f"unchanged: {name} v{result.version}"
        elif result.outcome == "linked":
            summary = f"linked {result.linked} step(s) of {name} v{result.version}"
        else:
            summary = f"{result.outcome}: {name} v{result.version}"
        prefix = "Would be: " if dry_run and result.outcome != "unchanged" else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{summary}"))
        for text in lines(file, result.notes):
            self.stdout.write(text)
        for text in lines(file, result.warnings):
            self.stdout.write(self.style.WARNING(f"warning: {text}"))
