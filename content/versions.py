"""The pieces every change of a document shares: the library's refusal, derived fields, and
adding a version. Used by ``services`` (authoring, reviews) and ``library_files`` (import)."""

from . import trees
from .models import Document, DocumentCategory, DocumentVersion, review_due_date
from .rendering import reading_minutes
from .signals import document_major_version_published


class ContentError(Exception):
    """An action the library refuses; the message says why, for the person who asked."""


class ImportRefused(ContentError):
    """An import that changed nothing because some files are wrong; ``problems`` says where."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        super().__init__(
            "Import refused, nothing was changed:\n" + "\n".join(f"  {p}" for p in self.problems)
        )


def refresh_derived(document):
    document.reading_minutes = reading_minutes(f"{document.title}\n{document.body}")
    document.review_due = review_due_date(
        cadence=document.review_cadence, last_reviewed=document.last_reviewed
    )


def next_number(current, *, major):
    if current is None:
        return (1, 0)
    return (current.major + 1, 0) if major else (current.major, current.minor + 1)


def version_build(*, document, major, minor, created, change_note, title="", body="", body_recorded=True,
                  tree=None):
    """A version of ``document``, not checked nor saved (the import checks and writes them in bulk).
    ``tree``: a decision tree's questions (``trees.tree_data``), checked by the caller."""
    return DocumentVersion(
        document=document, major=major, minor=minor, created=created,
        change_note=" ".join((change_note or "").split())[:500],
        title=title if body_recorded else "", body=body if body_recorded else "",
        body_recorded=body_recorded, tree=tree if body_recorded else None,
    )


def tree_check(*, category, body):
    """The decision tree of a text about to become a version (``trees.tree_data``), or None for a
    document of another category; ``ContentError`` naming each line of a broken tree."""
    if category != DocumentCategory.DECISION_TREE:
        return None
    found, errors = trees.parse_trees(body)
    if errors:
        raise ContentError("The decision tree is not right (lines of the text):\n"
                           + "\n".join(f"  line {line}: {reason}" for line, reason in errors))
    return {"trees": found} if found else None


def version_add(**fields):
    """A new version of ``document``, checked and saved."""
    version = version_build(**fields)
    version.full_clean()
    version.save()
    return version


def current_set(*, document, version):
    """Make ``version`` the current one and announce a new major version to listeners."""
    previous = document.current_version
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    if previous is not None and version.major > previous.major:
        document_major_version_published.send(sender=Document, document=document, version=version)


