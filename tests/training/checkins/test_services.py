"""Weekly check-ins: who records them, once a week, the engineer's rating, actions carried into the
next week, and which check-ins are overdue."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import TeamFactory, TrainingAdminFactory, UserFactory
from tests.training.factories import Org
from training.audit.models import AuditEvent, AuditKind
from training.checkins import selectors, services
from training.checkins.models import CheckIn, HeldBy, Owner
from training.errors import TrainingError
from training.workflow import services as workflow_services
from training.workflow.models import Enrollment, EnrollmentStatus
from training.workflow.selectors import team_enrollment_keys, team_rows

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def started(org, days_ago):
    """The org's enrollment as if it had started ``days_ago`` days ago (the simple track has 2 weeks)."""
    Enrollment.objects.filter(pk=org.enrollment.pk).update(start_date=TODAY - datetime.timedelta(days=days_ago))
    org.enrollment.refresh_from_db()
    return org.enrollment


def record(org, week=1, by=None, **kwargs):
    kwargs.setdefault("held_at", TODAY)
    kwargs.setdefault("mentor_confidence", 3)
    return services.checkin_record(enrollment=org.enrollment, week=week, by=by or org.mentor, **kwargs)


class TestWhoRecords:
    def test_the_mentor_records_a_check_in_with_notes_and_actions(self):
        org = Org()
        checkin = record(org, notes="Good first week", actions=[("Read the runbook", Owner.ENGINEER),
                                                                 ("", Owner.MENTOR)])
        assert checkin.held_as == HeldBy.MENTOR and checkin.held_by == org.mentor
        assert [(a.text, a.owner, a.done, a.from_week) for a in checkin.actions.all()] == [
            ("Read the runbook", "engineer", False, 1)]  # the blank row is left out
        event = AuditEvent.objects.get(kind=AuditKind.CHECK_IN)
        assert event.subject == org.engineer and event.actor == org.mentor
        assert "week 1 check-in" in event.summary and "confidence 3/5" in event.summary

    def test_the_manager_and_a_training_admin_may_record(self):
        org = Org()
        assert record(org, week=1, by=org.manager).held_as == HeldBy.MANAGER
        started(org, 8)
        assert record(org, week=2, by=TrainingAdminFactory()).held_as == HeldBy.ADMIN

    @pytest.mark.parametrize("who", ["engineer", "host", "stranger", "other_manager"])
    def test_nobody_else_records(self, who):
        org = Org()
        person = {"engineer": org.engineer, "host": org.host, "stranger": UserFactory(),
                  "other_manager": TeamFactory().managers.get()}[who]
        with pytest.raises(TrainingError, match="mentor, their manager or a training admin"):
            record(org, by=person)
        assert not CheckIn.objects.exists() and not AuditEvent.objects.filter(kind=AuditKind.CHECK_IN).exists()


class TestOneCheckInAWeek:
    def test_a_week_is_recorded_once(self):
        org = Org()
        record(org)
        with pytest.raises(TrainingError, match="week 1 check-in is already recorded"):
            record(org, by=org.manager)
        assert CheckIn.objects.count() == 1

    def test_a_week_the_track_does_not_have_is_refused(self):
        org = Org()
        started(org, 30)
        with pytest.raises(TrainingError, match="The track has 2 weeks: there is no week 3"):
            record(org, week=3)

    def test_not_before_the_week_starts_nor_in_the_future(self):
        org = Org()
        with pytest.raises(TrainingError, match="Week 2 starts on"):
            record(org, week=2)
        with pytest.raises(TrainingError, match="in the future"):
            record(org, held_at=TODAY + datetime.timedelta(days=1))
        assert not CheckIn.objects.exists()

    def test_a_withdrawn_enrollment_takes_no_check_in(self):
        org = Org()
        Enrollment.objects.filter(pk=org.enrollment.pk).update(status=EnrollmentStatus.WITHDRAWN)
        org.enrollment.refresh_from_db()
        with pytest.raises(TrainingError, match="no longer active"):
            record(org)


class TestTheEngineerConfirms:
    def test_the_engineer_adds_their_confidence_once(self):
        org = Org()
        checkin = record(org)
        services.checkin_confirm(checkin=checkin, by=org.engineer, confidence=4, notes="Nervous about paging")
        checkin.refresh_from_db()
        assert checkin.engineer_confidence == 4 and checkin.engineer_notes == "Nervous about paging"
        assert checkin.confirmed_at is not None
        with pytest.raises(TrainingError, match="already added"):
            services.checkin_confirm(checkin=checkin, by=org.engineer, confidence=2)
        checkin.refresh_from_db()
        assert checkin.engineer_confidence == 4

    def test_only_the_engineer_confirms(self):
        org = Org()
        checkin = record(org)
        for person in (org.mentor, org.manager):
            with pytest.raises(TrainingError, match="Only the engineer"):
                services.checkin_confirm(checkin=checkin, by=person, confidence=5)
        checkin.refresh_from_db()
        assert checkin.engineer_confidence is None

    def test_a_rating_outside_1_to_5_is_refused(self):
        org = Org()
        with pytest.raises(TrainingError, match="1 to 5"):
            record(org, mentor_confidence=6)
        checkin = record(org)
        with pytest.raises(TrainingError, match="1 to 5"):
            services.checkin_confirm(checkin=checkin, by=org.engineer, confidence=0)


class TestActionsCarryOver:
    def test_an_open_action_carries_into_the_next_week_with_its_week(self):
        org = Org()
        started(org, 8)
        first = record(org, week=1, actions=[("Read the runbook", Owner.ENGINEER),
                                             ("Book a shadow shift", Owner.MENTOR)])
        carried = selectors.carried_actions(org.enrollment, 2)
        assert [a.text for a in carried] == ["Read the runbook", "Book a shadow shift"]
        book = next(a for a in carried if a.owner == Owner.MENTOR)
        second = record(org, week=2, carried_done={book.pk}, actions=[("Log the shift", Owner.ENGINEER)])
        rows = [(a.text, a.done, a.from_week) for a in second.actions.all()]
        assert rows == [("Read the runbook", False, 1), ("Book a shadow shift", True, 1), ("Log the shift", False, 2)]
        # Week 1's record stays what was said then.
        assert [a.done for a in first.actions.all()] == [False, False]

    def test_done_actions_do_not_carry(self):
        org = Org()
        started(org, 8)
        record(org, week=1, actions=[("Read the runbook", Owner.ENGINEER)])
        record(org, week=2, carried_done={a.pk for a in selectors.carried_actions(org.enrollment, 2)})
        assert selectors.carried_actions(org.enrollment, 3) == []


class TestOverdue:
    def test_a_week_is_overdue_more_than_7_days_after_it_ended(self):
        org = Org()
        started(org, 14)  # week 1 ended today - 7: due exactly 7 days ago
        assert selectors.checkins_overdue(Enrollment.objects.all()) == []
        started(org, 15)
        [overdue] = selectors.checkins_overdue(Enrollment.objects.all())
        assert (overdue.enrollment, overdue.week, overdue.weeks) == (org.enrollment, 1, 1)
        assert overdue.due == TODAY - datetime.timedelta(days=8)

    def test_a_held_week_is_not_overdue_and_the_next_one_is_counted(self):
        org = Org()
        started(org, 40)
        record(org, week=1)
        [overdue] = selectors.checkins_overdue(Enrollment.objects.all())
        assert (overdue.week, overdue.weeks) == (2, 1)
        record(org, week=2)
        assert selectors.checkins_overdue(Enrollment.objects.all()) == []

    def test_withdrawn_and_signed_off_enrollments_are_never_overdue(self):
        org = Org()
        started(org, 40)
        for status in (EnrollmentStatus.WITHDRAWN, EnrollmentStatus.READY):
            Enrollment.objects.filter(pk=org.enrollment.pk).update(status=status)
            assert selectors.checkins_overdue(Enrollment.objects.all()) == []

    def test_the_overdue_query_count_does_not_grow(self, django_assert_num_queries):
        org = Org()
        started(org, 40)
        for _ in range(5):
            engineer = UserFactory()
            org.team.members.add(engineer)
            workflow_services.enrollment_create(engineer=engineer, track=org.track, by=org.manager, mentor=org.mentor)
        Enrollment.objects.update(start_date=TODAY - datetime.timedelta(days=40))
        with django_assert_num_queries(3):
            assert len(selectors.checkins_overdue(Enrollment.objects.all())) == 6


def test_the_team_pages_rows_get_their_overdue_check_in_in_two_queries(django_assert_num_queries):
    """What the team page asks: its page of rows (``workflow.selectors.team_rows``), each flagged."""
    org = Org()
    started(org, 40)
    for _ in range(4):
        engineer = UserFactory()
        org.team.members.add(engineer)
        workflow_services.enrollment_create(engineer=engineer, track=org.track, by=org.manager, mentor=org.mentor)
    record(org, week=1)
    rows = team_rows(team_enrollment_keys(manager=org.manager))
    with django_assert_num_queries(2):
        flags = selectors.overdue_checkins(rows)
    assert {pk: (o.week, o.text.split(" overdue")[0]) for pk, o in flags.items()} == {
        org.enrollment.pk: (2, "Week 2 check-in")}  # the others started today: nothing due yet


def test_a_page_of_rows_costs_two_queries_whether_or_not_any_is_overdue(django_assert_num_queries):
    org = Org()  # started today: nothing due
    rows = team_rows(team_enrollment_keys(manager=org.manager))
    with django_assert_num_queries(2):
        assert selectors.overdue_checkins(rows) == {}
