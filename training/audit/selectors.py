"""Reads of the audit log."""

from django.db.models import Q

from .models import AuditEvent


def events(*, kind="", person=None, since=None, until=None):
    """Audit events newest first, filtered; related rows joined (a fixed number of queries)."""
    queryset = AuditEvent.objects.for_log()
    if kind:
        queryset = queryset.filter(kind=kind)
    if person is not None:
        queryset = queryset.filter(Q(actor=person) | Q(subject=person))
    if since:
        queryset = queryset.filter(at__date__gte=since)
    if until:
        queryset = queryset.filter(at__date__lte=until)
    return queryset.order_by("-at", "-pk")
