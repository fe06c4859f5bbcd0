"""Write questions back as GIFT, so that a written bank imports again unchanged."""

import re
from decimal import Decimal

from ..models import QuestionKind, TextFormat
from .answers import MATCH_ARROW
from .syntax import FORMAT_TAG, escape


def _text(text):
    """An answer's or a feedback's text; one that opens with a format tag keeps it behind a
    ``[moodle]`` tag, which the reader drops."""
    return escape(f"[moodle]{text}" if FORMAT_TAG.match(text) else text)


def _number(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return repr(float(value))


def _feedback(text):
    return f"#{_text(text)}" if text else ""


def _weight(fraction):
    return f"%{_number(fraction)}%"


def _option(marker, choice, *, default):
    """One answer: its weight is left out when it is the default for the marker, unless the text
    itself starts like a weight (``%5% off``), which would then be read as one."""
    looks_weighted = re.match(r"%-?\d+(?:\.\d+)?%", choice.text)
    weight = "" if choice.fraction == default and not looks_weighted else _weight(choice.fraction)
    return f"{marker}{weight}{_text(choice.text)}{_feedback(choice.feedback)}"


def _directives(question, choices, criteria):
    kind = question.kind
    lines = []
    if kind == QuestionKind.SCENARIO and question.needs_rubric:
        if question.points != Decimal("1"):
            lines.append(f"// @points {_number(question.points)}")
        return lines
    for criterion in criteria:
        lines.append(f"// @criterion {criterion.max_points} {' '.join(criterion.description.split())}")
    if kind != QuestionKind.SCENARIO and question.points != Decimal("1"):
        lines.append(f"// @points {_number(question.points)}")
    if kind == QuestionKind.MULTIPLE_CHOICE and not question.partial_credit:
        lines.append("// @all-or-nothing")
    regex = [str(i) for i, c in enumerate(choices, start=1) if c.is_regex]
    if kind == QuestionKind.SHORT_ANSWER and regex:
        lines.append(f"// @regex {','.join(regex)}")
    if kind == QuestionKind.SHORT_ANSWER and question.model_answer:
        lines.append(f"// @answer {question.model_answer}")
    return lines


def _true_false(choices):
    true_choice = next((c for c in choices if c.text == "True"), choices[0])
    false_choice = next((c for c in choices if c.text == "False"), choices[-1])
    correct = true_choice.fraction > 0
    right, wrong = (true_choice, false_choice) if correct else (false_choice, true_choice)
    tail = ""
    if wrong.feedback or right.feedback:
        tail = f"#{_text(wrong.feedback)}#{_text(right.feedback)}"
    return ("TRUE" if correct else "FALSE") + tail


def _answers(kind, choices):
    """The answers of the block, one string each (numeric with several values: "#" first)."""
    answers = []
    if kind == QuestionKind.TRUE_FALSE:
        answers.append(_true_false(choices))
    elif kind == QuestionKind.NUMERIC:
        values = [choice for choice in choices if choice.value is not None]
        if len(choices) == 1 and values and values[0].fraction == 100:
            choice = values[0]
            answers.append(f"#{_number(choice.value)}:{_number(choice.tolerance)}{_feedback(choice.feedback)}")
        else:
            answers.append("#")
            for choice in values:
                answers.append(f"={_weight(choice.fraction)}{_number(choice.value)}:{_number(choice.tolerance)}"
                               f"{_feedback(choice.feedback)}")
            answers.extend(f"~#{_text(choice.feedback)}" for choice in choices if choice.value is None)
    elif kind == QuestionKind.SHORT_ANSWER:
        answers.extend(_option("=", choice, default=100) for choice in choices)
    elif kind == QuestionKind.MATCHING:
        for choice in choices:
            left = f"{_text(choice.text)} " if choice.text else ""
            answers.append(f"={left}{MATCH_ARROW} {escape(choice.match_text)}")
    elif kind == QuestionKind.SINGLE_CHOICE:
        marked = False
        for choice in choices:
            if choice.fraction == 100 and not marked:
                answers.append(_option("=", choice, default=100))
                marked = True
            else:
                answers.append(_option("~", choice, default=0))
    elif kind == QuestionKind.MULTIPLE_CHOICE:
        answers.extend(_option("~", choice, default=None) for choice in choices)
    return answers


def write_question(question, choices, criteria):
    """GIFT text of one question (``choices`` and ``criteria`` in order)."""
    lines = _directives(question, choices, criteria)
    kind = question.kind
    text_format = f"[{question.text_format}]"
    if question.text_format == TextFormat.MOODLE and not re.match(r"\s*\[\w+\]", question.text):
        text_format = ""  # the default, unless the text itself starts like a format tag
    head = f"::{escape(question.name)}::{text_format}{escape(question.text)}"
    answers = _answers(kind, choices)
    if question.general_feedback:
        answers.append(f"####{_text(question.general_feedback)}")

    if question.has_blank:
        # Missing word: the block stands where the blank goes, the text around it as written.
        if answers and answers[0] == "#":
            answers = ["#" + " ".join(answers[1:])]
        lines.append(head + "{" + " ".join(answers) + "}" + escape(question.text_after))
    elif kind == QuestionKind.SCENARIO and not question.general_feedback:
        lines.append(head + " {}")
    elif kind == QuestionKind.TRUE_FALSE or (kind == QuestionKind.NUMERIC and answers[0] != "#"):
        lines.append(head + " {" + " ".join(answers) + "}")
    else:
        lines.append(head + " {")
        if kind == QuestionKind.NUMERIC:
            lines[-1] += "#"
            answers = answers[1:]
        lines.extend(f"\t{answer}" for answer in answers)
        lines.append("}")
    return "\n".join(lines)


def write(bank, questions):
    """GIFT text of a bank; ``questions`` carry prefetched ``choices``, ``criteria``, ``category``."""
    out = [
        f"// Question bank: {' '.join(bank.name.split())}",
        "// Written by Shiftready. Lines starting “// @” are Shiftready extensions that Moodle",
        "// ignores as comments (rubrics, regular expressions, points); see assessments/GIFT.md.",
        "",
    ]
    category = None
    for question in questions:
        name = question.category.name if question.category else None
        if name != category and name is not None:
            out.extend([f"$CATEGORY: {name}", ""])
            category = name
        out.extend([write_question(question, list(question.choices.all()), list(question.criteria.all())), ""])
    return "\n".join(out)
