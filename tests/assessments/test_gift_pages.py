"""Moodle's question kinds on the engineer's pages: a missing-word question shows its blank inside
the sentence, a matching question offers its answers shuffled and scores each pair, and text
written in Markdown or HTML is shown formatted and safe."""

import re

import pytest
from django.urls import reverse

from assessments import selectors, services
from assessments.services import question_bank_import_gift
from tests.factories import UserFactory
from tests.uploads import text_of

from .factories import quiz_with

pytestmark = pytest.mark.django_db
CAPITALS = "::capitals::Match each country with its capital. {=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo " \
           "=India -> New Delhi = -> Paris}"


def question(source):
    _bank, [created] = question_bank_import_gift(bank_name="Bank", source=source)
    return created


def sitting_page(client, attempt):
    return client.get(reverse("assessments:attempt_detail", kwargs={"pk": attempt.pk}))


def question_html(page):
    return re.search(r'data-testid="question-text">(.*?)</div>\n', page.content.decode(), re.S).group(1)


def submit(client, attempt, data):
    response = attempt.responses.get()
    data = {f"q{response.pk}_shown": "1", **{key.format(pk=response.pk): value for key, value in data.items()}}
    return client.post(reverse("assessments:attempt_submit", kwargs={"pk": attempt.pk}), data)


class TestMissingWord:
    def test_the_blank_stands_inside_the_sentence_with_the_options_below(self, client_for, engineer):
        grant = question("Grant is {~buried =entombed ~living} in Grant's tomb.")
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([grant]))
        page = sitting_page(client_for(engineer), attempt)
        assert question_html(page) == (
            'Grant is <span class="gift-blank"><span aria-hidden="true">_____</span><span class="visually-hidden">'
            "(blank)</span></span> in Grant&#x27;s tomb.")
        assert "entombed" in text_of(page) and 'type="radio"' in page.content.decode()

    def test_a_word_answer_is_typed_into_the_blank_and_graded_like_a_short_answer(self, client_for, engineer):
        two = question("::two::Two plus {=two =2} equals four.")
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([two]))
        client = client_for(engineer)
        inside = question_html(sitting_page(client, attempt))
        assert re.fullmatch(r'Two plus <input type="text" name="q\d+"[^>]*aria-label="Your answer to question 1 '
                            r'\(the blank\)"[^>]*> equals four\.', inside)
        submit(client, attempt, {"q{pk}": "2"})
        attempt.refresh_from_db()
        assert (attempt.status, attempt.score_percent) == ("graded", 100)

    def test_the_result_page_shows_the_sentence_with_its_blank(self, client_for, engineer):
        born = question("::born::Ulysses S. Grant was born in {#1822}.")
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([born], feedback_mode="after_attempt"))
        client = client_for(engineer)
        submit(client, attempt, {"q{pk}": "1823"})
        page = client.get(reverse("assessments:attempt_result", kwargs={"pk": attempt.pk}))
        assert "Ulysses S. Grant was born in _____(blank)." in text_of(page)
        assert re.search(r"Correct answer</dt><dd[^>]*>1822</dd>", page.content.decode())


class TestMatching:
    def test_the_answers_are_offered_shuffled_once_each(self, engineer):
        capitals = question(CAPITALS)
        quiz = quiz_with([capitals], shuffle_choices=False)
        orders = []
        for user in [engineer, *(UserFactory() for _ in range(7))]:
            response = services.attempt_start(user=user, quiz=quiz).responses.get()
            orders.append([capitals.choices.get(pk=pk).match_text for pk in response.choice_order])
        assert all(sorted(order) == ["New Delhi", "Ottawa", "Paris", "Rome", "Tokyo"] for order in orders)
        assert any(order != ["Ottawa", "Rome", "Tokyo", "New Delhi", "Paris"] for order in orders)

    def test_each_right_pair_earns_its_share_and_the_result_shows_the_pairs(self, client_for, engineer):
        capitals = question(CAPITALS)
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([capitals], feedback_mode="after_attempt"))
        client = client_for(engineer)
        page = sitting_page(client, attempt)
        assert [label for label in re.findall(r"<label[^>]*>\s*([^<]+?)\s*</label>", page.content.decode())] == [
            "Canada", "Italy", "Japan", "India"]
        item = {c.text: c.pk for c in capitals.choices.exclude(text="")}
        answer = {capitals.choices.get(pk=pk).match_text: pk for pk in attempt.responses.get().choice_order}
        submit(client, attempt, {f"q{{pk}}_{item['Canada']}": answer["Ottawa"],
                                 f"q{{pk}}_{item['Italy']}": answer["Rome"],
                                 f"q{{pk}}_{item['Japan']}": answer["Paris"]})
        attempt.refresh_from_db()
        assert (attempt.status, attempt.score_points, attempt.score_percent) == ("graded", 0.5, 50)
        result = text_of(client.get(reverse("assessments:attempt_result", kwargs={"pk": attempt.pk})))
        assert "Your answer Canada → Ottawa; Italy → Rome; Japan → Paris" in result
        assert "Canada → Ottawa; Italy → Rome; Japan → Tokyo; India → New Delhi" in result

    def test_an_autosave_keeps_the_pairs_chosen(self, client_for, engineer):
        capitals = question(CAPITALS)
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([capitals]))
        response = attempt.responses.get()
        canada = capitals.choices.get(text="Canada").pk
        ottawa = capitals.choices.get(match_text="Ottawa").pk
        client = client_for(engineer)
        body = client.post(reverse("assessments:attempt_answer", kwargs={"pk": attempt.pk, "response_pk": response.pk}),
                           {f"q{response.pk}_{canada}": str(ottawa)}, HTTP_HX_REQUEST="true").content.decode()
        assert "Saved at" in body
        response.refresh_from_db()
        assert response.selected == [[canada, ottawa]]
        assert re.search(rf'<option value="{ottawa}" selected>Ottawa</option>', sitting_page(client, attempt)
                         .content.decode())

    def test_an_answer_from_another_question_is_refused(self, engineer):
        capitals = question(CAPITALS)
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([capitals]))
        response = attempt.responses.get()
        with pytest.raises(services.AssessmentError, match="not part of this question"):
            services.attempt_answer_save(attempt=attempt, user=engineer, response=response,
                                         selected=[[capitals.choices.get(text="Canada").pk, 999999]])

    def test_item_statistics_count_the_pairs(self, engineer):
        capitals = question(CAPITALS)
        quiz = quiz_with([capitals])
        for user, right in [(engineer, 4), (UserFactory(), 2), (UserFactory(), 0)]:
            attempt = services.attempt_start(user=user, quiz=quiz)
            response = attempt.responses.get()
            pairs = [[item.pk, capitals.choices.get(match_text=item.match_text).pk]
                     for item in capitals.choices.exclude(text="")[:right]]
            services.attempt_submit(attempt=attempt, user=user, answers={response.pk: {"selected": pairs}})
        [row] = selectors.item_statistics(quiz=quiz)
        assert (row["presented"], row["answered"], row["facility"]) == (3, 2, pytest.approx(0.5))


class TestTextFormats:
    def page(self, client_for, engineer, source):
        attempt = services.attempt_start(user=engineer, quiz=quiz_with([question(source)]))
        return question_html(sitting_page(client_for(engineer), attempt))

    def test_markdown_is_rendered(self, client_for, engineer):
        html = self.page(client_for, engineer, "::m::[markdown]Which command lists **files**? {=ls ~cd}")
        assert html == "<p>Which command lists <strong>files</strong>?</p>\n"

    def test_html_is_kept_and_made_safe(self, client_for, engineer):
        html = self.page(client_for, engineer,
                         '::h::[html]<p onclick="steal()">The <b>largest</b> ocean?<script>steal()</script></p> '
                         '{=Pacific ~Atlantic}')
        assert html == "<p>The <b>largest</b> ocean?</p>"

    @pytest.mark.parametrize("tag", ["[plain]", "[moodle]", ""])
    def test_plain_text_shows_its_markup_as_written(self, client_for, engineer, tag):
        html = self.page(client_for, engineer, f"::p::{tag}Is <b> a tag here? {{T}}")
        assert html == "Is &lt;b&gt; a tag here?"

    def test_general_feedback_in_the_question_format(self, client_for, engineer):
        source = "::g::[markdown]How many *planets*? {=8 ~9 ####Pluto is a **dwarf** planet.}"
        quiz = quiz_with([question(source)], feedback_mode="after_attempt")
        attempt = services.attempt_start(user=engineer, quiz=quiz)
        client = client_for(engineer)
        submit(client, attempt, {})
        html = client.get(reverse("assessments:attempt_result", kwargs={"pk": attempt.pk})).content.decode()
        assert "<p>Pluto is a <strong>dwarf</strong> planet.</p>" in html
        assert "<p>How many <em>planets</em>?</p>" in html



class TestOptionsOfAnHtmlQuestion:
    def test_options_and_feedback_show_their_words_without_markup(self, client_for, engineer):
        source = ("::h::[html]<p>Which broker?</p>{=<p>Rabbit<b>MQ</b></p>#<p>Right &amp; <script>x()</script>"
                  "quick.</p> ~<p>Redis</p>}")
        quiz = quiz_with([question(source)], feedback_mode="after_attempt")
        attempt = services.attempt_start(user=engineer, quiz=quiz)
        client = client_for(engineer)
        sitting = sitting_page(client, attempt).content.decode()
        assert re.search(r'<input type="radio"[^>]*>\s*<label[^>]*>\s*RabbitMQ\s*</label>', sitting)
        right = attempt.responses.get().question.choices.get(text__contains="Rabbit").pk
        submit(client, attempt, {"q{pk}": right})
        result = client.get(reverse("assessments:attempt_result", kwargs={"pk": attempt.pk})).content.decode()
        assert re.search(r"Feedback</dt><dd[^>]*>Right &amp; quick\.</dd>", result)
        assert "script" not in result.split("Feedback</dt>")[1][:200]
