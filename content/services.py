"""Every state change of the library: documents and versions, reviews, reading acknowledgements,
learning paths and scenarios; the Markdown import and export live in ``library_files`` and are
offered here too.

Functions are named verb-first, take keyword-only arguments and run in a transaction. A refused
action raises ``ContentError`` (its message is meant for the person who asked).
"""

from django.db import transaction
from django.utils import timezone

from . import access, docfiles, signals
from .feedback import document_rate, gap_report, gaps_close  # noqa: F401 - feedback on the library
from .library_files import (  # noqa: F401 - the import and export, offered here with every other change
    METADATA_FIELDS,
    VERSIONED_FIELDS,
    DocumentChange,
    ImportReport,
    PlannedVersion,
    library_export,
    library_export_zip,
    library_import,
    library_import_uploads,
)
from .models import (
    Document,
    DocumentCategory,
    DocumentVisit,
    LearningPath,
    LearningPathItem,
    ReadAcknowledgement,
    ReviewCadence,
    Scenario,
    ScenarioLink,
)
from .rendering import heading_slug, section_anchors
from .versions import (  # noqa: F401 - ContentError and ImportRefused are the library's refusals
    ContentError,
    ImportRefused,
    current_set,
    next_number,
    refresh_derived,
    tree_check,
    version_add,
)


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
    refresh_derived(document)
    document.full_clean()
    tree = tree_check(category=document.category, body=document.body)
    document.save()
    version = version_add(
        document=document, major=1, minor=0, created=version_date, change_note=change_note,
        title=document.title, body=document.body, tree=tree,
    )
    current_set(document=document, version=version)
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
    refresh_derived(document)
    document.full_clean()
    tree = tree_check(category=document.category, body=document.body)
    document.save()
    if not text_changed:
        return None
    number = next_number(document.current_version, major=major)
    version = version_add(
        document=document, major=number[0], minor=number[1],
        created=version_date or timezone.localdate(),
        change_note=change_note or ("Major revision" if major else "Edited"),
        title=document.title, body=document.body, tree=tree,
    )
    current_set(document=document, version=version)
    return version


@transaction.atomic
def document_mark_reviewed(*, document, user, on=None):
    """Record that ``user`` reviewed the document (today unless ``on``); the next review moves on."""
    if not access.is_content_admin(user):
        raise ContentError("Only training admins may mark a document as reviewed.")
    document = Document.objects.select_for_update().get(pk=document.pk)
    document.last_reviewed = on or timezone.localdate()
    refresh_derived(document)
    document.full_clean()
    document.save(update_fields=["last_reviewed", "review_due", "updated_at"])
    signals.document_reviewed.send(sender=Document, document=document, by=user)
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


