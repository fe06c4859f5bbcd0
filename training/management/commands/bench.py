"""``python manage.py bench --size tiny|small|large``: build a synthetic organisation in a
throwaway database, measure pages, PDFs, exports and imports, print a table and write
``build/bench.json``. Never touches your database (see ``training/bench/runner.py``)."""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from training.bench import run_in_scratch, runner
from training.bench.org import SIZES


class Command(BaseCommand):
    help = "Benchmark Shiftready on a synthetic organisation in a throwaway database."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--output", default=str(Path("build") / "bench.json"),
                            help="Where to write the JSON figures (default: build/bench.json).")
        parser.add_argument("--redis", action="store_true",
                            help="Keep the cache in a throwaway redis-server on 127.0.0.1 (started and stopped "
                                 "by the run), shared by every process of it, as a scaled-out site does.")
        # Internal: the measuring subprocess, inside the scratch database the parent created.
        parser.add_argument("--inner", metavar="RESULT_JSON", help="(internal)")

    def handle(self, *args, size, output, inner, redis, **options):
        if inner:
            try:
                runner.check_scratch()
            except runner.ScratchRefused as exc:
                raise CommandError(str(exc)) from exc
            result = run_in_scratch(size)
            Path(inner).write_text(json.dumps(result, indent=2), encoding="utf-8")
            return
        self.stderr.write(f"Building a {size} organisation in a throwaway database and measuring...")
        result = runner.run(size, stream=sys.stderr if options["verbosity"] > 1 else None, redis=redis)
        path = Path(output)
        if not path.is_absolute():
            path = Path(settings.BASE_DIR) / path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(runner.table(result))
        self.stdout.write(f"Written to {path}")
