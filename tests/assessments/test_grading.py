"""Each question kind is graded right, through a real sitting: start, answer, submit."""

from decimal import Decimal

import pytest

from assessments import services
from assessments.models import AttemptStatus

from .factories import (
    choice_id,
    multiple_choice,
    numeric,
    quiz_with,
    scenario,
    short_answer,
    single_choice,
    true_false,
)


def sit(user, question, *, selected=None, text=None, **quiz_kwargs):
    """Take a one-question quiz with one answer and return the graded attempt."""
    quiz = quiz_with([question], **quiz_kwargs)
    attempt = services.attempt_start(user=user, quiz=quiz)
    response = attempt.responses.get()
    services.attempt_answer_save(attempt=attempt, user=user, response=response, selected=selected, text=text)
    return services.attempt_submit(attempt=attempt, user=user)


def points(attempt):
    return attempt.responses.get().points


@pytest.mark.django_db
class TestSingleChoiceAndTrueFalse:
    def test_right_option_wins_the_points(self, engineer):
        question = single_choice()
        attempt = sit(engineer, question, selected=[choice_id(question, "RabbitMQ")])
        assert (attempt.score_percent, attempt.passed) == (Decimal("100.00"), True)

    def test_wrong_option_scores_nothing(self, engineer):
        question = single_choice()
        attempt = sit(engineer, question, selected=[choice_id(question, "Redis")])
        assert (attempt.score_percent, attempt.passed) == (Decimal("0.00"), False)

    def test_partly_right_option_scores_its_weight(self, engineer):
        question = single_choice(options=[("RabbitMQ", 100), ("A message broker", 50), ("Redis", 0)])
        attempt = sit(engineer, question, selected=[choice_id(question, "A message broker")])
        assert attempt.score_percent == Decimal("50.00")

    def test_no_answer_scores_nothing(self, engineer):
        attempt = sit(engineer, single_choice(), selected=[])
        assert attempt.score_percent == Decimal("0.00")

    @pytest.mark.parametrize(("correct", "chosen", "expected"), [
        (True, "True", "100.00"), (True, "False", "0.00"), (False, "False", "100.00"), (False, "True", "0.00"),
    ])
    def test_true_false(self, engineer, correct, chosen, expected):
        question = true_false(correct=correct)
        attempt = sit(engineer, question, selected=[choice_id(question, chosen)])
        assert attempt.score_percent == Decimal(expected)


@pytest.mark.django_db
class TestMultipleChoice:
    @pytest.mark.parametrize(("chosen", "expected"), [
        (["PostgreSQL", "Redis"], "1.00"),
        (["PostgreSQL"], "0.50"),
        (["Redis", "RabbitMQ"], "0.00"),  # 50 − 100 is floored at zero
        ([], "0.00"),
    ])
    def test_partial_credit_adds_the_weights(self, engineer, chosen, expected):
        question = multiple_choice(partial_credit=True)
        attempt = sit(engineer, question, selected=[choice_id(question, text) for text in chosen])
        assert points(attempt) == Decimal(expected)

    @pytest.mark.parametrize(("chosen", "expected"), [
        (["PostgreSQL", "Redis"], "1.00"),
        (["PostgreSQL"], "0.00"),
        (["PostgreSQL", "Redis", "RabbitMQ"], "0.00"),
    ])
    def test_all_or_nothing_needs_exactly_the_right_options(self, engineer, chosen, expected):
        question = multiple_choice(partial_credit=False)
        attempt = sit(engineer, question, selected=[choice_id(question, text) for text in chosen])
        assert points(attempt) == Decimal(expected)

    def test_points_scale_with_the_question_worth(self, engineer):
        question = multiple_choice(points=Decimal("4"))
        attempt = sit(engineer, question, selected=[choice_id(question, "Redis")])
        assert (points(attempt), attempt.max_points) == (Decimal("2.00"), Decimal("4.00"))


@pytest.mark.django_db
class TestShortAnswer:
    @pytest.mark.parametrize("answer", ["RabbitMQ", "rabbitmq", "  RABBITMQ ", "rabbitMQ"])
    def test_accepted_answer_ignores_case_and_spaces(self, engineer, answer):
        assert sit(engineer, short_answer(), text=answer).score_percent == Decimal("100.00")

    def test_other_answer_scores_nothing(self, engineer):
        assert sit(engineer, short_answer(), text="Kafka").score_percent == Decimal("0.00")

    @pytest.mark.parametrize(("answer", "expected"), [
        ("Rabbit MQ", "100.00"), ("rabbit-mq", "100.00"), ("rabbit", "0.00"), ("my rabbitmq", "0.00"),
    ])
    def test_regular_expression_answer_must_match_whole(self, engineer, answer, expected):
        question = short_answer(answers=[(r"rabbit\s*-?\s*mq", 100, True)])
        assert sit(engineer, question, text=answer).score_percent == Decimal(expected)

    def test_best_matching_answer_counts(self, engineer):
        question = short_answer(answers=[("root cause analysis", 100, False), ("post-mortem", 50, False)])
        assert sit(engineer, question, text="Post-Mortem").score_percent == Decimal("50.00")


@pytest.mark.django_db
class TestNumeric:
    @pytest.mark.parametrize(("answer", "expected"), [
        ("85", "100.00"), ("84", "100.00"), ("86.0", "100.00"),  # within ±1, edges included
        ("86.5", "0.00"), ("83.9", "0.00"), ("85,5", "100.00"), ("eighty-five", "0.00"), ("", "0.00"),
    ])
    def test_value_within_tolerance(self, engineer, answer, expected):
        assert sit(engineer, numeric(values=[(85.0, 1.0, 100)]), text=answer).score_percent == Decimal(expected)

    def test_looser_range_gives_partial_credit(self, engineer):
        question = numeric(values=[(85.0, 1.0, 100), (85.0, 10.0, 50)])
        assert sit(engineer, question, text="80").score_percent == Decimal("50.00")
        assert sit(engineer, numeric(values=[(85.0, 1.0, 100), (85.0, 10.0, 50)]), text="85").score_percent \
            == Decimal("100.00")

    def test_exact_value_with_zero_tolerance(self, engineer):
        question = numeric(values=[(0.3, 0.0, 100)])
        assert sit(engineer, question, text="0.3").score_percent == Decimal("100.00")


@pytest.mark.django_db
class TestWholeAttempt:
    def test_mixed_quiz_totals_points_and_compares_with_the_pass_mark(self, engineer):
        one = single_choice()
        two = multiple_choice()
        three = numeric()
        quiz = quiz_with([one, two, three], pass_mark=60)
        attempt = services.attempt_start(user=engineer, quiz=quiz)
        r1, r2, r3 = attempt.responses.order_by("position")
        answers = {
            r1.pk: {"selected": [choice_id(one, "RabbitMQ")]},
            r2.pk: {"selected": [choice_id(two, "Redis")]},
            r3.pk: {"text": "99"},
        }
        attempt = services.attempt_submit(attempt=attempt, user=engineer, answers=answers)
        assert attempt.status == AttemptStatus.GRADED
        assert (attempt.score_points, attempt.max_points) == (Decimal("1.50"), Decimal("3.00"))
        assert attempt.score_percent == Decimal("50.00")
        assert attempt.passed is False

    def test_scenario_waits_for_review_and_has_no_result_yet(self, engineer):
        attempt = sit(engineer, scenario(), text="I would check the queue depth first.")
        assert attempt.status == AttemptStatus.AWAITING_REVIEW
        assert attempt.passed is None and attempt.score_percent is None

    def test_blank_scenario_answer_scores_zero_without_review(self, engineer):
        attempt = sit(engineer, scenario(), text="   ")
        assert attempt.status == AttemptStatus.GRADED
        assert attempt.score_percent == Decimal("0.00")
