"""Property (Hypothesis): any question the exporter writes imports again unchanged — every kind,
missing-word blanks, text formats, feedback, weights and pairs, with GIFT's special characters in
every text. No database: the writer is given unsaved rows and the parser reads its text back."""

from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assessments import gift
from assessments.models import Choice, Question, QuestionKind, RubricCriterion, TextFormat

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
ALPHABET = "ab Z9\n\t~=#{}:\\%*[]_->.é’"
# Prefixes that read as GIFT syntax when they open a text: a weight, a format tag, a name.
PREFIXES = ["", "", "", "%5%", "%-50%", "[html]", "[b] ", "::", "=", "~", "#"]
words = st.builds(lambda prefix, text: (prefix + text).strip(), st.sampled_from(PREFIXES),
                  st.text(alphabet=ALPHABET, min_size=1, max_size=30)).filter(bool)
maybe_words = st.one_of(st.just(""), words)
# An option's text: GIFT cannot write "->" in one (it would read as a matching pair).
option_text = words.filter(lambda text: "->" not in text)
numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda value: value or 0.0)
tolerances = st.floats(min_value=0, max_value=1e3, allow_nan=False)
feedback = maybe_words


def _choice(**fields):
    return Choice(**{"text": "", "match_text": "", "fraction": Decimal("0"), "feedback": "", "value": None,
                     "tolerance": 0.0, "is_regex": False, **fields})


@st.composite
def choices_for(draw, kind):
    if kind == QuestionKind.TRUE_FALSE:
        right = draw(st.booleans())
        return [_choice(text="True", fraction=Decimal(100 if right else 0), feedback=draw(feedback)),
                _choice(text="False", fraction=Decimal(0 if right else 100), feedback=draw(feedback))]
    if kind == QuestionKind.SINGLE_CHOICE:
        others = draw(st.lists(st.sampled_from([0, 25, 50, -50, -100]), min_size=1, max_size=4))
        fractions = [100, *others]
        return [_choice(text=draw(option_text), fraction=Decimal(f), feedback=draw(feedback)) for f in fractions]
    if kind == QuestionKind.MULTIPLE_CHOICE:
        fractions = draw(st.sampled_from([[50, 50, -100], [100, 0], [33.33333, 33.33333, 33.33334, -50]]))
        return [_choice(text=draw(option_text), fraction=Decimal(str(f)), feedback=draw(feedback)) for f in fractions]
    if kind == QuestionKind.SHORT_ANSWER:
        fractions = draw(st.lists(st.sampled_from([100, 50, 0]), min_size=1, max_size=3))
        return [_choice(text=draw(option_text), fraction=Decimal(f), feedback=draw(feedback)) for f in fractions]
    if kind == QuestionKind.NUMERIC:
        fractions = draw(st.sampled_from([[100], [100, 50], [50, 100, 0]]))
        catch_all = [_choice(text="*", feedback=draw(feedback))] if draw(st.booleans()) else []
        return [_choice(value=draw(numbers), tolerance=draw(tolerances), fraction=Decimal(f), feedback=draw(feedback))
                for f in fractions] + catch_all
    if kind == QuestionKind.MATCHING:
        pairs = draw(st.lists(st.tuples(option_text, option_text), min_size=2, max_size=4))
        extras = draw(st.lists(option_text, max_size=2))
        return ([_choice(text=left, match_text=right) for left, right in pairs]
                + [_choice(match_text=right) for right in extras])
    return []


@st.composite
def questions(draw):
    kind = draw(st.sampled_from(list(QuestionKind)))
    blank = draw(st.booleans())
    text = draw(words)
    text_after = ""
    if blank:  # the text on either side of a blank keeps its spaces
        text = draw(st.sampled_from(["", text, text + " "]))
        text_after = draw(st.sampled_from(["", " "])) + draw(words)
    needs_rubric = kind == QuestionKind.SCENARIO and draw(st.booleans())
    points = Decimal(draw(st.integers(1, 20))) if needs_rubric or kind != QuestionKind.SCENARIO else Decimal("1")
    question = Question(
        name=draw(words), kind=kind, text=text, text_after=text_after,
        text_format=draw(st.sampled_from(list(TextFormat))), general_feedback=draw(feedback),
        points=points, needs_rubric=needs_rubric,
        partial_credit=draw(st.booleans()) if kind == QuestionKind.MULTIPLE_CHOICE else True,
    )
    criteria = []
    if kind == QuestionKind.SCENARIO:
        if needs_rubric:
            criteria = [RubricCriterion(description=gift.HOLISTIC_CRITERION, max_points=int(points))]
        else:
            descriptions = draw(st.lists(words.filter(lambda text: "\n" not in text and "\t" not in text),
                                         min_size=1, max_size=3))
            criteria = [RubricCriterion(description=text, max_points=draw(st.integers(1, 9))) for text in descriptions]
    return question, draw(choices_for(kind)), criteria


def plain(question, choices, criteria):
    return {
        "name": question.name, "kind": question.kind, "text": question.text, "text_after": question.text_after,
        "text_format": question.text_format, "general_feedback": question.general_feedback,
        "points": Decimal(question.points).quantize(Decimal("0.01")), "needs_rubric": question.needs_rubric,
        "partial_credit": question.partial_credit,
        "choices": [(c.text, c.match_text, Decimal(c.fraction).quantize(Decimal("0.00001")), c.feedback, c.value,
                     c.tolerance) for c in choices],
        "criteria": [(c.description, c.max_points) for c in criteria],
    }


def _tricky(kind, choices=(), **fields):
    question = Question(**{"name": "q", "kind": kind, "text": "Which?", "text_format": TextFormat.MOODLE,
                           "points": Decimal("1"), **fields})
    return question, list(choices), []


TRICKY = [
    _tricky(QuestionKind.SHORT_ANSWER, [_choice(text="%9% off", fraction=Decimal(100))]),
    _tricky(QuestionKind.SINGLE_CHOICE, [_choice(text="%5%x", fraction=Decimal(100)), _choice(text="%5%y")]),
    _tricky(QuestionKind.MULTIPLE_CHOICE, [_choice(text="%5%x", fraction=Decimal(100)), _choice(text="y")]),
    _tricky(QuestionKind.TRUE_FALSE, [_choice(text="True", fraction=Decimal(100)), _choice(text="False")],
            text="[html] is a tag"),
    _tricky(QuestionKind.SHORT_ANSWER, [_choice(text="a", fraction=Decimal(100))], text="Ends with \\",
            text_after="\nnext line"),
    _tricky(QuestionKind.SHORT_ANSWER, [_choice(text="a", fraction=Decimal(100))], name="a::b", text="",
            text_after=" plus two."),
]


@PROPERTY
@given(questions())
@example(TRICKY[0])
@example(TRICKY[1])
@example(TRICKY[2])
@example(TRICKY[3])
@example(TRICKY[4])
@example(TRICKY[5])
def test_any_question_the_exporter_writes_imports_again_unchanged(data):
    question, choices, criteria = data
    text = gift.write_question(question, choices, criteria)
    [parsed] = gift.parse(text)
    assert plain(parsed, parsed.choices, parsed.criteria) == plain(question, choices, criteria), text
