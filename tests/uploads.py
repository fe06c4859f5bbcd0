"""Helpers for the import pages' tests: files to upload and what a page says."""

import html
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import strip_tags


def upload(name, text):
    """An uploaded file: ``text`` as UTF-8, or bytes as they are."""
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text)


def zipped(name, members):
    """An uploaded zip holding ``{member name: text or bytes}``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, text in members.items():
            archive.writestr(member, text)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def checked(data, dry_run):
    """A form's data with "Check only" ticked when ``dry_run``."""
    return {**data, "dry_run": "on"} if dry_run else data


def text_of(response):
    """What the page says, without its markup, on one line."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())
