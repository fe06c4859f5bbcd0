"""Sittings: starting, autosave, the server-side time and attempt limits, what the pages reveal,
and who may open an attempt."""

import re
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.exceptions import AssessmentError
from assessments.models import Attempt, AttemptStatus
from assessments.signals import attempt_graded

from .factories import (
    CategoryFactory,
    QuestionBankFactory,
    choice_id,
    multiple_choice,
    numeric,
    quiz_with,
    random_quiz,
    scenario,
    short_answer,
    single_choice,
    true_false,
)


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def detail_url(attempt):
    return reverse("assessments:attempt_detail", kwargs={"pk": attempt.pk})


def answer_url(attempt, response):
    return reverse("assessments:attempt_answer", kwargs={"pk": attempt.pk, "response_pk": response.pk})


def submit_url(attempt):
    return reverse("assessments:attempt_submit", kwargs={"pk": attempt.pk})


def result_url(attempt):
    return reverse("assessments:attempt_result", kwargs={"pk": attempt.pk})


@pytest.mark.django_db
class TestStarting:
    def test_start_button_opens_a_sitting_with_every_question(self, client_for, engineer):
        quiz = quiz_with([single_choice(), numeric()], title="Week 1 knowledge check")
        client = client_for(engineer)
        page = client.get(reverse("assessments:quiz_detail", kwargs={"slug": quiz.slug}))
        assert b"Start attempt 1" in page.content
        response = client.post(reverse("assessments:attempt_start", kwargs={"slug": quiz.slug}))
        attempt = Attempt.objects.get(user=engineer)
        assert response.url == detail_url(attempt)
        sitting = client.get(detail_url(attempt))
        assert b"Question 1" in sitting.content and b"Question 2" in sitting.content

    def test_starting_twice_resumes_the_open_sitting(self, engineer):
        quiz = quiz_with([single_choice()])
        first = services.attempt_start(user=engineer, quiz=quiz)
        assert services.attempt_start(user=engineer, quiz=quiz) == first
        assert Attempt.objects.count() == 1

    def test_random_quiz_draws_the_asked_number_from_each_category(self, engineer):
        bank = QuestionBankFactory()
        severity, response = CategoryFactory(bank=bank, name="Severity"), CategoryFactory(bank=bank, name="Resp")
        for _ in range(5):
            single_choice(bank=bank, category=severity)
        for _ in range(4):
            true_false(bank=bank, category=response)
        quiz = random_quiz([(severity, 3), (response, 2)])
        attempt = services.attempt_start(user=engineer, quiz=quiz)
        categories = [r.question.category.name for r in attempt.responses.select_related("question__category")]
        assert sorted(categories) == ["Resp", "Resp", "Severity", "Severity", "Severity"]

    def test_random_quiz_with_too_few_questions_refuses_to_start(self, client_for, engineer):
        category = CategoryFactory(name="Severity")
        single_choice(bank=category.bank, category=category)
        quiz = random_quiz([(category, 3)])
        response = client_for(engineer).post(reverse("assessments:attempt_start", kwargs={"slug": quiz.slug}),
                                             follow=True)
        assert "holds 1" in response.content.decode()
        assert not Attempt.objects.exists()

    def test_shuffled_choices_keep_the_same_options(self, engineer):
        question = single_choice(options=[(f"Option {i}", 100 if i == 0 else 0) for i in range(8)])
        quiz = quiz_with([question], shuffle_choices=True)
        attempt = services.attempt_start(user=engineer, quiz=quiz)
        assert sorted(attempt.responses.get().choice_order) == sorted(question.choices.values_list("pk", flat=True))


@pytest.mark.django_db
class TestAttemptLimit:
    def test_no_attempt_beyond_the_limit(self, client_for, engineer):
        question = single_choice()
        quiz = quiz_with([question], max_attempts=2)
        for _ in range(2):
            attempt = services.attempt_start(user=engineer, quiz=quiz)
            services.attempt_submit(attempt=attempt, user=engineer)
        with pytest.raises(AssessmentError, match="used all 2 attempts"):
            services.attempt_start(user=engineer, quiz=quiz)
        client = client_for(engineer)
        response = client.post(reverse("assessments:attempt_start", kwargs={"slug": quiz.slug}), follow=True)
        assert "You have used all 2 attempts" in response.content.decode()
        assert b"Start attempt" not in response.content
        assert Attempt.objects.filter(user=engineer).count() == 2

    def test_result_page_says_how_many_attempts_are_left(self, client_for, engineer):
        quiz = quiz_with([single_choice()], max_attempts=3)
        attempt = services.attempt_submit(attempt=services.attempt_start(user=engineer, quiz=quiz), user=engineer)
        page = client_for(engineer).get(result_url(attempt)).content.decode()
        assert "Attempts left: <strong>2</strong>" in page


@pytest.mark.django_db
class TestTimeLimit:
    def start_timed(self, engineer, late_policy):
        question = single_choice()
        quiz = quiz_with([question], time_limit_minutes=10, late_policy=late_policy)
        start = timezone.now()
        with at(start):
            attempt = services.attempt_start(user=engineer, quiz=quiz)
        response = attempt.responses.get()
        answers = {response.pk: {"selected": [choice_id(question, "RabbitMQ")]}}
        return attempt, start, answers

    def test_submission_in_time_is_graded(self, client_for, engineer):
        attempt, start, answers = self.start_timed(engineer, "zero")
        with at(start + timedelta(minutes=9, seconds=59)):
            attempt = services.attempt_submit(attempt=attempt, user=engineer, answers=answers)
        assert (attempt.is_late, attempt.score_percent, attempt.passed) == (False, Decimal("100.00"), True)

    def test_late_submission_scores_zero_under_the_zero_rule(self, client_for, engineer):
        attempt, start, answers = self.start_timed(engineer, "zero")
        with at(start + timedelta(minutes=11)):
            attempt = services.attempt_submit(attempt=attempt, user=engineer, answers=answers)
        assert attempt.is_late is True
        assert (attempt.score_percent, attempt.passed) == (Decimal("0.00"), False)

    def test_late_submission_is_graded_but_marked_late_under_the_accept_rule(self, engineer):
        attempt, start, answers = self.start_timed(engineer, "accept")
        with at(start + timedelta(hours=3)):
            attempt = services.attempt_submit(attempt=attempt, user=engineer, answers=answers)
        assert (attempt.is_late, attempt.score_percent, attempt.passed) == (True, Decimal("100.00"), True)

    def test_late_submission_through_the_page_says_so(self, client_for, engineer):
        attempt, start, _answers = self.start_timed(engineer, "zero")
        client = client_for(engineer)
        with at(start + timedelta(minutes=30)):
            sitting = client.get(detail_url(attempt)).content.decode()
            assert "The time limit has passed" in sitting
            page = client.post(submit_url(attempt), follow=True).content.decode()
        assert "recorded as late" in page and "Late" in page and "0%" in page

    def test_sitting_page_shows_the_server_countdown(self, client_for, engineer):
        attempt, start, _answers = self.start_timed(engineer, "zero")
        with at(start + timedelta(minutes=4)):
            page = client_for(engineer).get(detail_url(attempt)).content.decode()
        assert 'data-seconds-left="360"' in page


@pytest.mark.django_db
class TestSubmission:
    def test_submitting_twice_grades_once(self, client_for, engineer):
        quiz = quiz_with([single_choice()])
        attempt = services.attempt_start(user=engineer, quiz=quiz)
        received = []
        attempt_graded.connect(lambda sender, attempt, **kw: received.append(attempt.pk), weak=False,
                               dispatch_uid="test-twice")
        try:
            client = client_for(engineer)
            client.post(submit_url(attempt))
            second = client.post(submit_url(attempt), follow=True)
        finally:
            attempt_graded.disconnect(dispatch_uid="test-twice")
        assert received == [attempt.pk]
        assert "already been submitted" in second.content.decode()

    def test_answers_sent_with_the_form_are_saved_and_graded(self, client_for, engineer):
        question = single_choice()
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([question]))
        response = attempt.responses.get()
        client_for(engineer).post(submit_url(attempt), {
            f"q{response.pk}": str(choice_id(question, "RabbitMQ")), f"q{response.pk}_shown": "1",
        })
        attempt.refresh_from_db()
        assert (attempt.status, attempt.passed) == (AttemptStatus.GRADED, True)

    def test_answers_cannot_change_after_submission(self, engineer):
        question = single_choice()
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([question]))
        services.attempt_submit(attempt=attempt, user=engineer)
        with pytest.raises(AssessmentError, match="already been submitted"):
            services.attempt_answer_save(attempt=attempt, user=engineer, response=attempt.responses.get(),
                                         selected=[choice_id(question, "RabbitMQ")])


@pytest.mark.django_db
class TestAutosave:
    def test_saved_answer_survives_a_reload(self, client_for, engineer):
        question = single_choice()
        text_question = short_answer()
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([question, text_question]))
        first, second = attempt.responses.order_by("position")
        client = client_for(engineer)
        right = choice_id(question, "RabbitMQ")
        saved = client.post(answer_url(attempt, first), {f"q{first.pk}": str(right)}, HTTP_HX_REQUEST="true")
        assert "Saved at" in saved.content.decode()
        client.post(answer_url(attempt, second), {f"q{second.pk}": "rabbit broker"}, HTTP_HX_REQUEST="true")
        page = client.get(detail_url(attempt)).content.decode()
        assert re.search(rf'name="q{first.pk}" value="{right}"[^>]*checked', page)
        assert 'value="rabbit broker"' in page

    def test_autosave_answer_reveals_nothing_about_correctness(self, client_for, engineer):
        question = single_choice(options=[("RabbitMQ", 100, "SECRET-RIGHT"), ("Redis", 0, "SECRET-WRONG")])
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([question]))
        response = attempt.responses.get()
        client = client_for(engineer)
        replies = [
            client.post(answer_url(attempt, response), {f"q{response.pk}": str(choice.pk)}, HTTP_HX_REQUEST="true")
            for choice in question.choices.all()
        ]
        bodies = [reply.content.decode() for reply in replies]
        assert all("SECRET" not in body and "100" not in body and "point" not in body for body in bodies)
        assert len({body.replace(body.split("Saved at ")[1][:8], "") for body in bodies}) == 1

    def test_unknown_option_is_refused(self, client_for, engineer):
        question = single_choice()
        other = single_choice()
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([question]))
        response = attempt.responses.get()
        reply = client_for(engineer).post(answer_url(attempt, response),
                                          {f"q{response.pk}": str(other.choices.first().pk)},
                                          HTTP_HX_REQUEST="true")
        assert "Not saved" in reply.content.decode()
        response.refresh_from_db()
        assert response.selected == []


SECRETS = ["SECRET-FEEDBACK", "SECRET-EXPLANATION", "SECRET-ACCEPTED", "4242.5", "SECRET-PATTERN"]


def secretive_quiz(**kwargs):
    one = single_choice(options=[("RabbitMQ", 100, "SECRET-FEEDBACK"), ("Redis", 0)],
                        general_feedback="SECRET-EXPLANATION")
    two = multiple_choice(options=[("PostgreSQL", 50, "SECRET-FEEDBACK"), ("Redis", 50), ("Kafka", -100)])
    three = short_answer(answers=[("SECRET-ACCEPTED", 100, False), ("SECRET-PATTERN.*", 50, True)])
    four = numeric(values=[(4242.5, 0.5, 100)])
    five = scenario(criteria=[("SECRET-FEEDBACK criterion", 4)])
    six = true_false(correct=False)
    return quiz_with([one, two, three, four, five, six], **kwargs)


@pytest.mark.django_db
class TestNothingRevealedBeforeSubmission:
    def test_quiz_and_sitting_pages_contain_no_correct_answer(self, client_for, engineer):
        quiz = secretive_quiz()
        client = client_for(engineer)
        pages = [client.get(reverse("assessments:quiz_detail", kwargs={"slug": quiz.slug}))]
        pages.append(client.post(reverse("assessments:attempt_start", kwargs={"slug": quiz.slug}), follow=True))
        html = "".join(page.content.decode() for page in pages)
        assert "Question 6" in html
        for secret in SECRETS:
            assert secret not in html
        assert "fraction" not in html and "correct" not in html.lower()

    def test_options_carry_no_marker_that_tells_right_from_wrong(self, client_for, engineer):
        quiz = secretive_quiz()
        client = client_for(engineer)
        page = client.post(reverse("assessments:attempt_start", kwargs={"slug": quiz.slug}), follow=True)
        html = page.content.decode()
        attempt = Attempt.objects.get(user=engineer)
        first = attempt.responses.get(position=1)
        inputs = [re.search(rf'<input[^>]*name="q{first.pk}" value="{pk}"[^>]*>', html).group(0)
                  for pk in first.choice_order]
        assert len(inputs) == 2
        normalised = {re.sub(r"\d+", "N", tag) for tag in inputs}
        assert len(normalised) == 1, normalised

    def test_result_shows_feedback_after_the_attempt_when_the_quiz_allows(self, client_for, engineer):
        quiz = secretive_quiz(feedback_mode="after_attempt")
        attempt = services.attempt_start(user=engineer, quiz=quiz)
        attempt.responses.filter(question__kind="scenario").update(text="")
        attempt = services.attempt_submit(attempt=attempt, user=engineer)
        html = client_for(engineer).get(result_url(attempt)).content.decode()
        assert "SECRET-EXPLANATION" in html and "Correct answer" in html

    def test_result_never_shows_feedback_when_the_quiz_says_never(self, client_for, engineer):
        quiz = secretive_quiz(feedback_mode="never")
        attempt = services.attempt_submit(attempt=services.attempt_start(user=engineer, quiz=quiz), user=engineer)
        html = client_for(engineer).get(result_url(attempt)).content.decode()
        assert "Not passed" in html
        for secret in SECRETS:
            assert secret not in html

    def test_after_pass_feedback_waits_for_a_pass(self, client_for, engineer):
        question = single_choice(general_feedback="SECRET-EXPLANATION")
        quiz = quiz_with([question], feedback_mode="after_pass")
        client = client_for(engineer)
        failed = services.attempt_submit(attempt=services.attempt_start(user=engineer, quiz=quiz), user=engineer)
        assert "SECRET-EXPLANATION" not in client.get(result_url(failed)).content.decode()
        attempt = services.attempt_start(user=engineer, quiz=quiz)
        response = attempt.responses.get()
        services.attempt_submit(attempt=attempt, user=engineer,
                                answers={response.pk: {"selected": [choice_id(question, "RabbitMQ")]}})
        assert "SECRET-EXPLANATION" in client.get(result_url(attempt)).content.decode()

    def test_result_of_an_open_sitting_sends_back_to_the_sitting(self, client_for, engineer):
        attempt = services.attempt_start(user=engineer, quiz=secretive_quiz())
        response = client_for(engineer).get(result_url(attempt))
        assert response.status_code == 302 and response.url == detail_url(attempt)


@pytest.mark.django_db
class TestOnlyTheEngineerOpensTheirAttempt:
    def test_another_engineer_gets_404_everywhere(self, client_for, engineer, outsider):
        question = single_choice()
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([question]))
        response = attempt.responses.get()
        client = client_for(outsider)
        assert client.get(detail_url(attempt)).status_code == 404
        assert client.post(answer_url(attempt, response), {f"q{response.pk}": "1"}).status_code == 404
        assert client.post(submit_url(attempt)).status_code == 404
        assert client.get(result_url(attempt)).status_code == 404
        services.attempt_submit(attempt=attempt, user=engineer)
        assert client.get(result_url(attempt)).status_code == 404
        assert client.get(reverse("assessments:review_attempt", kwargs={"pk": attempt.pk})).status_code == 404
        attempt.refresh_from_db()
        assert attempt.responses.get().selected == []

    def test_manager_sees_the_result_but_not_the_open_sitting(self, client_for, engineer, manager, team):
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([single_choice()]))
        client = client_for(manager)
        assert client.get(detail_url(attempt)).status_code == 404
        services.attempt_submit(attempt=attempt, user=engineer)
        assert client.get(result_url(attempt)).status_code == 200


@pytest.mark.django_db
class TestBackToTraining:
    def test_safe_next_is_carried_to_the_result(self, client_for, engineer):
        quiz = quiz_with([single_choice()])
        client = client_for(engineer)
        start = client.post(reverse("assessments:attempt_start", kwargs={"slug": quiz.slug}), {"next": "/me/"})
        assert start.url.endswith("?next=%2Fme%2F")
        attempt = Attempt.objects.get(user=engineer)
        page = client.post(submit_url(attempt), {"next": "/me/"}, follow=True).content.decode()
        assert 'href="/me/">Back to your training' in page

    def test_foreign_next_is_ignored(self, client_for, engineer):
        quiz = quiz_with([single_choice()])
        client = client_for(engineer)
        client.post(reverse("assessments:attempt_start", kwargs={"slug": quiz.slug}),
                    {"next": "https://evil.example/"})
        attempt = Attempt.objects.get(user=engineer)
        page = client.post(submit_url(attempt), {"next": "https://evil.example/"}, follow=True).content.decode()
        assert "evil.example" not in page and "Back to your training" not in page
