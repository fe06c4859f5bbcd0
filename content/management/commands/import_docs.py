from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from content import services


class Command(BaseCommand):
    help = (
        "Import Markdown documents from a folder (recursively) or one file, all or nothing. "
        "The first '# ' heading is the title, the file name the slug, a 'Revision History' table "
        "(Date | Version | Changes) the versions. Importing again writes only what changed; a new "
        "title or text adds a version: the newest new row of the file's revision history, else the "
        "next minor version (the next major one with --major). Each document remembers its path in "
        "the folder (export_docs writes it back there). Files are UTF-8, with or without a BOM. Any "
        "bad file aborts the import, every problem of every file named with its file, line and reason, "
        "and nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A folder of .md files, or one .md file")
        parser.add_argument(
            "--major", action="store_true",
            help="Changed documents get a new major version (readers must re-read them)",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; change nothing")
        parser.add_argument("--owner", help="Username owning new documents whose front matter names no owner")

    def handle(self, *args, path, major, dry_run, owner, **options):
        owner_user = None
        if owner:
            User = get_user_model()
            try:
                owner_user = User.objects.get(**{User.USERNAME_FIELD: owner})
            except User.DoesNotExist:
                raise CommandError(f"--owner: there is no user '{owner}'") from None
        try:
            report = services.library_import(path=path, major=major, dry_run=dry_run, owner=owner_user)
        except services.ImportRefused as refused:
            raise CommandError(str(refused)) from None
        for line in report.lines()[:-1]:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(report.summary))
