"""Giving a team an assignment and reading who has done it: each rule, each refusal (nothing
changes), the results per person and per question, and the reads' fixed query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content import services as content_services
from tests.content.factories import DocumentFactory
from tests.factories import TeamFactory, TrainingAdminFactory, UserFactory
from tests.training.assignments.helpers import TODAY, assign, take, team_quiz
from tests.training.factories import Org
from training.assignments import selectors, services
from training.assignments.models import AssignmentReason, TeamAssignment
from training.audit.models import AuditEvent, AuditKind
from training.errors import TrainingError

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return Org()


def statuses(assignment):
    rows = selectors.results([assignment])[assignment.pk]
    return {r.person.username: r.status for r in rows}


def refused(message, **kwargs):
    before = TeamAssignment.objects.count(), AuditEvent.objects.count()
    with pytest.raises(TrainingError, match=message):
        services.team_assignment_create(**kwargs)
    assert (TeamAssignment.objects.count(), AuditEvent.objects.count()) == before


class TestGiving:
    def test_the_manager_gives_every_member_the_quiz_and_the_audit_log_says_so(self, org):
        assignment = assign(org.team, org.manager, quiz=team_quiz())
        assert statuses(assignment) == {"engineer": "open", "mentor": "open", "host": "open"}
        event = AuditEvent.objects.get(kind=AuditKind.ASSIGNMENT)
        assert event.actor == org.manager
        assert "quarterly team assessment for" in event.summary and "“Quarterly knowledge check”" in event.summary

    def test_a_training_admin_may_give_any_team_an_assignment(self, org):
        assert assign(org.team, TrainingAdminFactory(), quiz=team_quiz()).team == org.team

    @pytest.mark.parametrize("who", ["engineer", "mentor", "other manager"])
    def test_anyone_else_is_refused(self, org, who):
        by = {"engineer": org.engineer, "mentor": org.mentor,
              "other manager": TeamFactory().managers.get()}[who]
        refused("Only a manager of the team or a training admin", team=org.team, by=by, quiz=team_quiz(),
                due_on=TODAY, reason=AssignmentReason.QUARTERLY)

    def test_a_past_due_date_is_refused(self, org):
        refused("has passed", team=org.team, by=org.manager, quiz=team_quiz(),
                due_on=TODAY - datetime.timedelta(days=1), reason=AssignmentReason.QUARTERLY)

    def test_one_quiz_or_one_document_not_both_nor_neither(self, org):
        kwargs = dict(team=org.team, by=org.manager, due_on=TODAY, reason=AssignmentReason.QUARTERLY)
        refused("Choose one quiz to take or one document to read", **kwargs)
        refused("Choose one quiz", quiz=team_quiz(), document=DocumentFactory(), **kwargs)

    def test_an_unpublished_quiz_is_refused(self, org):
        refused("is not published", team=org.team, by=org.manager, quiz=team_quiz(is_published=False),
                due_on=TODAY, reason=AssignmentReason.QUARTERLY)

    def test_a_team_without_members_is_refused(self, org):
        empty = TeamFactory(manager=org.manager)
        refused("Nobody is a member", team=empty, by=org.manager, quiz=team_quiz(), due_on=TODAY,
                reason=AssignmentReason.QUARTERLY)

    def test_the_same_quiz_still_open_is_not_given_twice(self, org):
        quiz = team_quiz()
        assign(org.team, org.manager, quiz=quiz)
        refused("already assigned", team=org.team, by=org.manager, quiz=quiz, due_on=TODAY,
                reason=AssignmentReason.QUARTERLY)

    def test_a_quiz_whose_attempts_a_member_used_up_is_refused_naming_them(self, org):
        quiz = team_quiz(max_attempts=1)
        take(org.engineer, quiz)
        refused(re.escape(f"{org.engineer.get_full_name()} used all 1 attempts"), team=org.team, by=org.manager,
                quiz=quiz, due_on=TODAY, reason=AssignmentReason.QUARTERLY)


class TestResults:
    def test_a_quiz_is_done_once_graded_after_the_assignment_with_the_best_score(self, org):
        quiz = team_quiz()
        take(org.host, quiz)  # before the assignment: it does not count
        assignment = assign(org.team, org.manager, quiz=quiz)
        take(org.engineer, quiz, right=(True, False))
        take(org.engineer, quiz, right=(True, True))
        rows = {r.person.username: r for r in selectors.results([assignment])[assignment.pk]}
        assert rows["engineer"].status == "done" and rows["engineer"].score == 100 and rows["engineer"].passed
        assert rows["host"].status == "open" and rows["mentor"].status == "open"
        summary = selectors.summary(rows.values())
        assert (summary.members, summary.done, summary.overdue, summary.average) == (3, 1, 0, 100)

    def test_past_the_due_date_a_member_who_has_not_done_it_is_overdue(self, org):
        quiz = team_quiz()
        assignment = assign(org.team, org.manager, quiz=quiz, due_in=-1)
        take(org.mentor, quiz)
        assert statuses(assignment) == {"engineer": "overdue", "host": "overdue", "mentor": "done"}

    def test_a_briefing_is_done_once_its_version_or_a_later_one_is_read(self, org):
        document = DocumentFactory(title="Broker failover")
        content_services.document_acknowledge(user=org.host, document=document)  # version 1.0, before
        content_services.document_update(document=document, change_note="New failover step", major=True,
                                         body=document.body + "\n3. Fail over.\n")
        assignment = assign(org.team, org.manager, document=document)
        assert assignment.document_version.number == "2.0"
        content_services.document_acknowledge(user=org.engineer, document=document)
        assert statuses(assignment) == {"engineer": "done", "host": "open", "mentor": "open"}

    def test_each_question_gets_its_rate_of_full_marks_the_hardest_first(self, org):
        quiz = team_quiz()
        assignment = assign(org.team, org.manager, quiz=quiz)
        take(org.engineer, quiz, right=(True, False))
        take(org.mentor, quiz, right=(True, True))
        take(org.host, quiz, right=(False, False))
        rates = [(q.name, q.answered, q.correct, q.rate)
                 for q in selectors.question_rates(selectors.results([assignment])[assignment.pk])]
        assert rates == [("Drain before restart?", 3, 1, 33), ("Which broker?", 3, 2, 67)]

    def test_reading_every_result_is_a_fixed_number_of_queries(self, org):
        def count(assignments):
            with CaptureQueriesContext(connection) as ctx:
                selectors.results(assignments)
            return len(ctx.captured_queries)

        quiz, document = team_quiz(), DocumentFactory()
        small = [assign(org.team, org.manager, quiz=quiz), assign(org.team, org.manager, document=document)]
        few = count(small)
        for n in range(5):
            org.team.members.add(UserFactory(username=f"extra{n}"))
            take(org.team.members.get(username=f"extra{n}"), quiz)
        second = Org(prefix="b-")
        more = small + [assign(second.team, second.manager, quiz=team_quiz(slug="other")),
                        assign(second.team, second.manager, document=DocumentFactory())]
        assert count(more) == few == 3


class TestTheMembersHome:
    def test_a_member_sees_what_is_left_until_it_is_done(self, org):
        quiz = team_quiz()
        assignment = assign(org.team, org.manager, quiz=quiz)
        assert [a.pk for a, _r in selectors.open_for(org.engineer)] == [assignment.pk]
        take(org.engineer, quiz)
        assert selectors.open_for(org.engineer) == []
        assert selectors.open_for(UserFactory(username="stranger")) == []
