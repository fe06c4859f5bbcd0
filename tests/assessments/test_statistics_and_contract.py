"""Item statistics for training admins, the selectors and signal training relies on, and the demo."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import demo, selectors, services
from assessments.models import Attempt, Question, QuestionBank, Quiz
from assessments.signals import attempt_graded
from tests.factories import UserFactory

from .factories import choice_id, quiz_with, single_choice


def take(user, quiz, right):
    """Sit ``quiz`` answering the questions in ``right`` correctly and the others wrongly."""
    attempt = services.attempt_start(user=user, quiz=quiz)
    answers = {}
    for response in attempt.responses.select_related("question"):
        question = response.question
        text = "RabbitMQ" if question.pk in right else "Redis"
        answers[response.pk] = {"selected": [choice_id(question, text)]}
    return services.attempt_submit(attempt=attempt, user=user, answers=answers)


@pytest.mark.django_db
class TestItemStatistics:
    def test_facility_and_discrimination_spot_a_bad_question(self):
        good = [single_choice(name=f"good-{i}") for i in range(3)]
        bad = single_choice(name="bad-key")
        quiz = quiz_with([*good, bad])
        # Strong engineers get the good questions right and the bad one wrong; weak ones the reverse.
        for _ in range(6):
            take(UserFactory(), quiz, right={q.pk for q in good})
        for _ in range(6):
            take(UserFactory(), quiz, right={bad.pk})
        rows = {row["question"].name: row for row in selectors.item_statistics(quiz=quiz)}
        assert rows["bad-key"]["presented"] == 12 and rows["bad-key"]["answered"] == 12
        assert rows["bad-key"]["facility"] == pytest.approx(0.5)
        assert rows["bad-key"]["discrimination"] < 0
        assert rows["good-0"]["discrimination"] > 0.9
        assert rows["good-0"]["upper_lower"] == pytest.approx(1.0)
        assert rows["bad-key"]["upper_lower"] == pytest.approx(-1.0)
        assert "check the key" in rows["bad-key"]["flag"]

    def test_page_for_training_admins_only(self, client_for, engineer, training_admin):
        quiz = quiz_with([single_choice(name="q-on-page")])
        take(engineer, quiz, right=set())
        assert client_for(engineer).get(
            reverse("assessments:item_statistics", kwargs={"slug": quiz.slug})).status_code == 403
        page = client_for(training_admin).get(reverse("assessments:item_statistics", kwargs={"slug": quiz.slug}))
        assert page.status_code == 200 and "q-on-page" in page.content.decode() and "0%" in page.content.decode()

    def test_empty_state(self, client_for, training_admin):
        quiz = quiz_with([single_choice()])
        page = client_for(training_admin).get(reverse("assessments:item_statistics", kwargs={"slug": quiz.slug}))
        assert "No graded attempts yet" in page.content.decode()


@pytest.mark.django_db
class TestContractForTraining:
    def test_best_attempt_has_passed_and_attempts_for(self, engineer):
        question = single_choice()
        quiz = quiz_with([question], pass_mark=100)
        assert selectors.best_attempt(user=engineer, quiz=quiz) is None
        assert selectors.has_passed(user=engineer, quiz=quiz) is False
        failed = take(engineer, quiz, right=set())
        passed = take(engineer, quiz, right={question.pk})
        take(engineer, quiz, right=set())
        assert selectors.best_attempt(user=engineer, quiz=quiz) == passed
        assert selectors.has_passed(user=engineer, quiz=quiz.slug) is True
        assert [a.number for a in selectors.attempts_for(user=engineer, quiz=quiz)] == [1, 2, 3]
        assert failed.passed is False

    def test_signal_is_sent_once_per_graded_attempt_with_the_result(self, engineer):
        question = single_choice()
        quiz = quiz_with([question])
        seen = []

        def receiver(sender, attempt, **kwargs):
            seen.append((sender, attempt.passed, attempt.score_percent))

        attempt_graded.connect(receiver, dispatch_uid="contract")
        try:
            take(engineer, quiz, right={question.pk})
        finally:
            attempt_graded.disconnect(dispatch_uid="contract")
        assert seen == [(Attempt, True, Decimal("100.00"))]

    def test_a_failing_receiver_rolls_the_grade_back(self, engineer):
        quiz = quiz_with([single_choice()])
        attempt = services.attempt_start(user=engineer, quiz=quiz)

        def receiver(sender, attempt, **kwargs):
            raise RuntimeError("training could not record the step")

        attempt_graded.connect(receiver, dispatch_uid="boom")
        try:
            with pytest.raises(RuntimeError):
                services.attempt_submit(attempt=attempt, user=engineer)
        finally:
            attempt_graded.disconnect(dispatch_uid="boom")
        attempt.refresh_from_db()
        assert attempt.status == "in_progress"

    def test_reserved_words_cannot_be_quiz_slugs(self):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            Quiz(slug="grading", title="Grading").full_clean()


@pytest.mark.django_db
class TestDemo:
    SLUGS = {"week-1-knowledge-check", "week-2-knowledge-check", "week-3-knowledge-check", "scenario-validation"}

    def test_demo_builds_the_quizzes_once(self):
        author = UserFactory(username="admin")
        demo.load(author=author)
        counts = (QuestionBank.objects.count(), Question.objects.count(), Quiz.objects.count())
        demo.load(author=author)
        assert (QuestionBank.objects.count(), Question.objects.count(), Quiz.objects.count()) == counts
        assert self.SLUGS <= set(Quiz.objects.values_list("slug", flat=True))

    def test_every_demo_quiz_can_be_taken(self, client_for):
        demo.load(author=UserFactory(username="admin"))
        alice = UserFactory(username="alice")
        client = client_for(alice)
        for slug in sorted(self.SLUGS):
            response = client.post(reverse("assessments:attempt_start", kwargs={"slug": slug}), follow=True)
            assert "Submit answers" in response.content.decode(), slug
        attempt = Attempt.objects.get(user=alice, quiz__slug="week-2-knowledge-check")
        assert attempt.responses.count() == 6
        validation = Attempt.objects.get(user=alice, quiz__slug="scenario-validation")
        answers = {r.pk: {"text": "I check RabbitMQ first."} for r in validation.responses.filter(
            question__kind="scenario")}
        validation = services.attempt_submit(attempt=validation, user=alice, answers=answers)
        assert validation.status == "awaiting_review"
