"""The check-in pages: the week's facts filled in, the form kept when refused, the engineer's
rating, the lists' query counts, the denials, and the line in the reminder digest."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.training.factories import Org
from training.certification import reminders
from training.checkins import services
from training.checkins.models import CheckIn, Owner
from training.tracks.models import StepKind
from training.workflow import services as workflow_services
from training.workflow.models import Enrollment, ShadowShift, StepProgress

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def started(org, days_ago):
    Enrollment.objects.filter(pk=org.enrollment.pk).update(start_date=TODAY - datetime.timedelta(days=days_ago))
    org.enrollment.refresh_from_db()
    return org.enrollment


def week_url(org, week=1, action=""):
    name = {"": "training:checkin_week", "record": "training:checkin_record", "confirm": "training:checkin_confirm"}
    return reverse(name[action], args=[org.enrollment.pk, week])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


class TestTheWeekPage:
    def test_the_facts_of_the_week_are_filled_in(self, client):
        org = Org()
        started(org, 9)  # week 1 ended two days ago: its open steps are overdue
        workflow_services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)
        workflow_services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                              notes="Task 42", ticks=[0, 1])
        # Completed during week 1 (the enrollment "started" 9 days ago).
        StepProgress.objects.filter(step__kind=StepKind.CHECKLIST).update(
            completed_at=timezone.now() - datetime.timedelta(days=8))
        shadow = org.progress(StepKind.SHADOW)
        for days_ago, hours in ((5, "3"), (1, "2")):  # one shift in week 1, one in week 2
            ShadowShift.objects.create(progress=shadow, date=TODAY - datetime.timedelta(days=days_ago),
                                       hours=Decimal(hours), host=org.host)
        client.force_login(org.mentor)
        html = client.get(week_url(org)).content.decode()
        assert 'data-testid="facts-done">1<' in html and "Confirm your pager works" in html
        assert 'data-testid="facts-waiting">2<' in html and "Practise the thing" in html  # log, shift pending
        assert 'data-testid="facts-overdue">0<' in html
        assert 'data-testid="facts-shadow">3 h<' in html
        assert 'data-testid="checkin-form"' in html

    def test_open_steps_of_an_ended_week_show_as_overdue(self, client):
        org = Org()
        started(org, 9)
        client.force_login(org.engineer)
        html = client.get(week_url(org)).content.decode()
        assert 'data-testid="facts-overdue">3<' in html  # the exercise, the checklist item, the shadow shifts
        assert 'data-testid="checkin-form"' not in html  # the engineer does not record

    def test_recording_shows_the_check_in_and_the_engineer_adds_their_confidence(self, client):
        org = Org()
        client.force_login(org.mentor)
        response = client.post(week_url(org, action="record"), {
            "held_at": TODAY.isoformat(), "mentor_confidence": "3", "notes": "Steady week",
            "action_0": "Read the incident guide", "owner_0": "engineer", "owner_1": "mentor", "owner_2": "engineer"})
        assert response.status_code == 302
        client.force_login(org.engineer)
        html = client.get(week_url(org)).content.decode()
        assert 'data-testid="mentor-confidence">3 / 5' in html and "Read the incident guide" in html
        assert 'data-testid="confirm-form"' in html
        assert client.post(week_url(org, action="confirm"), {"confidence": "4"}).status_code == 302
        html = client.get(week_url(org)).content.decode()
        assert 'data-testid="engineer-confidence">4 / 5' in html and 'data-testid="confirm-form"' not in html

    def test_a_refused_form_keeps_what_was_typed(self, client):
        org = Org()
        client.force_login(org.mentor)
        response = client.post(week_url(org, action="record"), {
            "held_at": TODAY.isoformat(), "notes": "Talked about paging", "action_0": "Shadow a night shift",
            "owner_0": "mentor", "owner_1": "engineer", "owner_2": "engineer"})  # no confidence
        html = response.content.decode()
        assert response.status_code == 200 and "pick a rating from 1 to 5" in html
        assert "Talked about paging" in html and 'value="Shadow a night shift"' in html
        assert not CheckIn.objects.exists()

    def test_a_service_refusal_shows_on_the_form_with_the_input(self, client):
        org = Org()
        started(org, 3)
        client.force_login(org.mentor)
        response = client.post(week_url(org, 2, action="record"), {
            "held_at": TODAY.isoformat(), "mentor_confidence": "2", "notes": "Early",
            "owner_0": "engineer", "owner_1": "engineer", "owner_2": "engineer"})
        html = response.content.decode()
        assert response.status_code == 200 and 'data-testid="form-refused"' in html and "Week 2 starts on" in html
        assert "Early" in html and not CheckIn.objects.exists()

    def test_carried_actions_are_offered_with_their_week(self, client):
        org = Org()
        started(org, 8)
        services.checkin_record(enrollment=org.enrollment, week=1, by=org.mentor, held_at=TODAY, mentor_confidence=3,
                                actions=[("Read the runbook", Owner.ENGINEER)])
        client.force_login(org.mentor)
        html = client.get(week_url(org, 2)).content.decode()
        assert 'data-testid="carried-actions"' in html and "Read the runbook" in html and "from week 1" in html

    def test_a_week_the_track_does_not_have_is_404(self, client):
        org = Org()
        client.force_login(org.mentor)
        assert client.get(week_url(org, 3)).status_code == 404


class TestDenials:
    def test_people_outside_the_enrollment_get_404(self, client):
        org = Org()
        for person in (org.host, UserFactory()):
            client.force_login(person)
            assert client.get(reverse("training:checkin_list", args=[org.enrollment.pk])).status_code == 404
            assert client.get(week_url(org)).status_code == 404
            assert client.post(week_url(org, action="record"), {"mentor_confidence": "3"}).status_code == 404
        assert not CheckIn.objects.exists()

    def test_the_engineer_cannot_record_their_own_check_in(self, client):
        org = Org()
        client.force_login(org.engineer)
        response = client.post(week_url(org, action="record"), {
            "held_at": TODAY.isoformat(), "mentor_confidence": "5", "owner_0": "engineer", "owner_1": "engineer",
            "owner_2": "engineer"}, follow=True)
        assert "mentor, their manager or a training admin" in response.content.decode()
        assert not CheckIn.objects.exists()

    def test_the_mentor_cannot_add_the_engineers_confidence(self, client):
        org = Org()
        checkin = services.checkin_record(enrollment=org.enrollment, week=1, by=org.mentor, held_at=TODAY,
                                          mentor_confidence=3)
        client.force_login(org.mentor)
        response = client.post(week_url(org, action="confirm"), {"confidence": "5"}, follow=True)
        assert "Only the engineer adds their confidence" in response.content.decode()
        checkin.refresh_from_db()
        assert checkin.engineer_confidence is None


class TestLists:
    def grow(self, org, n):
        for _ in range(n):
            engineer = UserFactory()
            org.team.members.add(engineer)
            enrollment = workflow_services.enrollment_create(engineer=engineer, track=org.track, by=org.manager,
                                                             mentor=org.mentor)
            Enrollment.objects.filter(pk=enrollment.pk).update(start_date=TODAY - datetime.timedelta(days=30))
            services.checkin_record(enrollment=Enrollment.objects.get(pk=enrollment.pk), week=1, by=org.mentor,
                                    held_at=TODAY, mentor_confidence=4, actions=[("Something", Owner.ENGINEER)])

    def test_the_enrollment_list_shows_the_next_check_in_due(self, client):
        org = Org()
        started(org, 20)
        client.force_login(org.engineer)
        html = client.get(reverse("training:checkin_list", args=[org.enrollment.pk])).content.decode()
        assert 'data-testid="next-checkin"' in html and "week 1" in html and "overdue" in html

    def test_the_mentors_list_flags_the_overdue_and_costs_the_same_with_more_engineers(self, client):
        org = Org()
        started(org, 30)
        client.force_login(org.mentor)
        url = reverse("training:my_checkins")
        html = client.get(url).content.decode()
        assert "Week 1 check-in overdue" in html
        before = count_queries(client, url)
        self.grow(org, 5)
        html = client.get(url).content.decode()
        assert html.count('data-testid="meeting-row"') == 6 and html.count('data-testid="checkin-overdue"') == 6
        assert count_queries(client, url) == before

    def test_the_enrollment_list_costs_the_same_with_more_check_ins(self, client):
        org = Org()
        started(org, 9)
        client.force_login(org.mentor)
        url = reverse("training:checkin_list", args=[org.enrollment.pk])
        client.get(url)  # the navigation built and kept (training.pagecache)
        before = count_queries(client, url)
        services.checkin_record(enrollment=org.enrollment, week=1, by=org.mentor, held_at=TODAY, mentor_confidence=4,
                                actions=[("One", Owner.ENGINEER), ("Two", Owner.MENTOR)])
        services.checkin_record(enrollment=org.enrollment, week=2, by=org.mentor, held_at=TODAY, mentor_confidence=4)
        assert count_queries(client, url) == before


class TestDigest:
    def test_an_overdue_check_in_is_a_line_in_the_managers_digest_and_the_mentors_reminders(self):
        org = Org()
        started(org, 20)
        reminders.send_reminders()
        digest = next(m for m in mail.outbox if m.to == ["manager@example.com"])
        assert "digest" in digest.subject
        assert f"{org.engineer.get_full_name()}: the week 1 check-in (Simple track) was due on" in digest.body
        assert any("week 1 check-in" in m.body for m in mail.outbox if m.to == ["mentor@example.com"])

    def test_no_line_once_the_check_in_is_recorded(self):
        org = Org()
        started(org, 20)
        services.checkin_record(enrollment=org.enrollment, week=1, by=org.mentor, held_at=TODAY, mentor_confidence=3)
        reminders.send_reminders()
        assert not any("check-in" in m.body for m in mail.outbox)


def test_a_week_recorded_meanwhile_says_so(client):
    org = Org()
    services.checkin_record(enrollment=org.enrollment, week=1, by=org.manager, held_at=TODAY, mentor_confidence=3)
    client.force_login(org.mentor)
    response = client.post(week_url(org, action="record"), {
        "held_at": TODAY.isoformat(), "mentor_confidence": "4", "owner_0": "engineer", "owner_1": "engineer",
        "owner_2": "engineer"})
    assert "The week 1 check-in is already recorded." in response.content.decode()
    assert CheckIn.objects.get().held_by == org.manager


def test_the_enrollment_page_and_the_queue_link_to_the_check_ins(client):
    org = Org()
    client.force_login(org.engineer)
    html = client.get(reverse("training:enrollment_detail", args=[org.enrollment.pk])).content.decode()
    assert reverse("training:checkin_list", args=[org.enrollment.pk]) in html
    client.force_login(org.mentor)
    assert reverse("training:my_checkins") in client.get(reverse("training:queue")).content.decode()


def test_the_week_is_named_once(client):
    org = Org()
    client.force_login(org.mentor)
    html = client.get(reverse("training:checkin_list", args=[org.enrollment.pk])).content.decode()
    assert "Week 1</span> · Foundations" in html and "Week 1: Foundations" not in html
