"""Files the site hands out: CSV a spreadsheet cannot run, file names the server builds, and the
responses that send them as attachments."""

import csv
import io

from django.http import FileResponse
from django.utils.text import slugify

from training.teams.models import person_name

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell a spreadsheet will not run: text starting with = + - @ (or a tab or carriage
    return) gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def to_csv(header, rows):
    """UTF-8 CSV bytes with every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def download_name(user, kind, extension):
    """A file name the server builds: ``alice-okafor-certificate.pdf``."""
    return f"{slugify(person_name(user)) or 'engineer'}-{kind}.{extension}"


def attachment(content, filename, content_type):
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type)


def csv_response(content, filename):
    return attachment(content, filename, "text/csv; charset=utf-8")
