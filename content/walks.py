"""Walking a decision tree: where an answer leads, the runbook section an outcome shows, and the
practice walks a person records (theirs only). The tree itself is read at import (``trees``)."""

import datetime
from dataclasses import dataclass
from urllib.parse import unquote, urlencode

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from . import access, trees
from .doclinks import DocumentLinks
from .models import Document, DocumentCategory, PracticeWalk
from .rendering import render_markdown
from .selectors import document_links
from .versions import ContentError

# A practice walk started longer ago than this is not one walk any more (a tab left open overnight).
PRACTICE_MAX = datetime.timedelta(hours=12)
PRACTICE_SALT = "content.walks.practice"


def tree_of(document):
    """The decision tree of the document's current version, or None (not a decision tree, or
    one written without questions)."""
    version = document.current_version
    if document.category != DocumentCategory.DECISION_TREE or version is None or not version.tree:
        return None
    return version.tree


def outcome_title(document, key):
    """The words of the outcome ``tree-5/restore-the-pool`` in the document's tree, or ""."""
    tree, _slash, leaf = key.partition("/")
    for candidate in (tree_of(document) or {}).get("trees", []):
        if candidate["id"] == tree:
            for node in candidate["nodes"]:
                for answer in node["answers"]:
                    if answer.get("leaf", {}).get("id") == leaf:
                        return answer["leaf"]["title"]
    return ""


def walk_url(document, key, *, user):
    """Where a track step sends its engineer: a practice walk of the outcome's tree, starting now."""
    query = urlencode({"tree": key.partition("/")[0], "practice": practice_token(user)})
    return reverse("content:document_walk", args=[document.slug]) + "?" + query


@dataclass(frozen=True)
class Section:
    document: Document
    url: str
    html: str


def outcome_section(*, document, href):
    """The section an outcome's link names (``incident-response-guide.md#scenario-2-…``), rendered
    as the library renders documents; None for a link to no document of the library or to a web
    page (the walk then shows the link as written)."""
    if not href:
        return None
    rows = list(Document.objects.order_by().values_list("slug", "source_path"))
    resolved = DocumentLinks(source=document.source_path, rows=rows, url_for=lambda slug: slug).resolve(href)
    if resolved is None or resolved.missing:
        return None
    slug, _hash, anchor = resolved.url.partition("#")
    target = Document.objects.filter(slug=slug).first()
    if target is None:
        return None
    anchor = unquote(anchor)
    markdown = trees.section_markdown(target.body, anchor) if anchor else ""
    html = render_markdown(markdown, links=document_links(document=target)).html if markdown else ""
    return Section(document=target, url=target.get_absolute_url() + (f"#{anchor}" if anchor else ""), html=html)


def practice_token(user, *, at=None):
    """The ``practice`` parameter of a practice walk ``user`` starts now (or ``at``): signed, so that
    only its walker's requests record it and its start cannot be moved."""
    at = at or timezone.now()
    return signing.dumps({"u": user.pk, "t": int(at.timestamp())}, salt=PRACTICE_SALT, compress=True)


def practice_started(value, *, user, now=None):
    """When the practice walk of the ``practice`` parameter started; None when it is not ``user``'s,
    not signed by us, in the future or older than ``PRACTICE_MAX``."""
    now = now or timezone.now()
    try:
        data = signing.loads(value, salt=PRACTICE_SALT)
        started = datetime.datetime.fromtimestamp(int(data["t"]), tz=datetime.UTC)
    except (signing.BadSignature, TypeError, KeyError, ValueError, OverflowError, OSError):
        return None
    if data.get("u") != user.pk or not now - PRACTICE_MAX <= started <= now:
        return None
    return started


def practice_walk_record(*, user, document, walk, started_at):
    """Record ``user``'s practice walk that reached an outcome. A second look at the same outcome of
    the same walk records nothing new: returns ``(walk, created)``."""
    if not access.may_read_library(user):
        raise ContentError("Log in to record a practice walk.")
    if walk.leaf is None:
        raise ContentError("A practice walk is recorded when it reaches an outcome.")
    fields = {"user": user, "document": document, "started_at": started_at, "leaf": walk.leaf_key}
    try:
        with transaction.atomic():
            record, created = PracticeWalk.objects.get_or_create(**fields, defaults={
                "version": document.current_version, "tree": walk.tree["id"], "path": walk.path,
                "leaf_title": walk.leaf["title"][:200], "reached_at": max(timezone.now(), started_at),
            })
    except IntegrityError:  # the same page, twice at once
        return PracticeWalk.objects.get(**fields), False
    return record, created


def practice_walks_of(*, user, document, limit=10):
    """``user``'s own practice walks of ``document``, newest first: nobody sees another's."""
    return PracticeWalk.objects.filter(user=user, document=document).select_related("version")[:limit]
