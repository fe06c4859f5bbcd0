"""Gap reports and their closing, as the library announces them, go to the audit log; a document
marked reviewed moves its review rotation on, and the review queue asks whose turn it is."""

from django.dispatch import receiver

from content.signals import document_reviewed, gap_reported, gaps_closed, review_turns
from training.audit.models import AuditKind
from training.audit.recorder import record

from . import rotation


@receiver(gap_reported, dispatch_uid="feedback-gap-reported")
def on_gap_reported(sender, gap, **kwargs):
    where = f" (from {gap.context})" if gap.context else ""
    record(kind=AuditKind.GAP_REPORT, actor=gap.reporter,
           summary=f"gap reported in “{gap.document.title}”{where}: {gap.text}")


@receiver(gaps_closed, dispatch_uid="feedback-gaps-closed")
def on_gaps_closed(sender, document, version, gaps, by, **kwargs):
    record(kind=AuditKind.GAP_CLOSED, actor=by,
           summary=f"{len(gaps)} gap(s) in “{document.title}” closed by version {version.number}: "
                   + "; ".join(gap.text[:80] for gap in gaps))


@receiver(document_reviewed, dispatch_uid="feedback-rotation-advance")
def on_document_reviewed(sender, document, by, **kwargs):
    rotation.rotation_advance(document=document)


@receiver(review_turns, dispatch_uid="feedback-review-turns")
def on_review_turns(sender, documents, **kwargs):
    return rotation.review_turns(documents)
