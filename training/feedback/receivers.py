"""Gap reports and their closing, as the library announces them, go to the audit log."""

from django.dispatch import receiver

from content.signals import gap_reported, gaps_closed
from training.audit.models import AuditKind
from training.audit.recorder import record


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
