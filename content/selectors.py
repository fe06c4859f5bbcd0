"""Reads of the library, with their joins and prefetches already applied, so that every page
runs a fixed number of queries however many documents there are."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from .doclinks import DocumentLinks
from .models import (
    Document,
    DocumentRating,
    DocumentVisit,
    GapReport,
    GapStatus,
    LearningPath,
    LearningPathItem,
    ReadAcknowledgement,
    ReadStatus,
    Scenario,
    ScenarioLink,
)


def library_documents(*, query="", category=""):
    """The library list: search over title, purpose and text, optionally one category."""
    return (
        Document.objects.search(query)
        .in_category(category)
        .select_related("current_version")
        .defer("body", "current_version__body")
        .order_by("title", "pk")
    )


def document_with_history():
    """Documents for the document page: owner, current version and every version, newest first."""
    return Document.objects.select_related("owner", "current_version").prefetch_related("versions")


def document_links(*, document):
    """How the relative links of ``document`` resolve: to the pages of the documents imported
    beside it. One query, run only when the text has a relative link."""
    return DocumentLinks(
        source=document.source_path,
        rows=Document.objects.order_by().values_list("slug", "source_path").iterator(),
        url_for=lambda slug: reverse("content:document_detail", kwargs={"slug": slug}),
    )


def reading_status(*, user, documents):
    """``{document_id: "unread" | "read" | "reread"}`` for ``user``, in one query.

    "read": the user acknowledged a version with the current major number (or a later one);
    "reread": they only read an older major version; "unread": no acknowledgement at all.
    """
    ids = {getattr(document, "pk", document) for document in documents}
    if not ids:
        return {}
    if not user.is_authenticated:
        return dict.fromkeys(ids, ReadStatus.UNREAD.value)
    return _reading_status(user, Document.objects.filter(pk__in=ids), "pk")


def reading_status_by_slug(*, user, slugs):
    """``{slug: "unread" | "read" | "reread"}`` of the documents named by ``slugs`` (those that
    exist), in one query that loads no document."""
    slugs = set(slugs)
    if not slugs:
        return {}
    documents = Document.objects.filter(slug__in=slugs)
    if not user.is_authenticated:
        return dict.fromkeys(documents.values_list("slug", flat=True), ReadStatus.UNREAD.value)
    return _reading_status(user, documents, "slug")


def _reading_status(user, documents, key):
    # A correlated subquery over this user's acknowledgements only: joining every reader's
    # acknowledgements and filtering in the aggregate cost 160-230 ms a page at 2,000 engineers.
    read_major = (
        ReadAcknowledgement.objects.filter(document=OuterRef("pk"), user=user)
        .order_by("-version__major").values("version__major")[:1]
    )
    rows = (
        documents.annotate(read_major=Subquery(read_major))
        .values_list(key, "current_version__major", "read_major")
    )
    status = {}
    for pk, current_major, read_major in rows:
        if read_major is None:
            status[pk] = ReadStatus.UNREAD.value
        elif current_major is None or read_major >= current_major:
            status[pk] = ReadStatus.READ.value
        else:
            status[pk] = ReadStatus.REREAD.value
    return status


def unread_documents(*, user, limit=3):
    """Up to ``limit`` documents ``user`` has not read in their current major version: those on
    a learning path first (in the path's order), then by title. One query."""
    read = ReadAcknowledgement.objects.filter(user=user, document=OuterRef("pk"),
                                              version__major__gte=OuterRef("current_version__major"))
    first_on_a_path = LearningPathItem.objects.filter(document=OuterRef("pk")).order_by("path__pk", "position")
    return (Document.objects.exclude(Exists(read))
            .annotate(path_position=Subquery(first_on_a_path.values("position")[:1]))
            .order_by(F("path_position").asc(nulls_last=True), "title")[:limit])


def has_opened(*, user, document):
    """Has ``user`` ever opened the document's page?"""
    return user.is_authenticated and DocumentVisit.objects.filter(user=user, document=document).exists()


def has_read_current_major(*, user, document):
    return reading_status(user=user, documents=[document]).get(document.pk) == ReadStatus.READ.value


def last_acknowledgement(*, user, document):
    """The user's latest acknowledgement of the document (with its version), or None."""
    return (
        ReadAcknowledgement.objects.filter(user=user, document=document)
        .select_related("version")
        .order_by("-version__major", "-version__minor", "-acknowledged_at")
        .first()
    )


def learning_paths():
    """Every learning path with ``total_minutes`` and ``item_count``, and its items' documents."""
    return LearningPath.objects.annotate(
        total_minutes=Sum("items__minutes"), item_count=Count("items")
    ).order_by("position", "title", "pk").prefetch_related(
        Prefetch(
            "items",
            queryset=LearningPathItem.objects.select_related("document").defer("document__body"),
        )
    )


@dataclass(frozen=True)
class PathProgress:
    done: int
    total: int
    minutes_done: int
    minutes_total: int

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self):
        return self.total > 0 and self.done == self.total


def path_progress(*, user, paths):
    """``(progress by path id, reading status by document id)`` for paths from ``learning_paths()``.

    An item is done when its document is "read" (a read of an older major version does not count).
    """
    paths = list(paths)
    documents = {item.document_id for path in paths for item in path.items.all()}
    status = reading_status(user=user, documents=documents)
    progress = {}
    for path in paths:
        items = list(path.items.all())
        done = [item for item in items if status.get(item.document_id) == ReadStatus.READ.value]
        progress[path.pk] = PathProgress(
            done=len(done), total=len(items),
            minutes_done=sum(item.minutes for item in done),
            minutes_total=sum(item.minutes for item in items),
        )
    return progress, status


def scenarios(*, query=""):
    """Scenarios matching ``query`` (symptom, description, linked document titles and sections)."""
    return Scenario.objects.search(query).prefetch_related(
        Prefetch(
            "links",
            queryset=ScenarioLink.objects.select_related("document").defer("document__body"),
        )
    )


def review_queue(*, today=None, owner=None):
    """Documents never reviewed (first), then those whose review is overdue, the most overdue first;
    only those ``owner`` owns when given."""
    documents = Document.objects.filter(owner=owner) if owner is not None else Document.objects.all()
    return (
        documents.needing_review(today or timezone.localdate())
        .select_related("owner", "current_version")
        .defer("body", "current_version__body")
        .order_by(F("last_reviewed").asc(nulls_first=True), F("review_due").asc(nulls_first=True), "title")
    )


# Feedback -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentFeedback:
    my_score: int | None
    average: float | None
    count: int
    open_gaps: int


def document_feedback(*, user, document):
    """The document's usefulness (average, count), ``user``'s own score and its open gaps: one query."""
    mine = DocumentRating.objects.filter(document=OuterRef("pk"), user=user.pk).values("score")[:1]
    row = Document.objects.filter(pk=document.pk).annotate(
        average=Avg("ratings__score"), count=Count("ratings", distinct=True), my_score=Subquery(mine),
        open_gaps=open_gap_count(document=OuterRef("pk")),
    ).values("average", "count", "my_score", "open_gaps").get()
    return DocumentFeedback(my_score=row["my_score"], average=row["average"], count=row["count"],
                            open_gaps=row["open_gaps"])


def open_gap_count(**document):
    """An annotation: how many open gap reports the document has, 0 when none. ``document``: the
    lookup to the outer row, ``document=OuterRef("pk")`` or (the track page's steps)
    ``document__slug=OuterRef("ref")``."""
    count = (GapReport.objects.filter(status=GapStatus.OPEN, **document).order_by()
             .values("status").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(count), 0)


def gaps_to_review(*, user, everything=False):
    """Open gaps of the documents ``user`` owns (of every document when ``everything``), by
    document, oldest report first."""
    return (GapReport.objects.open().for_reviewer(user, everything=everything)
            .select_related("document", "reporter").defer("document__body")
            .order_by("document__title", "document_id", "created_at", "pk"))


def gaps_reported_by(*, user):
    """``user``'s gap reports, open ones first, newest first, with the version that closed each."""
    return (GapReport.objects.filter(reporter=user).select_related("document", "closed_by_version")
            .defer("document__body", "closed_by_version__body")
            .order_by(F("closed_at").desc(nulls_first=True), "-created_at", "-pk"))


def open_gaps_of(*, document):
    return document.gap_reports.filter(status=GapStatus.OPEN).select_related("reporter").order_by("created_at", "pk")


def versions_after(*, document, since):
    """Versions of the document recorded after ``since`` (newest first): those that can close a gap
    reported then."""
    return document.versions.filter(Q(recorded_at__gt=since)).defer("body").order_by("-major", "-minor")
