from django.core.management.base import BaseCommand, CommandError

from training.management.commands.import_track import read_text
from training.tracks.services import exercises_import
from training.tracks.trackfile import TrackFileError


class Command(BaseCommand):
    help = "Import hands-on exercises from an exercise file. All-or-nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            results = exercises_import(text=read_text(file), filename=file)
        except TrackFileError as exc:
            raise CommandError(f"Nothing imported.\n{exc.format()}") from exc
        for exercise, created in results:
            self.stdout.write(f"{'created' if created else 'updated'}: {exercise.title}")
