"""Files people upload to import: text read as UTF-8 within a size limit, and zips of Markdown
unpacked into a folder without ever writing outside it.

Used by the import pages of every app (a track file, an exercise file, a GIFT bank, documents):
``TextFileField`` gives a form the text of one file; ``MarkdownFilesField`` and ``unpack`` take
Markdown files and zips of folders for the library import.
"""

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.template.defaultfilters import filesizeformat

from .docfiles import MARKDOWN_SUFFIXES, FileProblem, FileProblems, decode_text

MAX_TEXT_BYTES = 1024 * 1024  # one Markdown, track, exercise or GIFT file
MAX_ARCHIVE_BYTES = 20 * 1024 * 1024  # everything a zip holds, unpacked
MAX_ARCHIVE_FILES = 2000
ZIP_SUFFIX = ".zip"
# What zipfile raises on a damaged archive or a feature it lacks (found by fuzzing it).
UNREADABLE_ZIP = (zipfile.BadZipFile, zlib.error, NotImplementedError, ValueError, EOFError, RuntimeError,
                  OSError, struct.error)


@dataclass(frozen=True)
class UploadedText:
    name: str
    text: str


def _suffix(name):
    return PurePosixPath(name).suffix.lower()


def read_text(upload, *, max_bytes=MAX_TEXT_BYTES):
    """The text of an uploaded file, or ``ValidationError`` saying what is wrong with it."""
    if upload.size > max_bytes:
        raise forms.ValidationError(f"{upload.name} is larger than {filesizeformat(max_bytes)}, the largest "
                                    "file accepted.")
    try:
        return decode_text(upload.read(), PurePosixPath(upload.name).name)
    except FileProblems as refused:  # every line that is not UTF-8, as the command line names them
        raise forms.ValidationError([str(problem) for problem in refused.problems]) from None


class TextFileField(forms.FileField):
    """One uploaded text file whose name ends in one of ``suffixes``; cleans to ``UploadedText``."""

    def __init__(self, *, suffixes, max_bytes=MAX_TEXT_BYTES, **kwargs):
        self.suffixes, self.max_bytes = tuple(suffixes), max_bytes
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ",".join(self.suffixes)}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if _suffix(upload.name) not in self.suffixes:
            raise forms.ValidationError(f"{upload.name}: choose a {' or '.join(self.suffixes)} file.")
        return UploadedText(name=PurePosixPath(upload.name).name, text=read_text(upload, max_bytes=self.max_bytes))


class ImportForm(forms.Form):
    """An import page's form: the subclass's fields, then "Check only", then the Import button."""

    dry_run = forms.BooleanField(required=False, label="Check only: say what would change, change nothing")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dry_run"] = self.fields.pop("dry_run")
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.add_input(Submit("import", "Import", css_class="btn-primary"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MarkdownFilesField(forms.FileField):
    """Any number of Markdown files and zips of them; cleans to the list of uploads."""

    accepted = (*sorted(MARKDOWN_SUFFIXES), ZIP_SUFFIX)

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(self.accepted)}))
        kwargs.setdefault("allow_empty_file", True)  # the import names an empty file with the others
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [super(MarkdownFilesField, self).clean(item, initial) for item in (data or [])]
        uploads = [upload for upload in uploads if upload]
        if not uploads:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        wrong = [upload.name for upload in uploads if _suffix(upload.name) not in self.accepted]
        if wrong:
            raise forms.ValidationError(f"{', '.join(wrong)}: choose Markdown (.md) files or a .zip of them.")
        return uploads


def _write(folder, name, data, problems):
    try:
        target = Path(folder, *PurePosixPath(name).parts)
        if target.exists():
            problems.append(FileProblem(name, 0, "uploaded twice"))
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except (OSError, ValueError):  # a name no file system takes: too long, a NUL byte
        problems.append(FileProblem(name[:200], 0, "a file name that cannot be used"))


def _member(upload, info):
    """How a problem names a file inside an uploaded zip: ``docs.zip/runbooks/restart.md``."""
    return f"{upload.name}/{info.filename}"


def _unpack_zip(upload, folder, problems):
    try:
        archive = zipfile.ZipFile(upload)
    except UNREADABLE_ZIP:
        problems.append(FileProblem(upload.name, 0, "not a zip file, or a damaged one"))
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        wanted = []
        for info in members:
            path = PurePosixPath(info.filename)
            if path.is_absolute() or ".." in path.parts:
                problems.append(FileProblem(_member(upload, info), 0, "a path outside the zip's own folder"))
            elif _suffix(info.filename) in MARKDOWN_SUFFIXES and not any(
                part.startswith(".") or part == "__MACOSX" for part in path.parts
            ):
                wanted.append(info)
        if len(wanted) > MAX_ARCHIVE_FILES:
            problems.append(FileProblem(upload.name, 0, f"holds {len(wanted)} Markdown files; at most "
                                                        f"{MAX_ARCHIVE_FILES} at a time"))
            return
        budget = MAX_ARCHIVE_BYTES
        for info in wanted:  # every member's problem is named, not only the first one's
            if info.flag_bits & 0x1:
                problems.append(FileProblem(_member(upload, info), 0,
                                            "encrypted: zip the folder again without a password"))
                continue
            try:
                with archive.open(info) as member:
                    # Read no more than allowed, whatever the zip's header claims the size is.
                    data = member.read(min(budget, MAX_TEXT_BYTES) + 1)
            except UNREADABLE_ZIP as error:
                problems.append(FileProblem(_member(upload, info), 0, f"cannot be read ({error})"))
                continue
            if len(data) > MAX_TEXT_BYTES:
                problems.append(FileProblem(_member(upload, info), 0, f"larger than {filesizeformat(MAX_TEXT_BYTES)}"))
            elif len(data) > budget:
                problems.append(FileProblem(upload.name, 0, f"unpacks to more than "
                                                            f"{filesizeformat(MAX_ARCHIVE_BYTES)}"))
                return
            else:
                budget -= len(data)
                _write(folder, info.filename, data, problems)


def unpack(uploads, folder):
    """Write the uploaded Markdown files, and the Markdown files inside uploaded zips (with their
    folders), into ``folder``. Returns the problems (``FileProblem``); nothing is written outside
    ``folder``, and other files in a zip are left out, as the folder import leaves them."""
    problems = []
    for upload in uploads:
        if _suffix(upload.name) == ZIP_SUFFIX:
            _unpack_zip(upload, folder, problems)
        elif upload.size > MAX_TEXT_BYTES:
            problems.append(FileProblem(upload.name, 0, f"larger than {filesizeformat(MAX_TEXT_BYTES)}"))
        else:
            _write(folder, PurePosixPath(upload.name).name, upload.read(), problems)
    return problems
