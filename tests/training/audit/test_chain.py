"""The audit log is a hash chain: ``manage.py audit_verify`` and the audit page say whether it is
whole and name the first event that was changed or removed behind Shiftready's back; on
PostgreSQL a trigger refuses such an edit outright. Each test runs on both databases (``make
test``) and asserts what each one does."""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.urls import reverse

from tests.factories import TrainingAdminFactory, UserFactory
from tests.training.factories import Org
from training.audit import chain
from training.audit.models import AuditChainHead, AuditEvent, AuditKind
from training.audit.recorder import record
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import SignOff

POSTGRESQL = connection.vendor == "postgresql"


def history():
    """A few decisions and role changes: events with and without a sign-off."""
    org = Org()
    services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)
    for n in range(3):
        record(kind=AuditKind.EXPORT, summary=f"report {n} downloaded")
    return org


def verify_output():
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def refused_or_done(sql, params):
    """Run ``sql`` as any client of the database could. On PostgreSQL the trigger refuses it
    (asserted here); elsewhere it goes through."""
    if POSTGRESQL:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
        return False
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return True


def broken():
    with pytest.raises(CommandError) as refused:
        call_command("audit_verify")
    assert refused.value.returncode == 1
    return str(refused.value)


@pytest.mark.django_db
class TestVerify:
    def test_a_fresh_chain_verifies_with_its_count(self):
        history()
        count = AuditEvent.objects.count()
        assert count >= 8
        assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, count + 1))
        assert verify_output().strip() == f"OK: {count} audit event(s), the chain verified up to event #{count}."
        head = AuditChainHead.objects.get()
        assert (head.seq, head.hash) == (count, AuditEvent.objects.get(seq=count).hash)

    def test_a_summary_edited_in_sql_is_refused_on_postgresql_and_named_by_audit_verify_elsewhere(self):
        history()
        target = AuditEvent.objects.filter(signoff__isnull=True).order_by("seq")[2]
        done = refused_or_done("UPDATE training_auditevent SET summary = %s WHERE id = %s",
                               ["nothing to see here", target.pk])
        if done:
            message = broken()
            assert message.startswith(f"BROKEN at event #{target.seq}: event #{target.seq} (id {target.pk}) was "
                                      "changed after it was recorded")
            assert f"verified up to event #{target.seq - 1}" in message
        else:
            assert AuditEvent.objects.get(pk=target.pk).summary == target.summary
            assert verify_output().startswith("OK")

    def test_a_deleted_event_is_refused_on_postgresql_and_named_as_a_gap_elsewhere(self):
        history()
        count = AuditEvent.objects.count()
        if refused_or_done("DELETE FROM training_auditevent WHERE seq = %s", [3]):
            assert broken().startswith("BROKEN at event #3: event #3 is missing (deleted): event #4 follows event #2")
        else:
            assert AuditEvent.objects.count() == count and verify_output().startswith("OK")

    def test_a_removed_newest_event_shows_against_the_head(self):
        history()
        count = AuditEvent.objects.count()
        newest = AuditEvent.objects.get(seq=count)
        if refused_or_done("DELETE FROM training_auditevent WHERE id = %s", [newest.pk]):
            assert broken().startswith(f"BROKEN at event #{count}: events #{count} to #{count} are missing "
                                       f"(deleted): the log ends at event #{count - 1}, after {count} were recorded")
        else:
            assert verify_output().startswith(f"OK: {count} audit event(s)")

    def test_a_sign_off_edited_in_sql_is_refused_on_postgresql_and_breaks_its_event_elsewhere(self):
        org = history()
        signoff = SignOff.objects.filter(enrollment=org.enrollment).order_by("pk").last()
        if refused_or_done("UPDATE training_signoff SET comment = %s WHERE id = %s", ["Approved", signoff.pk]):
            event = AuditEvent.objects.get(signoff=signoff)
            assert broken().startswith(f"BROKEN at event #{event.seq}: event #{event.seq} (id {event.pk}) was changed")
        else:
            assert SignOff.objects.get(pk=signoff.pk).comment == signoff.comment
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                    connection.cursor() as cursor:
                cursor.execute("DELETE FROM training_signoff WHERE id = %s", [signoff.pk])

    def test_an_event_slipped_in_with_sql_is_named(self):
        history()
        count = AuditEvent.objects.count()
        with connection.cursor() as cursor:  # an INSERT is allowed everywhere: the chain shows it
            cursor.execute("INSERT INTO training_auditevent (at, kind, actor_name, summary, origin, prev_hash, hash)"
                           " VALUES (%s, 'export', 'mallory', 'nothing', 'web', '', '')",
                           [AuditEvent.objects.get(seq=1).at])
        stray = AuditEvent.objects.get(actor_name="mallory")
        assert broken().startswith(f"BROKEN at event #{count + 1}: event id {stray.pk} is not in the chain")


@pytest.mark.django_db
def test_the_audit_page_shows_how_far_the_chain_is_verified(client_for):
    history()
    admin = client_for(TrainingAdminFactory(username="trainadmin"))
    count = AuditEvent.objects.count()
    html = admin.get(reverse("training:audit_log")).content.decode()
    assert 'data-state="verified"' in html and f"Hash chain verified up to event #{count}:" in html
    target = AuditEvent.objects.get(seq=2)
    if refused_or_done("UPDATE training_auditevent SET actor_name = %s WHERE id = %s", ["someone else", target.pk]):
        html = admin.get(reverse("training:audit_log")).content.decode()
        assert 'data-state="broken"' in html
        assert "Hash chain broken at event #2:</strong> event #2 (id" in html and "Verified up to event #1." in html
    else:
        html = admin.get(reverse("training:audit_log")).content.decode()
        assert f"Hash chain verified up to event #{count + 0}:" in html


@pytest.mark.django_db(transaction=True)
def test_events_recorded_at_the_same_moment_never_fork_the_chain():
    """Eight writers at once (threads, each its own connection and transaction). PostgreSQL runs
    them concurrently and the head's row lock makes them take turns; SQLite lets one writer at a
    time, so there they run one after the other. Either way: one chain, numbered without a gap."""
    people = [UserFactory(username=f"writer{n}") for n in range(8)]
    before = AuditEvent.objects.count()

    def write(person):
        with transaction.atomic():
            for n in range(5):
                record(kind=AuditKind.EXPORT, actor=person, summary=f"{person.username} export {n}")

    if POSTGRESQL:
        barrier, errors = threading.Barrier(len(people)), []

        def run(person):
            try:
                barrier.wait()
                write(person)
            except Exception as error:  # noqa: BLE001 - what the test inspects
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(p,)) for p in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
    else:
        for person in people:
            write(person)
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, before + 41))
    state = chain.verify()
    assert state.ok and state.count == before + 40, state
