from django.core.management.base import BaseCommand

from content import services


class Command(BaseCommand):
    help = (
        "Write every document of the library into a folder (front matter, title, text, revision "
        "history), at the path and under the file name it was imported from, or as <slug>.md when it "
        "was written in Shiftready. Importing that folder again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The folder to write into (created when missing)")

    def handle(self, *args, path, **options):
        written = services.library_export(path=path)
        for file in written:
            self.stdout.write(str(file))
        self.stdout.write(self.style.SUCCESS(f"{len(written)} document(s) written to {path}"))
