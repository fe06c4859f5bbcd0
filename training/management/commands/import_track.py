from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from training.tracks.services import track_import
from training.tracks.trackfile import TrackFileError


def read_text(path):
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CommandError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text (byte {exc.start})") from exc


class Command(BaseCommand):
    help = "Import a track file (Markdown with front matter). A changed file makes a new version."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; write nothing.")

    def handle(self, *args, file, dry_run, **options):
        try:
            track, outcome = track_import(text=read_text(file), filename=file, dry_run=dry_run)
        except TrackFileError as exc:
            raise CommandError(f"Nothing imported.\n{exc.format()}") from exc
        prefix = "Would be: " if dry_run and outcome != "unchanged" else ""
        label = f"{track.name} v{track.version}" if track else Path(file).name
        self.stdout.write(self.style.SUCCESS(f"{prefix}{outcome}: {label}"))
