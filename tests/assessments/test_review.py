"""Scenario answers: the reviewer's queue, grading against the rubric, and who may not grade."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import services
from assessments.exceptions import AssessmentError
from assessments.models import AttemptStatus
from assessments.signals import attempt_graded
from tests.factories import UserFactory

from .factories import choice_id, quiz_with, scenario, single_choice


def submitted_scenario(engineer, *, text="First I check the queue depth in RabbitMQ, then the agents."):
    objective = single_choice()
    case = scenario(criteria=[("Checks the broker first", 3), ("Escalates in time", 2)])
    quiz = quiz_with([objective, case], pass_mark=70, title="Scenario validation")
    attempt = services.attempt_start(user=engineer, quiz=quiz)
    first, second = attempt.responses.order_by("position")
    return services.attempt_submit(attempt=attempt, user=engineer, answers={
        first.pk: {"selected": [choice_id(objective, "RabbitMQ")]}, second.pk: {"text": text},
    })


def rubric_post(attempt, points, comment="Good order of checks."):
    response = attempt.responses.get(question__kind="scenario")
    data = {f"r{response.pk}_comment": comment}
    for criterion, value in zip(response.question.criteria.order_by("position"), points, strict=True):
        data[f"r{response.pk}_c{criterion.pk}"] = str(value)
    return data


def review_url(attempt):
    return reverse("assessments:review_attempt", kwargs={"pk": attempt.pk})


@pytest.mark.django_db
class TestReviewQueue:
    def test_manager_finds_the_team_member_s_answer_in_the_queue(self, client_for, engineer, manager, team):
        attempt = submitted_scenario(engineer)
        assert attempt.status == AttemptStatus.AWAITING_REVIEW
        page = client_for(manager).get(reverse("assessments:review_queue")).content.decode()
        assert "Erin Engineer" in page and "Scenario validation" in page
        assert 'data-nav="grading"' in page and "attempts waiting for review\">1<" in page

    def test_engineer_sees_no_grading_entry_and_may_not_open_the_queue(self, client_for, engineer, team):
        client = client_for(engineer)
        page = client.get(reverse("assessments:quiz_list")).content.decode()
        assert 'data-nav="quizzes"' in page and 'data-nav="grading"' not in page
        assert client.get(reverse("assessments:review_queue")).status_code == 403

    def test_queue_shows_an_empty_state(self, client_for, manager, team):
        page = client_for(manager).get(reverse("assessments:review_queue")).content.decode()
        assert "Nothing to grade." in page

    def test_manager_of_another_team_does_not_see_it(self, client_for, engineer, team):
        other_manager = UserFactory(username="othermanager")
        from tests.factories import TeamFactory

        TeamFactory(manager=other_manager, members=[UserFactory()])
        submitted_scenario(engineer)
        page = client_for(other_manager).get(reverse("assessments:review_queue")).content.decode()
        assert "Erin Engineer" not in page and "Nothing to grade." in page

    def test_training_admin_sees_every_attempt_waiting(self, client_for, engineer, training_admin):
        submitted_scenario(engineer)
        assert "Erin Engineer" in client_for(training_admin).get(reverse("assessments:review_queue")).content.decode()


@pytest.mark.django_db
class TestGrading:
    def test_manager_scores_each_criterion_and_the_attempt_is_graded(self, client_for, engineer, manager, team):
        attempt = submitted_scenario(engineer)
        received = []
        attempt_graded.connect(lambda sender, attempt, **kw: received.append((attempt.pk, attempt.passed)),
                               weak=False, dispatch_uid="test-review")
        try:
            client = client_for(manager)
            page = client.get(review_url(attempt)).content.decode()
            assert "First I check the queue depth" in page and "Checks the broker first (0–3)" in page
            response = client.post(review_url(attempt), rubric_post(attempt, [3, 1]), follow=True)
        finally:
            attempt_graded.disconnect(dispatch_uid="test-review")
        assert "Graded Erin Engineer" in response.content.decode()
        attempt.refresh_from_db()
        # 1 objective point + 4 of 5 rubric points = 5 of 6
        assert (attempt.status, attempt.score_points, attempt.max_points) == (
            AttemptStatus.GRADED, Decimal("5.00"), Decimal("6.00"))
        assert (attempt.score_percent, attempt.passed, attempt.reviewed_by) == (Decimal("83.33"), True, manager)
        assert received == [(attempt.pk, True)]
        result = client_for(engineer).get(reverse("assessments:attempt_result", kwargs={"pk": attempt.pk}))
        html = result.content.decode()
        assert "Passed" in html and "Checks the broker first: 3 / 3" in html and "Good order of checks." in html

    def test_score_above_the_criterion_maximum_is_refused(self, client_for, engineer, manager, team):
        attempt = submitted_scenario(engineer)
        response = client_for(manager).post(review_url(attempt), rubric_post(attempt, [4, 1]))
        assert response.status_code == 200 and "less than or equal to 3" in response.content.decode()
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.AWAITING_REVIEW

    def test_graded_attempt_is_not_graded_again(self, engineer, manager, team):
        attempt = submitted_scenario(engineer)
        response = attempt.responses.get(question__kind="scenario")
        criteria = list(response.question.criteria.order_by("position"))
        scores = {response.pk: {criteria[0].pk: 3, criteria[1].pk: 2}}
        services.attempt_review_grade(attempt=attempt, reviewer=manager, scores=scores)
        with pytest.raises(AssessmentError, match="not waiting for review"):
            services.attempt_review_grade(attempt=attempt, reviewer=manager, scores=scores)


@pytest.mark.django_db
class TestWhoMayNotGrade:
    def test_engineer_of_another_team_cannot_grade(self, client_for, engineer, outsider):
        attempt = submitted_scenario(engineer)
        client = client_for(outsider)
        assert client.get(review_url(attempt)).status_code == 404
        assert client.post(review_url(attempt), rubric_post(attempt, [3, 2])).status_code == 404
        with pytest.raises(AssessmentError, match="may not grade"):
            services.attempt_review_grade(attempt=attempt, reviewer=outsider, scores={})
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.AWAITING_REVIEW

    def test_engineer_cannot_grade_their_own_answer(self, client_for, engineer, team):
        attempt = submitted_scenario(engineer)
        client = client_for(engineer)
        assert client.get(review_url(attempt)).status_code == 403
        assert client.post(review_url(attempt), rubric_post(attempt, [3, 2])).status_code == 403
        with pytest.raises(AssessmentError, match="your own answers"):
            services.attempt_review_grade(attempt=attempt, reviewer=engineer, scores={})
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.AWAITING_REVIEW

    def test_manager_who_takes_the_quiz_cannot_grade_themselves(self, client_for, manager, training_admin):
        attempt = submitted_scenario(manager)
        assert client_for(manager).get(review_url(attempt)).status_code == 403
        assert client_for(training_admin).get(review_url(attempt)).status_code == 200
