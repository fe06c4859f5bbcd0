"""Hot pages run a fixed number of queries, however many questions, quizzes or attempts there are.

Each count is pinned for a small and a large case with ``django_assert_num_queries``. The counts
include the session, the user, the page cache's key and the navigation's role and permission
checks (one query with the grading question; its first build: ``training.pagecache`` then keeps it
until the data changes).
"""

import pytest
from django.urls import reverse

from assessments import services
from tests.factories import UserFactory

from .factories import (
    multiple_choice,
    numeric,
    quiz_with,
    scenario,
    short_answer,
    single_choice,
    true_false,
)

MAKERS = [single_choice, multiple_choice, true_false, short_answer, numeric, scenario]


def mixed_questions(count):
    return [MAKERS[i % len(MAKERS)]() for i in range(count)]


QUIZ_LIST_QUERIES = 8
ATTEMPT_PAGE_QUERIES = 9
RESULT_PAGE_QUERIES = 13
REVIEW_QUEUE_QUERIES = 11  # a manager: the navigation counts their sign-off queue in a second query
REVIEW_PAGE_QUERIES = 14


@pytest.mark.django_db
@pytest.mark.parametrize("questions", [3, 30])
def test_quiz_list(client_for, engineer, team, django_assert_num_queries, questions):
    for _ in range(4):
        quiz = quiz_with(mixed_questions(questions))
        services.attempt_start(user=engineer, quiz=quiz)
    client = client_for(engineer)
    with django_assert_num_queries(QUIZ_LIST_QUERIES):
        response = client.get(reverse("assessments:quiz_list"))
    assert f"{questions} questions" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("questions", [3, 30])
def test_attempt_page(client_for, engineer, team, django_assert_num_queries, questions):
    attempt = services.attempt_start(user=engineer, quiz=quiz_with(mixed_questions(questions)))
    client = client_for(engineer)
    with django_assert_num_queries(ATTEMPT_PAGE_QUERIES):
        response = client.get(reverse("assessments:attempt_detail", kwargs={"pk": attempt.pk}))
    assert f"Question {questions}" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("questions", [3, 30])
def test_result_page(client_for, engineer, team, django_assert_num_queries, questions):
    quiz = quiz_with([MAKERS[i % 5]() for i in range(questions)])  # objective kinds: graded at once
    attempt = services.attempt_submit(attempt=services.attempt_start(user=engineer, quiz=quiz), user=engineer)
    client = client_for(engineer)
    with django_assert_num_queries(RESULT_PAGE_QUERIES):
        response = client.get(reverse("assessments:attempt_result", kwargs={"pk": attempt.pk}))
    assert f"Question {questions}" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("waiting", [1, 12])
def test_review_queue(client_for, manager, team, django_assert_num_queries, waiting):
    quiz = quiz_with([scenario(), single_choice()])
    for n in range(waiting):
        member = UserFactory(username=f"member{n}")
        team.members.add(member)
        attempt = services.attempt_start(user=member, quiz=quiz)
        response = attempt.responses.get(position=1)
        services.attempt_submit(attempt=attempt, user=member, answers={response.pk: {"text": "Check RabbitMQ"}})
    client = client_for(manager)
    with django_assert_num_queries(REVIEW_QUEUE_QUERIES):
        response = client.get(reverse("assessments:review_queue"))
    assert response.content.decode().count("Grade</span>") == waiting


@pytest.mark.django_db
@pytest.mark.parametrize("questions", [2, 20])
def test_review_page(client_for, engineer, manager, team, django_assert_num_queries, questions):
    quiz = quiz_with([scenario() for _ in range(questions)])
    attempt = services.attempt_start(user=engineer, quiz=quiz)
    answers = {r.pk: {"text": f"Answer {r.position}"} for r in attempt.responses.all()}
    services.attempt_submit(attempt=attempt, user=engineer, answers=answers)
    client = client_for(manager)
    with django_assert_num_queries(REVIEW_PAGE_QUERIES):
        response = client.get(reverse("assessments:review_attempt", kwargs={"pk": attempt.pk}))
    assert f"Answer {questions}" in response.content.decode()
