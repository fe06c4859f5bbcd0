"""What the engineer sees while sitting a quiz and after: the bar that keeps the clock and the
count of answers in sight, and a result page that never hands out the answer key's patterns."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.template.loader import render_to_string
from django.urls import reverse

from assessments import gift, services
from assessments.forms import AnswerForm
from assessments.grading import readable_pattern
from assessments.models import Question, QuestionKind

from .factories import (
    ChoiceFactory,
    QuestionFactory,
    multiple_choice,
    numeric,
    quiz_with,
    scenario,
    short_answer,
    single_choice,
    true_false,
)

pytestmark = pytest.mark.django_db


def result_html(client, attempt):
    return client.get(reverse("assessments:attempt_result", kwargs={"pk": attempt.pk})).content.decode()


def sit(engineer, question, text):
    quiz = quiz_with([question], feedback_mode="after_attempt")
    attempt = services.attempt_start(user=engineer, quiz=quiz)
    response = attempt.responses.get()
    return services.attempt_submit(attempt=attempt, user=engineer, answers={response.pk: {"text": text}})


class TestTheResultPage:
    def test_a_pattern_only_answer_shows_in_words_never_as_the_pattern(self, client_for, engineer):
        question = short_answer(answers=((r".*decision\s*tree.*", 100, True),))
        attempt = sit(engineer, question, "the runbook")
        html = result_html(client_for(engineer), attempt)
        correct = re.search(r"Correct answer</dt><dd[^>]*>(.*?)</dd>", html).group(1)
        assert correct == "decision tree"
        assert r"\s*" not in html and "anything matching" not in html

    def test_the_model_answer_when_the_question_has_one(self, client_for, engineer):
        question = short_answer(answers=((r"rabbit\s*-?\s*mq", 100, True),), model_answer="RabbitMQ")
        html = result_html(client_for(engineer), sit(engineer, question, "Kafka"))
        assert re.search(r"Correct answer</dt><dd[^>]*>RabbitMQ</dd>", html)
        assert "rabbit\\s" not in html

    def test_literal_answers_are_shown_and_patterns_beside_them_are_not(self, client_for, engineer):
        question = short_answer(answers=(("RabbitMQ", 100, False), (r"rabbit\s*-?\s*mq", 100, True)))
        html = result_html(client_for(engineer), sit(engineer, question, "Kafka"))
        assert re.search(r"Correct answer</dt><dd[^>]*>RabbitMQ</dd>", html)
        assert "rabbit\\s" not in html

    def test_a_pattern_that_is_no_words_shows_no_correct_answer(self, client_for, engineer):
        question = short_answer(answers=((r"INC-\d{4}", 100, True),), general_feedback="An incident number.")
        html = result_html(client_for(engineer), sit(engineer, question, "none"))
        assert "Correct answer" not in html and r"\d{4}" not in html
        assert "An incident number." in html

    def test_the_result_page_has_a_main_heading(self, client_for, engineer):
        question = single_choice()
        quiz = quiz_with([question], title="Week 1 knowledge check")
        attempt = services.attempt_submit(attempt=services.attempt_start(user=engineer, quiz=quiz), user=engineer)
        html = result_html(client_for(engineer), attempt)
        assert re.search(r"<h1[^>]*>Week 1 knowledge check", html)


def test_readable_pattern_reduces_only_to_plain_words():
    assert readable_pattern(r"^rabbit\s*-?\s*mq$") == "rabbit mq"
    assert readable_pattern(r"node\.js") == "node.js"
    assert readable_pattern(r"(kafka|rabbitmq)") == ""
    assert readable_pattern(r"rabbit.mq") == ""


class TestTheSitting:
    def test_the_clock_and_the_answered_count_sit_in_a_sticky_bar(self, client_for, engineer):
        quiz = quiz_with([single_choice(), single_choice()], time_limit_minutes=20)
        attempt = services.attempt_start(user=engineer, quiz=quiz)
        url = reverse("assessments:attempt_detail", kwargs={"pk": attempt.pk})
        html = client_for(engineer).get(url).content.decode()
        bar = re.search(r'<div class="quiz-bar sticky-top[^"]*"[^>]*>(.*?)\n</div>', html, re.S).group(1)
        assert "data-quiz-timer" in bar
        assert re.search(r'id="answered-count"><strong>0</strong> of 2 answered', bar)

    def test_each_autosave_sends_the_new_count(self, client_for, engineer):
        first, second = single_choice(), single_choice()
        quiz = quiz_with([first, second])
        attempt = services.attempt_start(user=engineer, quiz=quiz)
        response = attempt.responses.get(question=first)
        choice = first.choices.get(text="RabbitMQ").pk
        body = client_for(engineer).post(
            reverse("assessments:attempt_answer", kwargs={"pk": attempt.pk, "response_pk": response.pk}),
            {f"q{response.pk}": str(choice)}, HTTP_HX_REQUEST="true").content.decode()
        assert "Saved at" in body
        assert re.search(r'<span id="answered-count" hx-swap-oob="true"><strong>1</strong> of 2 answered', body)


def _markup(html):
    """HTML as a browser lays it out: runs of white space as one, none beside a tag."""
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def test_the_answer_fields_keep_crispys_markup_drawn_without_it(client_for, engineer):
    """Every kind of question's field, blank and answered, as crispy's Bootstrap 5 pack draws it."""
    matching = QuestionFactory(kind=QuestionKind.MATCHING)
    for position, (text, match) in enumerate([("Broker", "RabbitMQ"), ("Cache", "Redis"), ("", "Kafka")]):
        ChoiceFactory(question=matching, position=position, text=text, match_text=match)
    questions = [single_choice(), multiple_choice(), true_false(), short_answer(), numeric(), scenario(), matching]
    quiz = quiz_with(questions)
    attempt = services.attempt_start(user=engineer, quiz=quiz)
    responses = list(attempt.responses.select_related("question"))
    for response in responses[:3]:  # chosen answers show checked
        response.selected = [response.choice_order[0]]
        response.save(update_fields=["selected"])
    for response in attempt.responses.all():
        fields = lambda form: form.pair_fields or [form.answer_field]  # noqa: E731
        ours = [render_to_string("assessments/_answer_field.html", {"field": field})
                for field in fields(AnswerForm(response))]
        crispys = [as_crispy_field(field) for field in fields(AnswerForm(response))]
        assert [_markup(html) for html in ours] == [_markup(html) for html in crispys], response.question.kind
    page = client_for(engineer).get(reverse("assessments:attempt_detail", kwargs={"pk": attempt.pk}))
    assert page.content.decode().count('class="form-check-input"') == 3 + 3 + 2


class TestGift:
    SOURCE = """// @regex 1
// @answer The troubleshooting decision tree
::lost::Which document do you start from? {=.*decision\\s*tree.*}
"""

    def test_the_model_answer_imports_and_exports_with_its_question(self):
        services.question_bank_import_gift(bank_name="Week 3", source=self.SOURCE)
        question = Question.objects.get(name="lost")
        assert question.model_answer == "The troubleshooting decision tree"
        assert "// @answer The troubleshooting decision tree" in gift.write_question(
            question, list(question.choices.all()), [])

    def test_an_answer_on_another_kind_of_question_is_refused_with_its_line(self):
        with pytest.raises(gift.GiftError, match="line 1: @answer belongs to a short-answer question"):
            gift.parse("// @answer True\n::tf::Redis keeps the results. {FALSE}\n")
