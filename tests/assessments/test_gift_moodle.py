"""GIFT as Moodle writes it: the documentation's reference examples import whole; missing-word,
matching, rubric-less essays, repeated names, text formats, general feedback and catch-all short
answers import, grade and export so that they import again unchanged."""

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from assessments import grading
from assessments.gift import HOLISTIC_CRITERION, GiftError, parse
from assessments.models import Choice, Question, QuestionKind
from assessments.selectors import bank_as_gift
from assessments.services import question_bank_import_gift
from tests.assessments.test_gift import snapshot

EXAMPLES = Path(__file__).parent / "data" / "moodle_gift_examples.gift"


def one(source):
    [question] = parse(source)
    return question


def imported(source, bank="Bank"):
    _bank, [question] = question_bank_import_gift(bank_name=bank, source=source)
    return question


@pytest.mark.django_db
class TestTheDocumentationExamples:
    def test_they_import_whole(self):
        bank, created = question_bank_import_gift(bank_name="Moodle", source=EXAMPLES.read_text(encoding="utf-8"))
        assert len(created) == 53
        assert Counter(q.kind for q in created) == {
            "single": 18, "true_false": 10, "numeric": 10, "short": 8, "matching": 3, "scenario": 3, "multiple": 1}
        missing_word = [q for q in created if q.has_blank]
        assert len(missing_word) == 14
        grant = next(q for q in created if q.text == "Grant is ")
        assert grant.plain_text == "Grant is _____ in Grant's tomb."
        assert [(c.text, c.fraction) for c in grant.choices.all()] == [
            ("buried", 0), ("entombed", 100), ("living", 0)]
        capitals = next(q for q in created if q.text.startswith("Match the following countries"))
        assert [(c.text, c.match_text) for c in capitals.choices.all()] == [
            ("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo"), ("India", "New Delhi")]
        assert [q.name for q in bank.questions.filter(category__name__endswith="Repeated names")] == [
            "Repeated", "Repeated"]
        essays = [q for q in created if q.kind == QuestionKind.SCENARIO]
        assert all(q.needs_rubric for q in essays)
        assert {(c.description, c.max_points) for q in essays for c in q.criteria.all()} == {(HOLISTIC_CRITERION, 1)}

    def test_they_export_and_import_again_unchanged(self):
        original, _ = question_bank_import_gift(bank_name="Original", source=EXAMPLES.read_text(encoding="utf-8"))
        text = bank_as_gift(bank=original)
        copy, _ = question_bank_import_gift(bank_name="Copy", source=text)
        assert snapshot(copy) == snapshot(original)
        assert bank_as_gift(bank=copy).replace("Copy", "Original") == text


class TestMissingWord:
    def test_the_text_around_the_blank_is_kept_as_written(self):
        question = one("Grant is {~buried =entombed ~living} in Grant's tomb.")
        assert (question.kind, question.text, question.text_after) == ("single", "Grant is ", " in Grant's tomb.")

    def test_a_numeric_answer_followed_by_a_full_stop(self):
        question = one("::born::Ulysses S. Grant was born in {#1822}.")
        assert (question.kind, question.text, question.text_after) == ("numeric", "Ulysses S. Grant was born in ", ".")
        assert [(c.value, c.tolerance) for c in question.choices] == [(1822.0, 0.0)]

    def test_the_blank_may_open_the_sentence(self):
        question = one("{=Two =2} plus two equals four.")
        assert (question.kind, question.text, question.text_after) == ("short", "", " plus two equals four.")
        assert question.name == "_____ plus two equals four."

    def test_whitespace_after_the_block_is_not_a_blank(self):
        question = one("::q::Which? {=a ~b}   \n")
        assert (question.text, question.text_after) == ("Which?", "")

    def test_two_answer_blocks_in_one_question_are_refused_with_the_line(self):
        with pytest.raises(GiftError) as caught:
            parse("::q::One {=a ~b}\nand two {=c ~d}.\n")
        assert caught.value.errors == [(2, "a blank line must separate two questions (one answer block “{…}” per "
                                           "question)")]

    @pytest.mark.django_db
    def test_graded_like_the_kind_its_answers_make(self):
        question = imported("::born::Ulysses S. Grant was born in {#1822:1}.")
        choices = list(question.choices.all())
        assert grading.auto_fraction(question, choices, selected_ids=[], text="1823") == 1
        assert grading.auto_fraction(question, choices, selected_ids=[], text="1830") == 0


class TestMatching:
    def test_pairs_and_extra_answers(self):
        question = one("::m::Match. {=Canada -> Ottawa =Italy -> Rome = -> Paris}")
        assert question.kind == QuestionKind.MATCHING
        assert [(c.text, c.match_text) for c in question.choices] == [
            ("Canada", "Ottawa"), ("Italy", "Rome"), ("", "Paris")]

    @pytest.mark.parametrize(("source", "message"), [
        ("::m::Match. {=Canada -> Ottawa}", "at least 2"),
        ("::m::Match. {=Canada -> Ottawa =Italy -> Rome ~Paris}", "only “=item -> answer” pairs"),
        ("::m::Match. {=Canada -> Ottawa =Italy}", "only “=item -> answer” pairs"),
        ("::m::Match. {=Canada -> =Italy -> Rome}", "nothing after"),
    ])
    def test_mistakes_are_named(self, source, message):
        with pytest.raises(GiftError) as caught:
            parse(source)
        assert message in caught.value.errors[0][1]

    @pytest.mark.django_db
    def test_each_right_pair_earns_its_share(self):
        question = imported("::m::Match. {=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo =Peru -> Lima}")
        choices = list(question.choices.all())
        item = {c.text: c.pk for c in choices}
        answer = {c.match_text: c.pk for c in choices}
        pairs = [[item["Canada"], answer["Ottawa"]], [item["Italy"], answer["Tokyo"]], [item["Japan"], answer["Tokyo"]]]
        assert grading.auto_fraction(question, choices, selected_ids=pairs, text="") == Decimal("0.5")
        assert grading.auto_fraction(question, choices, selected_ids=[], text="") == 0

    @pytest.mark.django_db
    def test_two_items_may_share_an_answer(self):
        question = imported("::m::Which are fruit? {=apple -> fruit =pear -> fruit =leek -> vegetable}")
        choices = list(question.choices.all())
        answers = grading.matching_answers(choices)
        assert [Choice.objects.get(pk=pk).match_text for pk in answers] == ["fruit", "vegetable"]
        fruit, vegetable = answers
        item = {c.text: c.pk for c in choices}
        pairs = [[item["apple"], fruit], [item["pear"], fruit], [item["leek"], vegetable]]
        assert grading.auto_fraction(question, choices, selected_ids=pairs, text="") == 1


class TestEssaysWithoutRubric:
    def test_graded_as_a_whole_worth_the_question_points(self):
        question = one("// @points 4\n::e::Describe your last incident. {}")
        assert question.needs_rubric
        assert [(c.description, c.max_points) for c in question.criteria] == [(HOLISTIC_CRITERION, 4)]

    def test_an_essay_with_a_rubric_does_not_need_one(self):
        question = one("// @criterion 2 Names the service\n::e::Describe. {}")
        assert not question.needs_rubric and len(question.criteria) == 1

    @pytest.mark.parametrize(("source", "message"), [
        ("// @criterion 2 Names the service\n// @points 3\n::e::Describe. {}", "@points does not apply"),
        ("// @points 2.5\n::e::Describe. {}", "whole points"),
    ])
    def test_points_that_cannot_apply_are_refused(self, source, message):
        with pytest.raises(GiftError) as caught:
            parse(source)
        assert message in caught.value.errors[0][1]

    @pytest.mark.django_db
    def test_exported_without_invented_criteria(self):
        question_bank_import_gift(bank_name="B", source="// @points 3\n::e::Describe. {}\n")
        text = bank_as_gift(bank=Question.objects.get().bank)
        assert "// @points 3\n::e::Describe. {}" in text and "@criterion" not in text


class TestFormatsFeedbackAndCatchAll:
    @pytest.mark.parametrize("tag", ["html", "markdown", "plain", "moodle"])
    def test_the_text_format_is_kept(self, tag):
        assert one(f"::f::[{tag}]Which? {{=a ~b}}").text_format == tag

    def test_an_unknown_format_is_named(self):
        with pytest.raises(GiftError, match=r"unknown text format \[latex\]"):
            parse("::f::[latex]Which? {=a ~b}")

    def test_general_feedback(self):
        question = one("::g::How many planets? {=8 ~9 ####Pluto is a dwarf planet since 2006.}")
        assert question.general_feedback == "Pluto is a dwarf planet since 2006."

    @pytest.mark.django_db
    def test_a_catch_all_answer_gives_its_feedback_to_every_other_answer(self):
        question = imported("::c::The greatest composer? {=Bach =%50%Beethoven#Close. =%0%*#Not in this course.}")
        choices = list(question.choices.all())
        assert grading.grade_short(question, choices, "bach") == 1
        assert grading.grade_short(question, choices, "Beethoven") == Decimal("0.5")
        assert grading.grade_short(question, choices, "Mozart") == 0
        assert [c.feedback for c in choices if grading.short_answer_matches(c, "Mozart")] == ["Not in this course."]
        assert not any(grading.short_answer_matches(c, "  ") for c in choices)

    def test_a_star_inside_an_answer_stands_for_any_characters(self):
        star, literal = Choice(text="*tomb"), Choice(text=r"5 \* 3")
        assert grading.short_answer_matches(star, "Grant's tomb")
        assert not grading.short_answer_matches(star, "tombstone")
        assert grading.short_answer_matches(literal, "5 * 3") and not grading.short_answer_matches(literal, "5 x 3")


class TestEmptyFilesAndByteOrderMarks:
    @pytest.mark.parametrize("source", ["", "\n\n", "// only a comment\n$CATEGORY: Week 1\n"])
    def test_a_file_without_questions_is_refused(self, source):
        with pytest.raises(GiftError) as caught:
            parse(source)
        assert caught.value.errors == [(1, "the file holds no questions")]

    def test_a_byte_order_mark_is_accepted(self):
        assert one("\ufeff::t::True? {T}").name == "t"


@pytest.mark.django_db
def test_the_examples_in_gift_md_import_and_round_trip():
    guide = (Path(__file__).resolve().parents[2] / "assessments" / "GIFT.md").read_text(encoding="utf-8")
    [example] = [block.split("\n", 1)[1] for block in guide.split("```")[1:] if block.startswith("gift\n")]
    original, created = question_bank_import_gift(bank_name="Guide", source=example)
    assert [q.kind for q in created] == ["scenario", "short", "single", "matching"]
    assert created[2].has_blank
    copy, _ = question_bank_import_gift(bank_name="Copy", source=bank_as_gift(bank=original))
    assert snapshot(copy) == snapshot(original)


@pytest.mark.django_db
class TestABankAsMoodleExportsIt:
    """``data/moodle_export.gift`` is shaped like Moodle's own export: ``// question:`` comments,
    ``[html]`` texts, answers and feedback with their own format tag, weights of a third, ``%0%*``,
    a numeric ``~#`` for any other number, an essay with general feedback and repeated names."""

    SOURCE = (Path(__file__).parent / "data" / "moodle_export.gift").read_text(encoding="utf-8")

    def test_it_imports_whole(self):
        bank, created = question_bank_import_gift(bank_name="On-call 101", source=self.SOURCE)
        assert [(q.name, q.kind) for q in created] == [
            ("Broker", "single"), ("Broker", "multiple"), ("Port", "short"), ("Pool", "numeric"),
            ("Cache", "true_false"), ("Stores", "matching"), ("Last incident", "scenario"),
            ("Blank from Moodle", "single")]
        assert {q.category.name for q in created} == {"Default for On-call 101"}
        broker = created[0]
        assert (broker.text_format, broker.text) == ("html", "<p>Which product carries tasks to the agents?</p>")
        assert [c.text for c in broker.choices.all()] == ["<p>Redis</p>", "<p>RabbitMQ</p>", "Kafka"]
        assert [c.fraction for c in created[1].choices.all()] == [
            Decimal("33.33333"), Decimal("33.33333"), Decimal("33.33333"), Decimal("-100")]
        assert created[2].choices.last().feedback == "<p>Look at the broker<b>'s</b> config.</p>"
        pool = list(created[3].choices.all())
        assert [(c.text, c.value, c.fraction, c.feedback) for c in pool][-1] == (
            "*", None, 0, "<p>Divide 17 by 20.</p>")
        assert created[3].general_feedback == "<p>17 / 20 = 85%</p>"
        assert [(c.text, c.match_text) for c in created[5].choices.all()] == [
            ("<p>PostgreSQL</p>", "results"), ("<p>Redis</p>", "the cache"), ("RabbitMQ", "tasks in flight"),
            ("", "logs")]
        assert created[6].needs_rubric and created[6].general_feedback.startswith("<p>Look for detection")
        assert created[7].text == "<p>A task travels from the API to _____, then to an agent.</p>"

    def test_it_exports_and_imports_again_unchanged(self):
        original, _ = question_bank_import_gift(bank_name="Original", source=self.SOURCE)
        copy, _ = question_bank_import_gift(bank_name="Copy", source=bank_as_gift(bank=original))
        assert snapshot(copy) == snapshot(original)

    def test_any_other_number_gets_the_catch_all_feedback(self, client_for, engineer):
        from django.urls import reverse

        from assessments import services
        from tests.assessments.factories import quiz_with

        _bank, created = question_bank_import_gift(bank_name="On-call 101", source=self.SOURCE)
        pool = created[3]
        quiz = quiz_with([pool], feedback_mode="after_attempt")
        attempt = services.attempt_start(user=engineer, quiz=quiz)
        response = attempt.responses.get()
        services.attempt_submit(attempt=attempt, user=engineer, answers={response.pk: {"text": "60"}})
        page = client_for(engineer).get(reverse("assessments:attempt_result", kwargs={"pk": attempt.pk}))
        assert re.search(r"Feedback</dt><dd[^>]*>Divide 17 by 20\.</dd>", page.content.decode())
        response.refresh_from_db()
        assert response.points == 0
