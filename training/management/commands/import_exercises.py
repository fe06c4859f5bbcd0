from django.core.management.base import BaseCommand, CommandError

from training.management.commands.import_track import read_text
from training.tracks.services import exercises_import
from training.tracks.trackfile import TrackFileError


class Command(BaseCommand):
    help = "Import hands-on exercises from an exercise file. All-or-nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true",
                            help="Name each exercise that would be created or updated; write nothing.")

    def handle(self, *args, file, dry_run=False, **options):
        try:
            results = exercises_import(text=read_text(file), filename=file, dry_run=dry_run)
        except TrackFileError as exc:
            raise CommandError(f"Nothing imported.\n{exc.format()}") from exc
        would = "would be " if dry_run else ""
        for exercise, created in results:
            self.stdout.write(f"{would}{'created' if created else 'updated'}: {exercise.title} ({exercise.slug})")
        if dry_run:
            self.stdout.write("Check only: nothing was changed.")
