from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from training.audit.models import AuditKind
from training.audit.recorder import record
from training.tracks.models import Track
from training.tracks.trackfile import render_track, spec_from_track


class Command(BaseCommand):
    help = "Write a track back as a track file (the current version unless --track-version)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", help="File to write; standard output if absent.")
        parser.add_argument("--track-version", type=int, dest="track_version", help="A past version.")

    def handle(self, *args, slug, output, track_version, **options):
        tracks = Track.objects.filter(slug=slug)
        wanted = {"version": track_version} if track_version else {"is_current": True}
        track = tracks.filter(**wanted).first()
        if track is None:
            raise CommandError(f"No track '{slug}'" + (f" v{track_version}" if track_version else ""))
        text = render_track(spec_from_track(track))
        record(kind=AuditKind.EXPORT, summary=f"track file written to {output or 'standard output'}: "
                                                    f"{track.name} ({track.slug}) version {track.version}")
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {track.name} v{track.version} to {output}"))
        else:
            self.stdout.write(text, ending="")
