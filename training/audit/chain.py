"""The audit log as a hash chain, so that an edit made behind the application's back shows.

Each event stores ``hash``: the SHA-256 of its content (who, what, when, from where, and the
decision of the sign-off it points to) together with ``prev_hash``, the hash of the event before
it. Events are numbered ``seq`` 1, 2, 3… without gaps. ``link`` gives a new event its place: it
locks the one-row ``AuditChainHead`` in the event's transaction, so two events recorded at once
take turns and never fork the chain (SQLite serialises writes anyway). ``verify`` walks the chain
and names the first event that was changed, is missing or does not belong: ``manage.py
audit_verify`` and the audit page use it. On PostgreSQL a trigger also refuses any UPDATE or
DELETE of audit events and sign-offs (migration 0012), whoever sends it."""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import router

from .models import AuditChainHead, AuditEvent


def _moment(value):
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds") if value else None


def _signoff(signoff):
    if signoff is None:
        return None
    return {"id": signoff.pk, "enrollment": signoff.enrollment_id, "step": signoff.step_id,
            "action": signoff.action, "by": signoff.by_id, "comment": signoff.comment, "at": _moment(signoff.at),
            "track_version": signoff.track_version, "document_version": signoff.document_version,
            "exercise_log": signoff.exercise_log_id, "shadow_shift": signoff.shadow_shift_id}


def digest(event, signoff):
    """The SHA-256 (hex) of ``event``'s content and its link to the event before it. ``event`` is
    an ``AuditEvent`` (or the migrations' copy of the model), ``signoff`` the sign-off it points to."""
    content = {"seq": event.seq, "at": _moment(event.at), "kind": event.kind, "actor": event.actor_id,
               "actor_name": event.actor_name, "subject": event.subject_id, "summary": event.summary,
               "origin": event.origin, "ip": event.ip, "signoff": _signoff(signoff)}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{event.prev_hash}\n{text}".encode()).hexdigest()


def _head(using):
    head = AuditChainHead.objects.using(using).select_for_update().filter(pk=1).first()
    if head is None:  # a new database (or one flushed by a test): start from its last event
        last = AuditEvent.objects.using(using).filter(seq__isnull=False).order_by("-seq").first()
        AuditChainHead.objects.using(using).get_or_create(
            pk=1, defaults={"seq": last.seq if last else 0, "hash": last.hash if last else ""})
        head = AuditChainHead.objects.using(using).select_for_update().get(pk=1)
    return head


def link(event, *, using=None):
    """Give ``event`` (not saved yet) its place at the end of the chain and save it. Call it inside
    the transaction that records the event: the head stays locked until that transaction ends."""
    using = using or router.db_for_write(AuditEvent)
    head = _head(using)
    event.seq, event.prev_hash = head.seq + 1, head.hash
    event.hash = digest(event, event.signoff)
    event.save(using=using)
    AuditChainHead.objects.using(using).filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


@dataclass
class ChainState:
    count: int  # events verified, from #1
    broken_at: int | None = None  # the first event that fails, by its number
    problem: str = ""

    @property
    def ok(self):
        return self.broken_at is None

    def __str__(self):
        if self.ok:
            return f"OK: {self.count} audit event(s), the chain verified up to event #{self.count}."
        return f"BROKEN at event #{self.broken_at}: {self.problem} (verified up to event #{self.count})."


def verify(*, using=None):
    """Walk the whole chain in order, in three queries however long it is."""
    using = using or router.db_for_read(AuditEvent)
    events = AuditEvent.objects.using(using).select_related("signoff")
    expected, previous = 1, ""
    for event in events.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected:
            gap = f"events #{expected} to #{event.seq - 1} are" if event.seq - 1 > expected else f"event #{expected} is"
            return ChainState(expected - 1, expected, f"{gap} missing (deleted): event #{event.seq} follows "
                                                      f"event #{expected - 1}")
        if event.prev_hash != previous:
            return ChainState(expected - 1, event.seq, f"event #{event.seq} (id {event.pk}) no longer links to "
                                                       f"event #{event.seq - 1}")
        if digest(event, event.signoff) != event.hash:
            return ChainState(expected - 1, event.seq, f"event #{event.seq} (id {event.pk}) was changed after it "
                                                       "was recorded (or its sign-off was)")
        previous, expected = event.hash, expected + 1
    count = expected - 1
    head = AuditChainHead.objects.using(using).filter(pk=1).first()
    if head is not None and head.seq > count:
        return ChainState(count, expected, f"events #{expected} to #{head.seq} are missing (deleted): the log "
                                           f"ends at event #{count}, after {head.seq} were recorded")
    stray = events.filter(seq__isnull=True).order_by("pk").values_list("pk", flat=True).first()
    if stray is not None:
        return ChainState(count, count + 1, f"event id {stray} is not in the chain (written outside Shiftready)")
    return ChainState(count)
