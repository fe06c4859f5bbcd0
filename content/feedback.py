"""Feedback on the library, the state changes: rating a document's usefulness, reporting a gap
("this runbook does not say how to …"), and closing gaps with the version that addresses them.
Offered by ``content.services`` with every other change; reads are in ``content.selectors``."""

from django.db import transaction
from django.utils import timezone

from . import access, signals
from .models import DocumentRating, DocumentVersion, GapReport, GapStatus
from .versions import ContentError

GAP_TEXT_MAX = 2000


def parse_score(value):
    """A usefulness score from a form: 1 to 5, or a ``ContentError``."""
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ContentError("Pick a usefulness from 1 (not useful) to 5 (very useful).")
    return score


@transaction.atomic
def document_rate(*, user, document, score):
    """``user`` rates how useful the document is (1–5); rating again replaces their rating."""
    if not access.may_read_library(user):
        raise ContentError("Log in to rate documents.")
    rating, _created = DocumentRating.objects.update_or_create(
        user=user, document=document, defaults={"score": parse_score(score), "rated_at": timezone.now()})
    return rating


def clean_gap_text(text):
    text = (text or "").strip()
    if not text:
        raise ContentError("Say what the document does not tell you.")
    if len(text) > GAP_TEXT_MAX:
        raise ContentError(f"Keep the report to {GAP_TEXT_MAX} characters (it has {len(text)}).")
    return text


@transaction.atomic
def gap_report(*, reporter, document, text, context=""):
    """``reporter`` says what the document lacks; it waits in the owner's review queue."""
    if not access.may_read_library(reporter):
        raise ContentError("Log in to report a gap.")
    gap = GapReport(document=document, reporter=reporter, text=clean_gap_text(text), context=context[:300])
    gap.full_clean()
    gap.save()
    signals.gap_reported.send(sender=GapReport, gap=gap)
    return gap


@transaction.atomic
def gaps_close(*, document, version, gaps, by):
    """The document's owner (or a training admin) says ``version`` addresses ``gaps`` (open gaps
    of this document, reported before the version was recorded). All or nothing."""
    if not access.may_close_gaps(by, document):
        raise ContentError("Only the document's owner or a training admin closes its gaps.")
    if not isinstance(version, DocumentVersion) or version.document_id != document.pk:
        raise ContentError("Pick a version of this document.")
    ids = {getattr(gap, "pk", gap) for gap in gaps}
    if not ids:
        raise ContentError("Tick the gaps this version addresses.")
    rows = list(GapReport.objects.select_for_update().filter(pk__in=ids, document=document).order_by("pk"))
    if len(rows) != len(ids) or any(not gap.is_open for gap in rows):
        raise ContentError("Some of those gaps are closed already or belong to another document: reload the page.")
    older = [gap for gap in rows if gap.created_at >= version.recorded_at]
    if older:
        raise ContentError(
            f"Version {version.number} was recorded before {len(older)} of these gaps were reported: "
            "only a newer version can address them.")
    now = timezone.now()
    for gap in rows:
        gap.status, gap.closed_by_version, gap.closed_by, gap.closed_at = GapStatus.CLOSED, version, by, now
        gap.full_clean()
        gap.save(update_fields=["status", "closed_by_version", "closed_by", "closed_at"])
    signals.gaps_closed.send(sender=GapReport, document=document, version=version, gaps=rows, by=by)
    return rows
