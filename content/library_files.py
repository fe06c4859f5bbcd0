"""The Markdown import and export of the library: a folder (or uploaded files and zips) of
documents in, the same folder structure and file names out.

All or nothing: ``ImportRefused`` names every problem of every file in one round.
"""

import io
import json
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import docfiles, trees
from .doclinks import DocumentLinks
from .models import Document, DocumentCategory, DocumentVersion, ReviewCadence
from .rendering import section_anchors
from .signals import document_major_version_published, library_exported, library_imported
from .uploads import unpack as uploads_unpack
from .versions import ImportRefused, next_number, refresh_derived, version_build

VERSIONED_FIELDS = ("title", "body")
METADATA_FIELDS = ("category", "purpose", "owner", "review_cadence", "last_reviewed")
# Every column an import may change on a known document.
DOCUMENT_FIELDS = (*VERSIONED_FIELDS, *METADATA_FIELDS, "source_path", "reading_minutes", "review_due")
BULK_BATCH = 500


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
    tree: dict = None  # a decision tree's questions (``trees.tree_data``), stored on its new version
    refresh_tree: bool = False  # the current version's stored tree is out of date (no new version)

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
    warnings: list = field(default_factory=list)  # FileProblems that do not refuse the import

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
        return ([change.describe() for change in self.changes] + [f"warning    {w}" for w in self.warnings]
                + [self.summary])


def _parse_files(path, *, label, problems):
    """Every file under ``path`` parsed, named by its path inside it ("runbooks/failover.md"),
    adding each file's problems to ``problems`` (those found earlier are kept)."""
    root = Path(path)
    if not root.exists():
        raise ImportRefused([*problems, docfiles.FileProblem(label, 0, "no such file or folder")])
    files = docfiles.find_markdown_files(root)
    if not files:
        raise ImportRefused(problems or [docfiles.FileProblem(label, 0, "no Markdown (.md) files here")])
    parsed, slugs = [], {}
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
    return parsed


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
        "source_path": doc.file,
    }
    if doc.revisions:
        versions = [
            PlannedVersion(r.major, r.minor, r.created, r.change_note, carries_text=(r is doc.revisions[-1]))
            for r in doc.revisions
        ]
    else:
        versions = [PlannedVersion(1, 0, today, f"First version, imported from {doc.file}", True)]
    # A revision history dates the last review; without one (and no last_reviewed) the document
    # was never reviewed, and says so until someone marks it reviewed.
    metadata["last_reviewed"] = doc.metadata.get("last_reviewed") or (versions[-1].created if doc.revisions else None)
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
    if _moved(doc.file, document.source_path):
        metadata["source_path"] = doc.file
        changed.append(f"path (was {document.source_path})" if document.source_path else "path")
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
        number = next_number(current, major=major)
        versions = [PlannedVersion(
            number[0], number[1], today,
            f"Imported from {doc.file} (no revision history entry for this change)", True,
        )]
    action = "update" if (changed or versions) else "unchanged"
    return DocumentChange(
        doc.slug, doc.file, action, parsed=doc, document=document, changed_fields=changed,
        metadata=metadata, versions=versions,
    )


def _moved(new, old):
    """Has the file moved? A file given on its own, outside any folder ("failover.md"), is the
    same file as the one imported before from a folder ("runbooks/failover.md"): it keeps its place."""
    if new == old:
        return False
    return "/" in new or PurePosixPath(old).name != new


def _documents_written(changes):
    """The documents of ``changes`` as they will be stored: new ones built, known ones with their
    new metadata and text, each checked (``full_clean``; the slugs were checked while planning)."""
    out = []
    for change in changes:
        doc = change.parsed
        if change.action == "create":
            document = Document(slug=doc.slug, title=doc.title, body=doc.body, **change.metadata)
        else:
            document = change.document
            document.title, document.body = doc.title, doc.body
            for key, value in change.metadata.items():
                setattr(document, key, value)
        refresh_derived(document)
        # The owner and the current version come from the database; the slugs were checked.
        document.full_clean(exclude=["owner", "current_version"], validate_unique=False,
                            validate_constraints=False)
        change.document = document
        out.append(document)
    return out


def _apply(changes):
    """Write every change in a handful of queries whatever their number: the new documents in
    one insert, the known ones in one update, their new versions in one insert, then each
    document's current version in one update."""
    now = timezone.now()
    created = [change.document for change in changes if change.action == "create"]
    updated = [change.document for change in changes if change.action == "update"]
    previous = {document.pk: document.current_version for document in updated}
    Document.objects.bulk_create(created, batch_size=BULK_BATCH)
    for document in updated:
        document.updated_at = now  # what auto_now would set on save()
    Document.objects.bulk_update(updated, [*DOCUMENT_FIELDS, "updated_at"], batch_size=BULK_BATCH)
    versions, latest = [], {}
    for change in changes:
        for planned in change.versions:
            version = version_build(
                document=change.document, major=planned.major, minor=planned.minor, created=planned.created,
                change_note=planned.change_note, title=change.parsed.title, body=change.parsed.body,
                body_recorded=planned.carries_text, tree=change.tree,
            )
            # Its document may be unsaved until the insert; the number is new (checked while planning).
            version.full_clean(exclude=["document"], validate_unique=False, validate_constraints=False)
            versions.append(version)
            if planned.carries_text:
                latest[change.document.pk] = version
    DocumentVersion.objects.bulk_create(versions, batch_size=BULK_BATCH)
    moved = [change.document for change in changes if change.document.pk in latest]
    for document in moved:
        document.current_version, document.updated_at = latest[document.pk], now
    Document.objects.bulk_update(moved, ["current_version", "updated_at"], batch_size=BULK_BATCH)
    for document in moved:
        before = previous.get(document.pk)
        if before is not None and document.current_version.major > before.major:
            document_major_version_published.send(sender=Document, document=document,
                                                  version=document.current_version)


def _plan_trees(changes, problems):
    """Read the decision tree of every decision-tree document (its category as it will be): a
    broken tree refuses the import with its lines. Returns the warnings: an outcome's link to a
    document or section the library does not have (sections move; the walk still shows the link)."""
    planted = []
    for change in changes:
        category = change.metadata.get("category") or (change.document.category if change.document else "")
        if category != DocumentCategory.DECISION_TREE:
            continue
        found, errors = trees.parse_trees(change.parsed.text)
        problems.extend(docfiles.FileProblem(change.parsed.file, line, reason) for line, reason in errors)
        change.tree = {"trees": found} if found else None
        current = change.document.current_version if change.document else None
        change.refresh_tree = (not any(version.carries_text for version in change.versions) and current is not None
                               and current.body_recorded and current.tree != _stored(change.tree))
        if found:
            planted.append(change)
    return _leaf_link_warnings(planted, changes) if planted and not problems else []


def _stored(tree):
    """A tree as it comes back from the database's JSON."""
    return json.loads(json.dumps(tree)) if tree is not None else None


def _leaf_link_warnings(tree_changes, changes):
    """Each outcome's link that leads to no document of the library (as it will be after the
    import), or to a section its document does not have."""
    importing = {change.slug: change for change in changes}
    rows = [(change.slug, change.file) for change in changes]
    rows += [row for row in Document.objects.exclude(slug__in=list(importing)).values_list("slug", "source_path")]
    bodies = {slug: change.parsed.body for slug, change in importing.items()}
    warnings = []
    for change in tree_changes:
        links = DocumentLinks(source=change.file, rows=rows, url_for=lambda slug: slug)
        for line, href in trees.leaf_links(change.tree["trees"]):
            resolved = links.resolve(href)
            if resolved is None:
                continue  # a web address or a page of this site: not ours to check
            if resolved.missing:
                warnings.append(docfiles.FileProblem(change.file, line, f"the outcome links to {resolved.missing}, "
                                                                        "which is not in the library"))
                continue
            slug, _hash, anchor = resolved.url.partition("#")
            if anchor and slug not in bodies:
                bodies[slug] = Document.objects.filter(slug=slug).values_list("body", flat=True).first() or ""
            if anchor and anchor not in section_anchors(bodies[slug]):
                warnings.append(docfiles.FileProblem(change.file, line, f"the outcome links to section #{anchor} "
                                                                        f"of {slug}, which has no such section"))
    return warnings


def _refresh_trees(changes):
    """The current version of an unchanged decision tree gets the tree its text gives (a version
    stored before trees were read, or read by an older rule)."""
    for change in changes:
        DocumentVersion.objects.filter(pk=change.document.current_version_id).update(tree=change.tree)


def library_import(*, path, major=False, dry_run=False, owner=None, today=None, source=None):
    """Import a folder of Markdown documents (recursively) or one file, all or nothing.

    New files become documents; for known ones only what changed is written, and a change of
    title or text adds a version: the newest new row of the file's revision history, or else
    the next minor version (the next major one with ``major=True``). ``owner`` owns new
    documents whose front matter names none. Raises ``ImportRefused`` (nothing changed) when
    any file is wrong. Returns an ``ImportReport``. ``source`` names where the files came from
    for the audit log (the path when not given).
    """
    return _import(path=path, major=major, dry_run=dry_run, owner=owner, today=today, source=source, problems=[])


def _import(*, path, major, dry_run, owner, today, source, problems):
    today = today or timezone.localdate()
    parsed = _parse_files(path, label=source or str(path), problems=problems)
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
    warnings = _plan_trees(changes, problems)
    if problems:
        raise ImportRefused(problems)
    report = ImportReport(changes=changes, dry_run=dry_run, warnings=warnings)
    if dry_run:
        return report
    written = [change for change in changes if change.action != "unchanged"]
    _documents_written(written)
    with transaction.atomic():
        _apply(written)
        _refresh_trees([change for change in changes if change.refresh_tree])
        library_imported.send(sender=Document, path=source or str(path), report=report)
    return report


def library_import_uploads(*, uploads, major=False, dry_run=False, owner=None, today=None):
    """Import uploaded Markdown files and zips of folders of them, as ``library_import`` imports a
    folder: all or nothing, ``ImportRefused`` naming each file that is wrong."""
    names = ", ".join(upload.name for upload in uploads)
    with tempfile.TemporaryDirectory(prefix="shiftready-import-") as folder:
        problems = uploads_unpack(uploads, folder)  # reported with those of the files that did unpack
        return _import(path=folder, major=major, dry_run=dry_run, owner=owner, today=today,
                       source=f"an upload ({names})", problems=problems)


def _export_name(document, taken):
    """The file a document is written to: the path it was imported from, or ``<slug>.md``."""
    path = PurePosixPath(document.source_path)
    if (document.source_path and not path.is_absolute() and ".." not in path.parts
            and path.suffix.lower() in docfiles.MARKDOWN_SUFFIXES and docfiles.slug_for(path) == document.slug
            and path.as_posix().lower() not in taken):
        return path.as_posix()
    return f"{document.slug}.md"


def _document_files():
    """``(file path, text)`` of every document, as the import reads them back: in the folders
    and under the file names they were imported from."""
    taken = set()
    for document in Document.objects.select_related("owner").prefetch_related("versions").order_by("slug"):
        name = _export_name(document, taken)
        taken.add(name.lower())
        yield name, docfiles.format_document(document, list(document.versions.all()))


def library_export(*, path):
    """Write every document into the folder ``path``, at the path it was imported from (or as
    ``<slug>.md``); return the files written. Importing the folder again changes nothing."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in _document_files():
        target = folder.joinpath(*PurePosixPath(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
        written.append(target)
    library_exported.send(sender=Document, path=str(folder), files=written)
    return written


def library_export_zip(*, filename):
    """Every document in a zip (bytes), downloaded as ``filename``, in its folders and under its
    file name, as ``library_export`` writes them. Uploading the zip again changes nothing."""
    buffer = io.BytesIO()
    names = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _document_files():
            archive.writestr(name, text)
            names.append(name)
    library_exported.send(sender=Document, path=f"a download ({filename})", files=names)
    return buffer.getvalue()
