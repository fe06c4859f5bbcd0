"""Recertification: expiry rules, the clock moving a certification through its states, reviews,
refresh, re-reading changed documents, reminders, the calendar feed and the expiring-soon view."""

import datetime
from contextlib import contextmanager
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from content import services as content_services
from content.models import Document
from tests.content.factories import DocumentFactory
from tests.factories import UserFactory
from tests.training.factories import ExerciseFactory, Org
from training.certification import calendar_feed, reminders, reviews, states
from training.certification.models import Certificate, CertificationReview, ReReadItem
from training.certification.rules import next_expiry
from training.certification.states import CertState
from training.errors import TrainingError
from training.tracks import services as track_services
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import Enrollment, ShiftRole

D = datetime.date


@contextmanager
def clock(day):
    """Move the clock to noon on ``day`` for everything that asks django.utils.timezone."""
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def track_stub(**kwargs):
    values = dict(validity_months=12, renewal_basis="completion", renewal_month=None, renewal_day=None,
                  min_active_days=0)
    values.update(kwargs)
    return SimpleNamespace(**values)


class TestNextExpiry:
    def test_from_completion(self):
        assert next_expiry(track_stub(), completed_on=D(2026, 3, 15)) == D(2027, 3, 15)

    def test_from_the_previous_expiry_when_renewed_early(self):
        track = track_stub(renewal_basis="previous_expiry")
        assert next_expiry(track, completed_on=D(2026, 12, 1), previous_expiry=D(2027, 1, 10)) == D(2028, 1, 10)

    def test_from_completion_when_the_previous_one_had_lapsed(self):
        track = track_stub(renewal_basis="previous_expiry")
        assert next_expiry(track, completed_on=D(2027, 3, 1), previous_expiry=D(2027, 1, 10)) == D(2028, 3, 1)

    def test_fixed_date_each_year_with_a_minimum_active_period(self):
        track = track_stub(renewal_basis="fixed_date", renewal_month=1, renewal_day=31, min_active_days=90)
        assert next_expiry(track, completed_on=D(2026, 6, 1)) == D(2027, 1, 31)
        # Completed in December: next 31 January is too soon for 90 days, so a year later.
        assert next_expiry(track, completed_on=D(2026, 12, 1)) == D(2028, 1, 31)

    def test_no_validity_means_no_expiry(self):
        assert next_expiry(track_stub(validity_months=None), completed_on=D(2026, 1, 1)) is None

    def test_end_of_month_is_clamped(self):
        assert next_expiry(track_stub(validity_months=1), completed_on=D(2026, 1, 31)) == D(2026, 2, 28)


RECERT_TRACK = """---
name: Recert track
slug: recert
validity_months: 12
recertification:
  window_days: 30
  renewal: previous_expiry
  refresh_track: quick-refresh
  currency_months: 6
  review: quarterly
readiness:
  Core knowledge:
    - Knows the system
---
## Week 1
- [ ] Read the runbook {{ref: {document}}}
- [ ] Exercise: Practise {{ref: {exercise}}}
- [ ] Shadow the on-call engineer {{hours: 2}}
- [ ] Manager sign-off
"""

REFRESH_TRACK = """---
name: Quick refresh
slug: quick-refresh
readiness:
  Core knowledge:
    - Still knows the system
---
## Refresh
- [ ] Confirm nothing changed in your tools
- [ ] Manager sign-off
"""


def certify(org, *, on):
    """Take the org's engineer through the whole track and the final sign-off on day ``on``."""
    with clock(on):
        progress = org.progress(StepKind.READ)
        content_services.document_opened(user=org.engineer, document=Document.objects.get(slug=progress.step.ref))
        services.step_mark_read(progress=progress, by=org.engineer)
        log = services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                           notes="done", ticks=[0, 1])
        services.exercise_log_verify(log=log, by=org.mentor)
        shift = services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer,
                                          date=on - datetime.timedelta(days=1), hours=2, host=org.host,
                                          role=ShiftRole.OBSERVE)
        services.shadow_shift_confirm(shift=shift, by=org.host)
        services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=org.track.readiness_items)
        services.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
    return Certificate.objects.get(enrollment=org.enrollment)


@pytest.fixture
def org(db):
    document = DocumentFactory(slug="runbook", title="The runbook")
    exercise = ExerciseFactory(slug="practise")
    track_services.track_import(text=REFRESH_TRACK)
    track, _ = track_services.track_import(text=RECERT_TRACK.format(document=document.slug, exercise=exercise.slug))
    org = Org(track=track)
    org.document = document
    return org


def state(org, day):
    return states.certifications([org.engineer], today=day)[(org.engineer.pk, "recert")]


class TestTheClock:
    def test_certified_then_due_then_expired_then_refreshed(self, org):
        assert state(org, D(2026, 1, 5)).state == CertState.IN_TRAINING
        first = certify(org, on=D(2026, 1, 10))
        assert (first.issued_on, first.expires_on) == (D(2026, 1, 10), D(2027, 1, 10))
        # A host confirms a shift every few months, so the currency rule holds.
        assert state(org, D(2026, 3, 1)).state == CertState.CERTIFIED
        due = state(org, D(2026, 12, 15))
        assert due.state == CertState.DUE and "expires on 10 Jan 2027" in due.reasons[0]
        assert state(org, D(2027, 1, 11)).state == CertState.EXPIRED

        # Renewal while due: the review asks for a refresh, which enrols the engineer.
        with clock(D(2026, 12, 15)):
            reviews.review_record(certificate=first, by=org.manager, outcome="refresh",
                                  notes="Due: take the refresh")
        refresh = Enrollment.objects.get(engineer=org.engineer, renews=first)
        assert refresh.track.slug == "quick-refresh"
        assert "refresh in progress" in state(org, D(2026, 12, 16)).reasons
        with clock(D(2026, 12, 20)):
            services.step_complete_checklist(progress=refresh.progress.get(step__kind=StepKind.CHECKLIST),
                                             by=org.engineer)
            services.readiness_complete(enrollment=refresh, by=org.manager, checked=refresh.track.readiness_items)
            services.enrollment_sign_off(enrollment=refresh, by=org.manager)
        renewed = Certificate.objects.get(enrollment=refresh)
        # Previous-expiry rule: renewing early loses nothing.
        assert (renewed.track.slug, renewed.previous, renewed.expires_on) == ("recert", first, D(2028, 1, 10))
        assert Certificate.objects.filter(engineer=org.engineer).count() == 2  # history kept
        assert state(org, D(2027, 2, 1)).state == CertState.CERTIFIED
        assert state(org, D(2027, 2, 1)).certificate == renewed

    def test_the_currency_rule_makes_a_certification_due(self, org):
        certify(org, on=D(2026, 1, 10))
        # Six months without a confirmed shift, as host or shadow.
        current = state(org, D(2026, 7, 11))
        assert current.state == CertState.DUE
        assert "no confirmed on-call shift for 6 months" in current.reasons

    def test_a_shift_hosted_keeps_the_engineer_current(self, org):
        certify(org, on=D(2026, 1, 10))
        newcomer = Org(prefix="n-", track=org.track)
        newcomer.team.members.add(org.engineer)
        with clock(D(2026, 6, 1)):
            shift = services.shadow_shift_log(progress=newcomer.progress(StepKind.SHADOW), by=newcomer.engineer,
                                              date=D(2026, 5, 30), hours=2, host=org.engineer)
            services.shadow_shift_confirm(shift=shift, by=org.engineer)
        assert state(org, D(2026, 7, 11)).state == CertState.CERTIFIED

    def test_a_review_can_revoke(self, org):
        certificate = certify(org, on=D(2026, 1, 10))
        reviews.review_record(certificate=certificate, by=org.manager, outcome="revoke",
                              notes="Left the rota")
        certificate.refresh_from_db()
        assert certificate.revoked_at is not None and "Left the rota" in certificate.revocation_reason
        assert state(org, D(2026, 2, 1)).state == CertState.REVOKED

    def test_reviews_are_for_the_manager_only(self, org):
        certificate = certify(org, on=D(2026, 1, 10))
        with pytest.raises(TrainingError, match="Only the engineer's manager"):
            reviews.review_record(certificate=certificate, by=org.mentor, outcome="fine")
        with pytest.raises(TrainingError, match="your own"):
            reviews.review_record(certificate=certificate, by=org.engineer, outcome="fine")
        with pytest.raises(TrainingError, match="needs notes"):
            reviews.review_record(certificate=certificate, by=org.manager, outcome="refresh")
        assert not CertificationReview.objects.exists()

    def test_the_review_schedule_shows_when_the_next_review_is_due(self, org):
        certificate = certify(org, on=D(2026, 1, 10))
        assert state(org, D(2026, 2, 1)).review_due == D(2026, 4, 10)  # quarterly from issue
        reviews.review_record(certificate=certificate, by=org.manager, outcome="fine", on=D(2026, 4, 2))
        assert state(org, D(2026, 4, 3)).review_due == D(2026, 7, 2)


class TestReRead:
    def test_a_major_version_asks_certified_engineers_to_re_read(self, org, client):
        certify(org, on=timezone.localdate())
        client.force_login(org.engineer)
        assert "has a new major version" not in client.get(reverse("training:my_training")).content.decode()
        content_services.document_update(document=org.document, change_note="Typos", body="Fixed typos.")
        assert not ReReadItem.objects.exists()  # a minor version asks nothing
        content_services.document_update(document=org.document, change_note="New failover", major=True,
                                         body="## Failover\n\nEverything changed.")
        item = ReReadItem.objects.get(engineer=org.engineer)
        assert item.version == "2.0"
        client.force_login(org.manager)
        assert 'data-testid="reread-count">1 to re-read' in client.get(reverse("training:team")).content.decode()
        client.force_login(org.engineer)
        assert "has a new major version (2.0)" in client.get(reverse("training:my_training")).content.decode()
        content_services.document_acknowledge(user=org.engineer, document=org.document)
        item.refresh_from_db()
        assert item.done_at is not None
        assert "has a new major version" not in client.get(reverse("training:my_training")).content.decode()

    def test_engineers_not_certified_are_not_asked(self, org):
        content_services.document_update(document=org.document, change_note="New", major=True, body="New text")
        assert not ReReadItem.objects.exists()


class TestReminders:
    def test_due_certification_reminds_engineer_and_manager_once_a_day(self, org):
        certify(org, on=D(2026, 1, 10))
        mail.outbox.clear()
        sent = reminders.send_reminders(today=D(2026, 12, 15))
        assert sent == 2
        by_person = {m.to[0]: m for m in mail.outbox}
        assert "recertification" in by_person["engineer@example.com"].body
        digest = by_person["manager@example.com"]
        assert "digest" in digest.subject and org.engineer.get_full_name() in digest.body
        assert reminders.send_reminders(today=D(2026, 12, 15)) == 0  # idempotent
        assert len(mail.outbox) == 2
        assert reminders.send_reminders(today=D(2026, 12, 16)) == 2  # again the next day

    def test_the_manager_digest_gathers_overdue_training_and_pending_sign_offs(self, org):
        Enrollment.objects.filter(pk=org.enrollment.pk).update(target_date=D(2026, 1, 1))
        services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                     notes="done", ticks=[0, 1])
        reminders.send_reminders(today=D(2026, 2, 1))
        digest = next(m for m in mail.outbox if m.to == ["manager@example.com"])
        assert "is overdue" in digest.body and "is waiting for you" in digest.body
        assert len([m for m in mail.outbox if m.to == ["manager@example.com"]]) == 1
        mentor = next(m for m in mail.outbox if m.to == ["mentor@example.com"])
        assert "Practise" in mentor.body

    def test_the_command_sends_and_reports(self, org, capsys):
        from django.core.management import call_command

        certify(org, on=D(2026, 1, 10))
        call_command("send_reminders", "--date", "2026-12-15")
        assert "2 emails sent" in capsys.readouterr().out


class TestCalendarAndExpiring:
    def test_feed_with_the_right_token_lists_expiry_and_due_dates(self, org, client):
        certify(org, on=D(2026, 1, 10))
        feed = calendar_feed.calendar_feed_for(org.engineer)
        response = client.get(reverse("public:calendar_ics", args=[feed.token]))
        body = response.content.decode()
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        assert "DTSTART;VALUE=DATE:20270110" in body and "certificate expires" in body
        assert "DTSTART;VALUE=DATE:20261211" in body and "recertification due" in body

    def test_a_wrong_token_is_404(self, org, client):
        calendar_feed.calendar_feed_for(org.engineer)
        assert client.get(reverse("public:calendar_ics", args=["not-the-token"])).status_code == 404

    def test_a_new_address_retires_the_old_one(self, org, client):
        old = calendar_feed.calendar_feed_for(org.engineer).token
        client.force_login(org.engineer)
        client.post(reverse("training:calendar_renew"))
        client.logout()
        assert client.get(reverse("public:calendar_ics", args=[old])).status_code == 404

    def test_manager_sees_team_dates_in_their_feed(self, org, client):
        certify(org, on=D(2026, 1, 10))
        feed = calendar_feed.calendar_feed_for(org.manager)
        body = client.get(reverse("public:calendar_ics", args=[feed.token])).content.decode()
        assert f"{org.engineer.get_full_name()}: Recert track certificate expires" in body.replace("\r\n ", "")

    def test_expiring_soon_lists_and_exports_within_the_window(self, org, client):
        certify(org, on=timezone.localdate() - datetime.timedelta(days=340))  # expires in ~25 days
        client.force_login(org.manager)
        html = client.get(reverse("training:expiring") + "?days=30").content.decode()
        assert html.count('data-testid="expiring-row"') == 1
        csv_text = client.get(reverse("training:expiring_csv") + "?days=30").content.decode()
        assert org.engineer.get_full_name() in csv_text
        other = Org(prefix="x-", track=org.track)
        client.force_login(other.manager)
        assert 'data-testid="expiring-row"' not in client.get(reverse("training:expiring")).content.decode()
        client.force_login(org.engineer)
        assert client.get(reverse("training:expiring")).status_code == 403

    def test_another_teams_manager_cannot_open_a_review(self, org, client):
        certificate = certify(org, on=timezone.localdate())
        client.force_login(Org(prefix="x-", track=org.track).manager)
        assert client.get(reverse("training:certificate_review", args=[certificate.pk])).status_code == 404
        client.force_login(org.mentor)
        assert client.get(reverse("training:certificate_review", args=[certificate.pk])).status_code == 404
        client.force_login(UserFactory(username="stranger"))
        assert client.post(reverse("training:certificate_review", args=[certificate.pk]),
                           {"outcome": "revoke", "notes": "x"}).status_code == 404
        certificate.refresh_from_db()
        assert certificate.revoked_at is None

    def test_manager_reviews_through_the_page(self, org, client):
        certificate = certify(org, on=timezone.localdate())
        client.force_login(org.manager)
        response = client.post(reverse("training:certificate_review", args=[certificate.pk]),
                               {"outcome": "fine", "notes": ""}, follow=True)
        assert "Review recorded" in response.content.decode()
        assert CertificationReview.objects.filter(certificate=certificate, outcome="fine").exists()


def test_the_daily_schedule_queues_a_run_that_queues_the_next_one(org, settings):
    from django.core.management import call_command
    from django_tasks import default_task_backend

    from training.site.daily import send_reminders_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    call_command("send_reminders", "--schedule", "07:30")
    (queued,) = default_task_backend.results
    assert queued.task.run_after.hour == 7 and queued.task.run_after.minute == 30
    assert queued.kwargs == {"reschedule": True}
    # The run itself sends and queues tomorrow's.
    send_reminders_task.call(reschedule=True)
    assert len(default_task_backend.results) == 2
    assert default_task_backend.results[1].task.run_after > queued.task.run_after
