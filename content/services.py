"""Every state change of the library: documents and versions, reviews, reading acknowledgements,
learning paths, scenarios, and the Markdown import and export.

Functions are named verb-first, take keyword-only arguments and run in a transaction. A refused
action raises ``ContentError`` (its message is meant for the person who asked).
"""

import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import access, docfiles
from .models import (
    Document,
    DocumentCategory,
    DocumentVersion,
    DocumentVisit,
    LearningPath,
    LearningPathItem,
    ReadAcknowledgement,
    ReviewCadence,
    Scenario,
    ScenarioLink,
    review_due_date,
)
from .rendering import heading_slug, reading_minutes, section_anchors
from .signals import document_major_version_published, library_exported, library_imported
from .uploads import unpack as uploads_unpack

VERSIONED_FIELDS = ("title", "body")
METADATA_FIELDS = ("category", "purpose", "owner", "review_cadence", "last_reviewed")


class ContentError(Exception):
    """An action the library refuses; the message says why, for the person who asked."""


class ImportRefused(ContentError):
    """An import that changed nothing because some files are wrong; ``problems`` says where."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        super().__init__(
            "Import refused, nothing was changed:\n" + "\n".join(f"  {p}" for p in self.problems)
        )


# Documents and versions ----------------------------------------------------------------------


def _refresh_derived(document):
    document.reading_minutes = reading_minutes(f"{document.title}\n{document.body}")
    document.review_due = review_due_date(
        cadence=document.review_cadence, last_reviewed=document.last_reviewed
    )


def _next_number(current, *, major):
    if current is None:
        return (1, 0)
    return (current.major + 1, 0) if major else (current.major, current.minor + 1)


def _version_add(*, document, major, minor, created, change_note, title="", body="", body_recorded=True):
    version = DocumentVersion(
        document=document, major=major, minor=minor, created=created,
        change_note=" ".join((change_note or "").split())[:500],
        title=title if body_recorded else "", body=body if body_recorded else "",
        body_recorded=body_recorded,
    )
    version.full_clean()
    version.save()
    return version


def _current_set(*, document, version):
    """Make ``version`` the current one and announce a new major version to listeners."""
    previous = document.current_version
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    if previous is not None and version.major > previous.major:
        document_major_version_published.send(sender=Document, document=document, version=version)


@transaction.atomic
def document_create(
    *, slug, title, body, category=DocumentCategory.OTHER, purpose="", owner=None,
    review_cadence=ReviewCadence.QUARTERLY, last_reviewed=None, change_note="First version",
    version_date=None,
):
    """A new document with its first version, 1.0."""
    version_date = version_date or timezone.localdate()
    document = Document(
        slug=slug, title=title.strip(), body=docfiles.normalize_body(body), category=category,
        purpose=purpose, owner=owner, review_cadence=review_cadence,
        last_reviewed=last_reviewed or version_date,
    )
    _refresh_derived(document)
    document.full_clean()
    document.save()
    version = _version_add(
        document=document, major=1, minor=0, created=version_date, change_note=change_note,
        title=document.title, body=document.body,
    )
    _current_set(document=document, version=version)
    return document


@transaction.atomic
def document_update(*, document, change_note="", major=False, version_date=None, **changes):
    """Change a document. A new title or body adds a version (``major=True`` makes it N+1.0);
    every earlier version stays. Returns the new version, or None when only metadata changed."""
    unknown = set(changes) - set(VERSIONED_FIELDS) - set(METADATA_FIELDS)
    if unknown:
        raise TypeError(f"document_update() got unknown fields: {', '.join(sorted(unknown))}")
    document = Document.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=document.pk)
    if "body" in changes:
        changes["body"] = docfiles.normalize_body(changes["body"])
    if "title" in changes:
        changes["title"] = changes["title"].strip()
    text_changed = any(
        field_name in changes and changes[field_name] != getattr(document, field_name)
        for field_name in VERSIONED_FIELDS
    )
    for field_name, value in changes.items():
        setattr(document, field_name, value)
    _refresh_derived(document)
    document.full_clean()
    document.save()
    if not text_changed:
        return None
    number = _next_number(document.current_version, major=major)
    version = _version_add(
        document=document, major=number[0], minor=number[1],
        created=version_date or timezone.localdate(),
        change_note=change_note or ("Major revision" if major else "Edited"),
        title=document.title, body=document.body,
    )
    _current_set(document=document, version=version)
    return version


@transaction.atomic
def document_mark_reviewed(*, document, user, on=None):
    """Record that ``user`` reviewed the document (today unless ``on``); the next review moves on."""
    if not access.is_content_admin(user):
        raise ContentError("Only training admins may mark a document as reviewed.")
    document = Document.objects.select_for_update().get(pk=document.pk)
    document.last_reviewed = on or timezone.localdate()
    _refresh_derived(document)
    document.full_clean()
    document.save(update_fields=["last_reviewed", "review_due", "updated_at"])
    return document


# Reading -------------------------------------------------------------------------------------


@transaction.atomic
def document_acknowledge(*, user, document):
    """``user`` has read the document's current version. Idempotent: returns the one record."""
    if not access.may_read_library(user):
        raise ContentError("Log in to mark documents as read.")
    document = Document.objects.select_related("current_version").get(pk=document.pk)
    if document.current_version is None:
        raise ContentError("This document has no version to mark as read yet.")
    acknowledgement, _created = ReadAcknowledgement.objects.get_or_create(
        user=user, version=document.current_version, defaults={"document": document}
    )
    return acknowledgement


def document_opened(*, user, document):
    """``user`` opened the document's page: kept once, the first time (what "I have read it" on a
    reading step waits for). Nothing for someone not logged in."""
    if user.is_authenticated:
        DocumentVisit.objects.get_or_create(user=user, document=document)


# Learning paths and scenarios ----------------------------------------------------------------


def _resolve_document(document):
    if isinstance(document, Document):
        return document
    try:
        return Document.objects.get(slug=document)
    except Document.DoesNotExist:
        raise ContentError(f"There is no document '{document}' in the library.") from None


def _check_section(document, section):
    if section and heading_slug(section) not in section_anchors(document.body):
        raise ContentError(f"'{document.title}' has no section called '{section}'.")


@transaction.atomic
def learning_path_save(*, slug, title, role, items, description="", position=0):
    """Create or replace a learning path. ``items``: dicts with ``document`` (a Document or a
    slug), ``minutes``, and optionally ``section`` (a heading of the document) and ``note``."""
    path, _ = LearningPath.objects.get_or_create(
        slug=slug, defaults={"title": title, "role": role, "position": position}
    )
    path.title, path.role, path.description, path.position = title, role, description, position
    path.full_clean()
    path.save()
    path.items.all().delete()
    for number, item in enumerate(items, start=1):
        document = _resolve_document(item["document"])
        section = item.get("section", "")
        _check_section(document, section)
        row = LearningPathItem(
            path=path, position=number, document=document, section=section,
            minutes=item["minutes"], note=item.get("note", ""),
        )
        row.full_clean()
        row.save()
    return path


@transaction.atomic
def scenario_save(*, slug, symptom, links, description=""):
    """Create or replace a scenario. ``links``: dicts with ``document`` and optionally
    ``section`` and ``note``."""
    scenario, _ = Scenario.objects.get_or_create(slug=slug, defaults={"symptom": symptom})
    scenario.symptom, scenario.description = symptom, description
    scenario.full_clean()
    scenario.save()
    scenario.links.all().delete()
    for number, link in enumerate(links, start=1):
        document = _resolve_document(link["document"])
        section = link.get("section", "")
        _check_section(document, section)
        row = ScenarioLink(
            scenario=scenario, position=number, document=document, section=section, note=link.get("note", ""),
        )
        row.full_clean()
        row.save()
    return scenario


# Import and export ---------------------------------------------------------------------------


@dataclass
class PlannedVersion:
    major: int
    minor: int
    created: object
    change_note: str
    carries_text: bool

    @property
    def number(self):
        return f"{self.major}.{self.minor}"


@dataclass
class DocumentChange:
    """What an import does (or, in a dry run, would do) to one document."""

    slug: str
    file: str
    action: str  # "create", "update" or "unchanged"
    parsed: object = None
    document: object = None
    changed_fields: list = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    versions: list = field(default_factory=list)

    def describe(self):
        if self.action == "unchanged":
            return f"unchanged  {self.slug}"
        return f"{self.action:<9}  {self.slug} ({self.file}): {self.details}"

    @property
    def details(self):
        """What changes: the fields and the new version numbers."""
        parts = []
        if self.changed_fields:
            parts.append("changed: " + ", ".join(self.changed_fields))
        if self.versions:
            numbers = ", ".join(
                f"{v.number} (major)" if self._is_major(v) else v.number for v in self.versions
            )
            parts.append(f"new version{'s' if len(self.versions) > 1 else ''}: {numbers}")
        return "; ".join(parts)

    def _is_major(self, version):
        current = self.document.current_version if self.document else None
        return current is not None and version.major > current.major


@dataclass
class ImportReport:
    changes: list
    dry_run: bool = False

    def count(self, action):
        return sum(1 for change in self.changes if change.action == action)

    @property
    def summary(self):
        create, update, same = self.count("create"), self.count("update"), self.count("unchanged")
        if self.dry_run:
            return (
                f"Dry run, nothing was changed: would create {create}, update {update}, "
                f"leave {same} unchanged."
            )
        return f"Imported {len(self.changes)} file(s): {create} created, {update} updated, {same} unchanged."

    def lines(self):
        return [change.describe() for change in self.changes] + [self.summary]


def _parse_files(path):
    root = Path(path)
    if not root.exists():
        raise ImportRefused([docfiles.FileProblem(str(path), 0, "no such file or folder")])
    files = docfiles.find_markdown_files(root)
    if not files:
        raise ImportRefused([docfiles.FileProblem(str(path), 0, "no Markdown (.md) files here")])
    parsed, problems, slugs = [], [], {}
    for file in files:
        name = file.name if root.is_file() else file.relative_to(root).as_posix()
        try:
            document = docfiles.parse_document_file(file, name=name)
        except docfiles.FileProblems as exc:
            problems.extend(exc.problems)
            continue
        if document.slug in slugs:
            problems.append(docfiles.FileProblem(
                name, 1, f"gives the same slug '{document.slug}' as {slugs[document.slug]}"
            ))
            continue
        slugs[document.slug] = name
        parsed.append(document)
    return parsed, problems


def _resolve_owners(parsed, problems):
    usernames = {doc.metadata["owner"] for doc in parsed if doc.metadata.get("owner")}
    User = get_user_model()
    users = {u.get_username(): u for u in User.objects.filter(**{f"{User.USERNAME_FIELD}__in": usernames})}
    for doc in parsed:
        username = doc.metadata.get("owner")
        if username and username not in users:
            problems.append(docfiles.FileProblem(
                doc.file, doc.metadata_lines["owner"], f"owner '{username}' is not a user of Shiftready"
            ))
    return users


def _plan_new(doc, *, owner, users, today):
    metadata = {
        "category": doc.metadata.get("category") or docfiles.guess_category(doc.slug),
        "purpose": doc.metadata.get("purpose", ""),
        "review_cadence": doc.metadata.get("review_cadence", ReviewCadence.QUARTERLY),
        "owner": users.get(doc.metadata.get("owner")) or owner,
    }
    if doc.revisions:
        versions = [
            PlannedVersion(r.major, r.minor, r.created, r.change_note, carries_text=(r is doc.revisions[-1]))
            for r in doc.revisions
        ]
    else:
        versions = [PlannedVersion(1, 0, today, f"First version, imported from {doc.file}", True)]
    metadata["last_reviewed"] = doc.metadata.get("last_reviewed") or versions[-1].created
    return DocumentChange(doc.slug, doc.file, "create", parsed=doc, metadata=metadata, versions=versions)


def _plan_existing(doc, document, *, major, users, today, problems):
    metadata, changed = {}, []
    for key in METADATA_FIELDS:
        if key not in doc.metadata:
            continue
        value = users.get(doc.metadata[key]) if key == "owner" else doc.metadata[key]
        current = document.owner if key == "owner" else getattr(document, key)
        if value != current:
            metadata[key] = value
            changed.append(key.replace("_", " "))
    for key in VERSIONED_FIELDS:
        if getattr(doc, key) != getattr(document, key):
            changed.append(key)
    text_changed = any(getattr(doc, key) != getattr(document, key) for key in VERSIONED_FIELDS)

    current = document.current_version
    current_key = (current.major, current.minor) if current else (0, 0)
    known = {(v.major, v.minor) for v in document.versions.all()}
    new = [r for r in doc.revisions if r.key not in known]
    versions = []
    for revision in new:
        if revision.key < current_key:
            problems.append(docfiles.FileProblem(
                doc.file, revision.line,
                f"version {revision.number} is not in the library and is older than its current "
                f"version {current.number}; new versions must come after {current.number}",
            ))
    if new:
        newest = new[-1]
        if major and current and newest.major <= current.major:
            problems.append(docfiles.FileProblem(
                doc.file, newest.line,
                f"--major asks for a major version but the revision history names {newest.number} "
                f"as the new one; number it {current.major + 1}.0 or leave out --major",
            ))
        versions = [
            PlannedVersion(r.major, r.minor, r.created, r.change_note, carries_text=(r is newest)) for r in new
        ]
    elif text_changed:
        number = _next_number(current, major=major)
        versions = [PlannedVersion(
            number[0], number[1], today,
            f"Imported from {doc.file} (no revision history entry for this change)", True,
        )]
    action = "update" if (changed or versions) else "unchanged"
    return DocumentChange(
        doc.slug, doc.file, action, parsed=doc, document=document, changed_fields=changed,
        metadata=metadata, versions=versions,
    )


def _apply(change):
    doc = change.parsed
    if change.action == "create":
        document = Document(slug=doc.slug, title=doc.title, body=doc.body, **change.metadata)
        _refresh_derived(document)
        document.full_clean()
        document.save()
    else:
        document = change.document
        document.title, document.body = doc.title, doc.body
        for key, value in change.metadata.items():
            setattr(document, key, value)
        _refresh_derived(document)
        document.full_clean()
        document.save()
    latest = None
    for planned in change.versions:
        version = _version_add(
            document=document, major=planned.major, minor=planned.minor, created=planned.created,
            change_note=planned.change_note, title=doc.title, body=doc.body,
            body_recorded=planned.carries_text,
        )
        if planned.carries_text:
            latest = version
    if latest is not None:
        _current_set(document=document, version=latest)
    return document


def library_import(*, path, major=False, dry_run=False, owner=None, today=None, source=None):
    """Import a folder of Markdown documents (recursively) or one file, all or nothing.

    New files become documents; for known ones only what changed is written, and a change of
    title or text adds a version: the newest new row of the file's revision history, or else
    the next minor version (the next major one with ``major=True``). ``owner`` owns new
    documents whose front matter names none. Raises ``ImportRefused`` (nothing changed) when
    any file is wrong. Returns an ``ImportReport``. ``source`` names where the files came from
    for the audit log (the path when not given).
    """
    today = today or timezone.localdate()
    parsed, problems = _parse_files(path)
    users = _resolve_owners(parsed, problems)
    existing = {
        document.slug: document
        for document in Document.objects.filter(slug__in=[doc.slug for doc in parsed])
        .select_related("current_version", "owner")
        .prefetch_related("versions")
    }
    changes = []
    for doc in parsed:
        if doc.slug in existing:
            changes.append(_plan_existing(
                doc, existing[doc.slug], major=major, users=users, today=today, problems=problems
            ))
        else:
            changes.append(_plan_new(doc, owner=owner, users=users, today=today))
    if problems:
        raise ImportRefused(problems)
    report = ImportReport(changes=changes, dry_run=dry_run)
    if dry_run:
        return report
    with transaction.atomic():
        for change in changes:
            if change.action != "unchanged":
                change.document = _apply(change)
        library_imported.send(sender=Document, path=source or str(path), report=report)
    return report


def library_import_uploads(*, uploads, major=False, dry_run=False, owner=None, today=None):
    """Import uploaded Markdown files and zips of folders of them, as ``library_import`` imports a
    folder: all or nothing, ``ImportRefused`` naming each file that is wrong."""
    names = ", ".join(upload.name for upload in uploads)
    with tempfile.TemporaryDirectory(prefix="shiftready-import-") as folder:
        problems = uploads_unpack(uploads, folder)
        if problems:
            raise ImportRefused(problems)
        return library_import(path=folder, major=major, dry_run=dry_run, owner=owner, today=today,
                              source=f"an upload ({names})")


def _document_files():
    """``(file name, text)`` of every document, as the import reads them back."""
    for document in Document.objects.select_related("owner").prefetch_related("versions").order_by("slug"):
        yield f"{document.slug}.md", docfiles.format_document(document, list(document.versions.all()))


def library_export(*, path):
    """Write every document as ``<slug>.md`` into the folder ``path``; return the files written.

    Importing the folder again changes nothing.
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in _document_files():
        target = folder / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    library_exported.send(sender=Document, path=str(folder), files=written)
    return written


def library_export_zip(*, filename):
    """Every document as ``<slug>.md`` in a zip (bytes), downloaded as ``filename``. Uploading
    the zip on the import page again changes nothing."""
    buffer = io.BytesIO()
    names = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _document_files():
            archive.writestr(name, text)
            names.append(name)
    library_exported.send(sender=Document, path=f"a download ({filename})", files=names)
    return buffer.getvalue()
