"""The document file format: read one Markdown file into plain data, and write a document back.

A document file is Markdown. Optionally it starts with a YAML front matter block::

    ---
    category: runbook            # runbook, architecture, decision_tree, incident_guide, on_call,
                                 # checklist, other (guessed from the file name when absent)
    purpose: Daily and weekly procedures
    review_cadence: monthly      # monthly, quarterly, yearly, after_incidents
    last_reviewed: 2026-01-15
    owner: username
    ---

The first ``#`` heading is the title; the file name gives the slug; a "Revision History" section
holding a ``Date | Version | Changes`` table lists the versions. Everything else is the body.
Parsing is pure (no database): problems come back as ``FileProblem`` with file, line and reason.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.utils.text import slugify

from .models import DocumentCategory, ReviewCadence

MARKDOWN_SUFFIXES = {".md", ".markdown"}
FRONT_MATTER_KEYS = {"category", "purpose", "review_cadence", "last_reviewed", "owner"}
REVISION_HEADING = re.compile(r"^#{1,6}\s+revision\s+history\s*#*\s*$", re.IGNORECASE)
TITLE_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
VERSION = re.compile(r"^v?(\d+)\.(\d+)$", re.IGNORECASE)
TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y")
HEADER_NAMES = (("date",), ("version",), ("changes", "change", "description", "notes"))

# File-name words that tell the category when the front matter does not.
CATEGORY_HINTS = [
    ("decision", DocumentCategory.DECISION_TREE),
    ("troubleshooting", DocumentCategory.DECISION_TREE),
    ("runbook", DocumentCategory.RUNBOOK),
    ("incident", DocumentCategory.INCIDENT_GUIDE),
    ("on-call", DocumentCategory.ON_CALL),
    ("oncall", DocumentCategory.ON_CALL),
    ("checklist", DocumentCategory.CHECKLIST),
    ("architecture", DocumentCategory.ARCHITECTURE),
]


# YAML from a file is untrusted: anchors and aliases can expand a few lines into gigabytes (a
# "billion laughs"), deep nesting exhausts the recursion of the composer, and some scalars (a
# 30th of February) raise errors that are not YAMLError. All of these become one YAML error.
YAML_MAX_CHARS = 64 * 1024
YAML_MAX_DEPTH = 20


class RefusedYAML(yaml.YAMLError):
    def __init__(self, problem, line=None):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = None if line is None else type("Mark", (), {"line": line})()


def safe_load_yaml(text):
    """``yaml.safe_load`` for untrusted text: refuses anchors, aliases, deep nesting and large
    blocks with ``RefusedYAML`` (a ``yaml.YAMLError``) instead of expanding or crashing."""
    if len(text) > YAML_MAX_CHARS:
        raise RefusedYAML(f"the YAML is longer than {YAML_MAX_CHARS // 1024} KB")
    depth = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            raise RefusedYAML("YAML anchors and aliases (& and *) are not allowed", token.start_mark.line)
        if isinstance(token, (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
                              yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
            depth += 1
            if depth > YAML_MAX_DEPTH:
                raise RefusedYAML(f"the YAML is nested more than {YAML_MAX_DEPTH} levels deep",
                                  token.start_mark.line)
        elif isinstance(token, (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)):
            depth -= 1
    try:
        return yaml.safe_load(text)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise RefusedYAML(f"a value cannot be read ({exc})") from None


@dataclass(frozen=True)
class FileProblem:
    file: str
    line: int
    reason: str
    column: int = 0  # 0: the whole line (or the whole file when ``line`` is 0 too)

    def __str__(self):
        where = [self.file] + ([str(self.line)] if self.line else []) + ([str(self.column)] if self.column else [])
        return f"{':'.join(where)}: {self.reason}"

    @classmethod
    def each(cls, file, errors):
        """One problem per ``(line, reason)`` pair an importer refused ``file`` with (a track or
        exercise file's ``TrackFileError``, a GIFT file's ``GiftError``)."""
        return [cls(file, line, reason) for line, reason in errors]


class FileProblems(Exception):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Revision:
    created: datetime.date
    major: int
    minor: int
    change_note: str
    line: int

    @property
    def number(self):
        return f"{self.major}.{self.minor}"

    @property
    def key(self):
        return (self.major, self.minor)


@dataclass
class ParsedDocument:
    file: str
    slug: str
    title: str
    title_line: int
    body: str
    revisions: list = field(default_factory=list)  # oldest first
    metadata: dict = field(default_factory=dict)  # only the front matter keys the file sets
    metadata_lines: dict = field(default_factory=dict)
    text: str = field(default="", repr=False)  # the whole file: a decision tree's lines are the file's


def slug_for(path):
    """``OPERATIONAL_RUNBOOKS.md`` → ``operational-runbooks``."""
    return slugify(Path(path).stem.replace("_", "-").replace(" ", "-"))


def guess_category(slug):
    for word, category in CATEGORY_HINTS:
        if word in slug:
            return category
    return DocumentCategory.OTHER


def find_markdown_files(path):
    """The Markdown files under ``path`` (itself when a file), sorted, hidden folders skipped."""
    path = Path(path)
    if path.is_file():
        return [path]
    return sorted(
        candidate
        for candidate in path.rglob("*")
        if candidate.is_file()
        and candidate.suffix.lower() in MARKDOWN_SUFFIXES
        and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
    )


def split_cells(row):
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", row)]


def escape_cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def parse_date(text):
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


BOM = b"\xef\xbb\xbf"
MAX_ENCODING_PROBLEMS = 10  # lines named in one file; a file in another encoding is wrong throughout
NUL_PROBLEM = "a NUL byte (0x00): this is not a text file; save it as plain UTF-8 text"


def encoding_problems(raw, name):
    """A ``FileProblem`` (line, column, the byte) for each line of ``raw`` that is not UTF-8, the
    first byte of each; at most ``MAX_ENCODING_PROBLEMS`` and a last one saying how many more."""
    problems, more, first_more = [], 0, 0
    start = len(BOM) if raw.startswith(BOM) else 0
    for number, line in enumerate(raw[start:].split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            if len(problems) >= MAX_ENCODING_PROBLEMS:
                more, first_more = more + 1, first_more or number
                continue
            column = len(line[: exc.start].decode("utf-8")) + 1
            problems.append(FileProblem(name, number, f"not UTF-8 text (byte 0x{line[exc.start]:02x}); "
                                                      "save the file as UTF-8", column))
    if more:
        problems.append(FileProblem(name, first_more, f"and {more} more line(s) from here on are not UTF-8 text"))
    return problems


def decode_text(raw, name):
    """The text of a file's bytes: UTF-8 with or without a BOM, lines ending in \\n. Raises
    ``FileProblems`` naming each line, column and byte that is not UTF-8, or an empty file."""
    if not raw.removeprefix(BOM).strip():
        raise FileProblems([FileProblem(name, 0, "the file is empty, there is nothing to import")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblems(encoding_problems(raw, name) or [FileProblem(name, 0, "not UTF-8 text")]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if nul := nul_bytes(text):
        raise FileProblems([FileProblem(name, number, NUL_PROBLEM, column) for number, column in nul])
    return text


def nul_bytes(text):
    """``(line, column)`` of the first NUL byte of each line holding one, at most
    ``MAX_ENCODING_PROBLEMS``: valid UTF-8, yet in no text file (and PostgreSQL stores none)."""
    if "\x00" not in text:
        return []
    return [(number, line.index("\x00") + 1) for number, line in enumerate(text.split("\n"), start=1)
            if "\x00" in line][:MAX_ENCODING_PROBLEMS]


def _read_text(path, name):
    return decode_text(Path(path).read_bytes(), name)


def read_text_file(path):
    """The text of a file named on a command line, read as ``decode_text`` reads an upload;
    ``FileProblems`` (missing, unreadable, not UTF-8, a NUL byte, empty) name it as given."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FileProblems([FileProblem(str(path), 0, "no such file")]) from None
    except OSError as exc:
        raise FileProblems([FileProblem(str(path), 0, f"cannot be read ({exc.strerror or exc})")]) from None
    return decode_text(raw, str(path))


def _parse_front_matter(lines, name, problems):
    """Return (metadata, metadata_lines, index of the first line after the block)."""
    if not lines or lines[0].strip() != "---":
        return {}, {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        problems.append(FileProblem(name, 1, "front matter opened with '---' is never closed"))
        return {}, {}, len(lines)
    block = "\n".join(lines[1:end])
    try:
        data = safe_load_yaml(block) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problems.append(FileProblem(name, line, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}"))
        return {}, {}, end + 1
    if not isinstance(data, dict):
        problems.append(FileProblem(name, 2, "front matter must be 'key: value' lines"))
        return {}, {}, end + 1
    key_lines = {}
    for offset, line in enumerate(lines[1:end], start=2):
        match = re.match(r"^(\w+)\s*:", line)
        if match:
            key_lines.setdefault(match.group(1), offset)
    metadata = {}
    for key, value in data.items():
        line = key_lines.get(str(key), 2)
        if key not in FRONT_MATTER_KEYS:
            known = ", ".join(sorted(FRONT_MATTER_KEYS))
            problems.append(FileProblem(name, line, f"unknown front matter key '{key}' (known: {known})"))
            continue
        if key == "category":
            if value not in DocumentCategory.values:
                problems.append(FileProblem(
                    name, line, f"category '{value}' is not one of {', '.join(DocumentCategory.values)}"
                ))
                continue
        elif key == "review_cadence":
            if value not in ReviewCadence.values:
                problems.append(FileProblem(
                    name, line, f"review_cadence '{value}' is not one of {', '.join(ReviewCadence.values)}"
                ))
                continue
        elif key == "last_reviewed":
            if isinstance(value, datetime.datetime):
                value = value.date()
            if not isinstance(value, datetime.date):
                value = parse_date(str(value)) if value is not None else None
                if value is None:
                    problems.append(FileProblem(name, line, "last_reviewed is not a date (use YYYY-MM-DD)"))
                    continue
        else:
            value = "" if value is None else " ".join(str(value).split())
        metadata[key] = value
    return metadata, {k: key_lines.get(k, 2) for k in metadata}, end + 1


def _parse_revision_table(lines, start, name, problems):
    """Parse the table after the Revision History heading at ``start``.

    Return (revisions, index after the section's table).
    """
    index = start + 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines) or not lines[index].lstrip().startswith("|"):
        problems.append(FileProblem(
            name, start + 1, "'Revision History' must be followed by a table: | Date | Version | Changes |"
        ))
        return [], index
    header = split_cells(lines[index])
    expected = [names[0].capitalize() for names in HEADER_NAMES]
    if len(header) != 3 or any(cell.lower() not in names for cell, names in zip(header, HEADER_NAMES, strict=False)):
        problems.append(FileProblem(
            name, index + 1,
            f"revision history header must be | {' | '.join(expected)} |, found | {' | '.join(header)} |",
        ))
        return [], index + 1
    index += 1
    if index >= len(lines) or not TABLE_SEPARATOR.match(lines[index].strip()):
        problems.append(FileProblem(
            name, index + 1, "revision history table needs a |---|---|---| line under its header"
        ))
        return [], index
    index += 1
    revisions, seen = [], {}
    while index < len(lines) and lines[index].strip().startswith("|"):
        line_no = index + 1
        cells = split_cells(lines[index])
        index += 1
        if len(cells) != 3:
            problems.append(FileProblem(name, line_no, f"revision history row has {len(cells)} cells, expected 3"))
            continue
        date_text, version_text, note = cells
        created = parse_date(date_text)
        if created is None:
            problems.append(FileProblem(name, line_no, f"'{date_text}' is not a date (use YYYY-MM-DD)"))
            continue
        match = VERSION.match(version_text.strip())
        if not match:
            problems.append(FileProblem(name, line_no, f"version '{version_text}' is not MAJOR.MINOR (like 1.2)"))
            continue
        major, minor = int(match.group(1)), int(match.group(2))
        if (major, minor) == (0, 0):
            problems.append(FileProblem(name, line_no, "version 0.0 is not allowed"))
            continue
        if (major, minor) in seen:
            problems.append(FileProblem(
                name, line_no, f"version {major}.{minor} is listed twice (also on line {seen[(major, minor)]})"
            ))
            continue
        seen[(major, minor)] = line_no
        revisions.append(Revision(created, major, minor, " ".join(note.split()), line_no))
    if not revisions and not any(p.file == name and p.line > start for p in problems):
        problems.append(FileProblem(name, start + 1, "revision history table has no rows"))
    return sorted(revisions, key=lambda r: r.key), index


def parse_document_file(path, *, name=None):
    """Parse one document file; raise ``FileProblems`` listing everything wrong with it."""
    name = name or str(path)
    text = _read_text(path, name)
    lines = text.split("\n")
    problems = []
    metadata, metadata_lines, index = _parse_front_matter(lines, name, problems)

    title, title_line, revisions = None, None, []
    drop = set()
    in_fence = None
    while index < len(lines):
        line = lines[index]
        fence = FENCE.match(line)
        if fence:
            marker = fence.group(1)
            if in_fence is None:
                in_fence = marker
            elif marker[0] == in_fence[0] and len(marker) >= len(in_fence):
                in_fence = None
            index += 1
            continue
        if in_fence is None and title is None and (match := TITLE_HEADING.match(line)):
            title, title_line = match.group(1).strip(), index + 1
            drop.add(index)
            index += 1
            continue
        if in_fence is None and REVISION_HEADING.match(line):
            if revisions:
                problems.append(FileProblem(name, index + 1, "a second 'Revision History' section"))
                index += 1
                continue
            revisions, end = _parse_revision_table(lines, index, name, problems)
            drop.update(range(index, end))
            index = end
            continue
        index += 1

    if title is None:
        problems.append(FileProblem(name, 1, "no title: the first '# ' heading is the document's title"))
    elif len(title) > 200:
        problems.append(FileProblem(name, title_line, "title is longer than 200 characters"))
    slug = slug_for(path)
    if not slug:
        problems.append(FileProblem(name, 1, "the file name gives no usable slug"))
    if problems:
        raise FileProblems(problems)

    start = front_matter_end(lines)
    body_lines = [line for number, line in enumerate(lines) if number >= start and number not in drop]
    return ParsedDocument(
        file=name, slug=slug, title=title, title_line=title_line, body=normalize_body("\n".join(body_lines)),
        revisions=revisions, metadata=metadata, metadata_lines=metadata_lines, text=text,
    )


def front_matter_end(lines):
    """The index of the first line after a leading ``---`` … ``---`` block (0 when there is none)."""
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() == "---":
                return end + 1
    return 0


def normalize_body(text):
    """Trailing spaces off every line, at most two blank lines in a row, no blank edges."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    kept, blanks = [], 0
    for line in lines:
        blanks = blanks + 1 if not line else 0
        if blanks <= 2:
            kept.append(line)
    return "\n".join(kept).strip("\n")


def format_document(document, versions):
    """The Markdown file for ``document``: front matter, title, body, revision history (newest first)."""
    front = {
        "category": document.category,
        "review_cadence": document.review_cadence,
    }
    if document.purpose:
        front["purpose"] = document.purpose
    if document.last_reviewed:
        front["last_reviewed"] = document.last_reviewed
    if document.owner_id:
        front["owner"] = document.owner.get_username()
    parts = ["---", yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000).strip(), "---", ""]
    parts.append(f"# {document.title}")
    if document.body:
        parts += ["", document.body]
    if versions:
        parts += ["", "## Revision History", "", "| Date | Version | Changes |", "|---|---|---|"]
        for version in sorted(versions, key=lambda v: (v.major, v.minor), reverse=True):
            parts.append(f"| {version.created.isoformat()} | {version.number} | {escape_cell(version.change_note)} |")
    return "\n".join(parts) + "\n"
