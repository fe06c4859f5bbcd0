"""GIFT import and export: every supported kind, all-or-nothing errors with line numbers, and the
round trip export → import giving the same bank."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assessments.gift import GiftError
from assessments.models import Question, QuestionBank, QuestionKind
from assessments.selectors import bank_as_gift, bank_questions
from assessments.services import question_bank_import_gift

EVERY_KIND = r"""// Every kind Shiftready reads.
$CATEGORY: $course$/top/Week 1

::single::Where does the API put a task? {
	=On a RabbitMQ queue#Right\: the broker.
	~In Redis#No, that is the cache.
	~%50%On a queue, somewhere#Half right.
	####The API publishes and returns at once.
}

// @all-or-nothing
// @points 2
::multiple::Which are data stores? {~%50%PostgreSQL ~%50%Redis ~%-100%RabbitMQ#A broker, not a store.}

::truefalse::Redis keeps the results for good. {F#It does not\: it is a cache.#Right.####PostgreSQL does.}

// @regex 2
::short::Name the broker. {=RabbitMQ =rabbit\s*mq#Spelled apart, fine. =%50%broker}

$CATEGORY: Arithmetic

::numeric::17 of 20 pool connections are busy. Percentage in use? {#
	=%100%85:1#Right.
	=%50%80..90
}

::range::Pick a number from 1 to 3. {#1..3}

// @criterion 3 Checks queue depth and consumers first
// @criterion 2 Tells the incident channel, escalates in time
::scenario::Tasks stay pending at 02\:10. What do you do? {
	####Look at RabbitMQ first.
}

::escapes::Text with \{braces\}, an \= sign, a \~ tilde, a \# hash\nand a second line. {=a\:b\=c#fb with \# hash ~other}
"""


def snapshot(bank):
    """The whole bank as plain data, without database ids, positions or the bank's name."""
    return [
        {
            "category": q.category.name if q.category else None, "name": q.name, "kind": q.kind,
            "text": q.text, "text_after": q.text_after, "text_format": q.text_format,
            "general_feedback": q.general_feedback, "points": q.points, "needs_rubric": q.needs_rubric,
            "partial_credit": q.partial_credit if q.kind == QuestionKind.MULTIPLE_CHOICE else None,
            "choices": [(c.text, c.match_text, c.fraction, c.feedback, c.is_regex, c.value, c.tolerance)
                        for c in q.choices.all()],
            "criteria": [(c.description, c.max_points) for c in q.criteria.all()],
        }
        for q in bank_questions(bank=bank)
    ]


@pytest.mark.django_db
class TestImport:
    def test_every_supported_kind_is_read(self):
        bank, created = question_bank_import_gift(bank_name="Week 1", source=EVERY_KIND)
        kinds = {q.name: q.kind for q in created}
        assert kinds == {
            "single": "single", "multiple": "multiple", "truefalse": "true_false", "short": "short",
            "numeric": "numeric", "range": "numeric", "scenario": "scenario", "escapes": "single",
        }
        by_name = {q.name: q for q in bank.questions.all()}
        assert by_name["single"].category.name == "Week 1"
        assert by_name["numeric"].category.name == "Arithmetic"
        assert [(c.text, c.fraction) for c in by_name["single"].choices.all()] == [
            ("On a RabbitMQ queue", 100), ("In Redis", 0), ("On a queue, somewhere", 50)]
        assert by_name["single"].choices.first().feedback == "Right: the broker."
        assert (by_name["multiple"].partial_credit, by_name["multiple"].points) == (False, Decimal("2.00"))
        truefalse = {c.text: (c.fraction, c.feedback) for c in by_name["truefalse"].choices.all()}
        assert truefalse == {"True": (0, "It does not: it is a cache."), "False": (100, "Right.")}
        assert by_name["truefalse"].general_feedback == "PostgreSQL does."
        assert [(c.text, c.is_regex) for c in by_name["short"].choices.all()] == [
            ("RabbitMQ", False), (r"rabbit\s*mq", True), ("broker", False)]
        assert [(c.value, c.tolerance, c.fraction) for c in by_name["numeric"].choices.all()] == [
            (85.0, 1.0, 100), (85.0, 5.0, 50)]
        assert [(c.value, c.tolerance) for c in by_name["range"].choices.all()] == [(2.0, 1.0)]
        assert [(c.description, c.max_points) for c in by_name["scenario"].criteria.all()] == [
            ("Checks queue depth and consumers first", 3), ("Tells the incident channel, escalates in time", 2)]
        assert by_name["scenario"].text == "Tasks stay pending at 02:10. What do you do?"
        assert by_name["escapes"].text == "Text with {braces}, an = sign, a ~ tilde, a # hash\nand a second line."
        assert [c.text for c in by_name["escapes"].choices.all()] == ["a:b=c", "other"]
        assert by_name["escapes"].choices.first().feedback == "fb with # hash"

    def test_unnamed_questions_are_named_after_their_text(self):
        _bank, created = question_bank_import_gift(
            bank_name="B", source="Is RabbitMQ the broker? {T}\n\nIs RabbitMQ the broker? {F}\n")
        assert [q.name for q in created] == ["Is RabbitMQ the broker?", "Is RabbitMQ the broker? (2)"]

    def test_command_imports_a_file(self, tmp_path, capsys):
        path = tmp_path / "week1.gift"
        path.write_text(EVERY_KIND, encoding="utf-8")
        call_command("import_questions", str(path), "--bank", "Week 1")
        assert "Imported 8 question(s)" in capsys.readouterr().out
        assert QuestionBank.objects.get(name="Week 1").questions.count() == 8


BROKEN = """::good::A fine question. {=yes ~no}

::no-close::Where is the end? {=here ~there

::good-2::Another fine one. {T}

::matching::Match them. {=a -> 1}

// @criterion 3 Rubric for a question that is not a scenario
::not-scenario::Which? {=x ~y}

::mixed::The broker is {=RabbitMQ -> yes ~Redis} in this system.

::two-blanks::One {=a ~b} and two {=c ~d}.

::numbers::How many? {#many}
"""


@pytest.mark.django_db
class TestImportErrors:
    def test_file_with_errors_imports_nothing_and_names_every_line(self):
        with pytest.raises(GiftError) as caught:
            question_bank_import_gift(bank_name="Broken", source=BROKEN)
        lines = dict(caught.value.errors)
        assert "not closed" in lines[3]
        assert "at least 2" in lines[7]
        assert "@criterion belongs to a scenario" in lines[9]
        assert "only “=item -> answer” pairs" in lines[12]
        assert "one answer block" in lines[14]
        assert "not a number" in lines[16]
        assert 1 not in lines and 5 not in lines
        assert not QuestionBank.objects.exists() and not Question.objects.exists()

    def test_command_reports_lines_and_changes_nothing(self, tmp_path):
        question_bank_import_gift(bank_name="Existing", source="::kept::Kept? {T}\n")
        path = tmp_path / "broken.gift"
        path.write_text(BROKEN, encoding="utf-8")
        with pytest.raises(CommandError) as caught:
            call_command("import_questions", str(path), "--bank", "Existing")
        message = str(caught.value)
        assert "Nothing imported" in message and f"{path}:3:" in message and f"{path}:16:" in message
        assert list(QuestionBank.objects.get(name="Existing").questions.values_list("name", flat=True)) == ["kept"]

    def test_a_name_already_in_the_bank_adds_a_question_beside_it(self):
        """Moodle's exports repeat names: a name is a title, never an identity."""
        question_bank_import_gift(bank_name="Bank", source="::w1::Old? {T}\n")
        question_bank_import_gift(bank_name="Bank", source="::new::New? {T}\n\n::w1::Again? {F}\n\n::w1::Third? {T}\n")
        assert list(Question.objects.order_by("pk").values_list("name", "text")) == [
            ("w1", "Old?"), ("new", "New?"), ("w1", "Again?"), ("w1", "Third?")]

    @pytest.mark.parametrize(("source", "line", "message"), [
        ("::a::One {=x ~y}\n::b::Two {=x ~y}\n", 2, "blank line must separate"),
        ("// @points 2\n", 1, "not followed by a question"),
        ("// @regex 1\n::r::Regex? {=(unclosed}\n", 1, "not a valid regular expression"),
        ("::m::Multi {~%50%a ~%20%b ~c}\n", 1, "add up to 70"),
        ("\n\n::d::Just a description\n", 3, "no answer block"),
        ("// @wat\n::w::W? {T}\n", 1, "unknown directive"),
        ("::s::Two right ones {=a =b ~c}\n", 1, "exactly one"),
    ])
    def test_other_mistakes_are_named(self, source, line, message):
        with pytest.raises(GiftError) as caught:
            question_bank_import_gift(bank_name="X", source=source)
        assert any(err_line == line and message in text for err_line, text in caught.value.errors), \
            caught.value.errors
        assert not Question.objects.exists()


@pytest.mark.django_db
class TestRoundTrip:
    def test_export_then_import_gives_the_same_bank(self):
        original, _ = question_bank_import_gift(bank_name="Original", source=EVERY_KIND)
        text = bank_as_gift(bank=original)
        copy, _ = question_bank_import_gift(bank_name="Copy", source=text)
        assert snapshot(copy) == snapshot(original)
        assert bank_as_gift(bank=copy).replace("Copy", "Original") == text

    def test_export_command_writes_a_file_that_imports_back(self, tmp_path):
        question_bank_import_gift(bank_name="Original", source=EVERY_KIND)
        out = tmp_path / "out.gift"
        call_command("export_questions", "--bank", "Original", "-o", str(out))
        call_command("import_questions", str(out), "--bank", "Copy")
        assert snapshot(QuestionBank.objects.get(name="Copy")) == snapshot(QuestionBank.objects.get(name="Original"))

    def test_export_to_standard_output(self, capsys):
        question_bank_import_gift(bank_name="Original", source="::t::True? {T}\n")
        call_command("export_questions", "--bank", "Original")
        assert "::t::True? {TRUE}" in capsys.readouterr().out

    def test_unknown_bank_is_named(self):
        with pytest.raises(CommandError, match="No question bank named"):
            call_command("export_questions", "--bank", "Nope")

    @pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parents[2] / "assessments" / "demo_banks")
                                            .glob("*.gift")), ids=lambda p: p.name)
    def test_demo_banks_round_trip(self, path):
        original, _ = question_bank_import_gift(bank_name="Original", source=path.read_text(encoding="utf-8"))
        copy, _ = question_bank_import_gift(bank_name="Copy", source=bank_as_gift(bank=original))
        assert snapshot(copy) == snapshot(original)
