"""Automatic grading of the objective question kinds. Pure functions: no database writes.

Each ``grade_*`` returns the share of the question's points won, a Decimal between 0 and 1.
"""

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from .models import QuestionKind

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")


def _clamp(value):
    return max(ZERO, min(ONE, value))


def normalise_text(value):
    """Case-insensitive, whitespace-insensitive form of a short answer."""
    return " ".join(str(value).split()).casefold()


def parse_number(value):
    """The engineer's numeric answer as a float, or None if it is not a number."""
    text = str(value).strip().replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # "2,5" written with a decimal comma
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def grade_choice(question, choices, selected_ids):
    """Single choice and true/false: the fraction of the chosen option (never below zero)."""
    chosen = [c for c in choices if c.pk in set(selected_ids)]
    if len(chosen) != 1:
        return ZERO
    return _clamp(chosen[0].fraction / HUNDRED)


def grade_multiple(question, choices, selected_ids):
    """Multiple choice.

    With partial credit, the weights of the chosen options add up (wrong options carry negative
    weights), floored at zero. Without it, all or nothing: exactly the options with a positive
    weight must be chosen.
    """
    selected = set(selected_ids)
    if question.partial_credit:
        total = sum((c.fraction for c in choices if c.pk in selected), ZERO)
        return _clamp(total / HUNDRED)
    correct = {c.pk for c in choices if c.fraction > 0}
    return ONE if correct and selected == correct else ZERO


def _wildcard(text):
    """A literal answer as Moodle reads it: ``*`` stands for any characters, ``\\*`` for a star."""
    parts = re.split(r"(\\\*|\*)", normalise_text(text))
    return "".join(".*" if part == "*" else re.escape("*" if part == "\\*" else part) for part in parts)


def short_answer_matches(choice, answer):
    """Does ``answer`` match an accepted answer: a regular expression (``is_regex``), or literal
    words where ``*`` stands for anything (so ``=%0%*`` catches every other answer, as in Moodle)."""
    if choice.is_regex:
        try:
            return re.fullmatch(choice.text.strip(), " ".join(answer.split()), re.IGNORECASE) is not None
        except re.error:
            return False
    if "*" in choice.text:
        return bool(answer.strip()) and re.fullmatch(_wildcard(choice.text), normalise_text(answer)) is not None
    return normalise_text(choice.text) == normalise_text(answer)


def readable_pattern(pattern):
    """A regular expression of an accepted answer as words an engineer can read, or "" when it
    does not reduce to plain words (``.*decision\\s*tree.*`` reads "decision tree")."""
    text = pattern.strip().removeprefix("(?i)").removeprefix("^").removesuffix("$")
    for wildcard in (".*", ".+"):
        text = text.removeprefix(wildcard).removesuffix(wildcard)
    text = re.sub(r"\\s[*+?]?", " ", text).replace("-?", "")  # optional spaces and hyphens
    if re.search(r"\\\w|(?<!\\)[.\[\](){}|*+?^$]", text):  # a class or an operator is left: no words
        return ""
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())  # escaped punctuation is itself


def correct_short_answer(question, choices):
    """What the result page shows as the right answer to a short-answer question: the question's
    model answer, else its full-credit literal answers, else the first full-credit pattern in
    readable words; never a regular expression."""
    if question.model_answer:
        return question.model_answer
    full = [c for c in choices if c.fraction == HUNDRED]
    literal = [c.text for c in full if not c.is_regex]
    if literal:
        return " or ".join(literal)
    return next((readable for c in full if (readable := readable_pattern(c.text))), "")


def grade_short(question, choices, text):
    """The best fraction among the accepted answers that match (case-insensitive)."""
    if not text.strip():
        return ZERO
    fractions = [c.fraction for c in choices if short_answer_matches(c, text)]
    return _clamp(max(fractions) / HUNDRED) if fractions else ZERO


def grade_numeric(question, choices, text):
    """The best fraction among the accepted values within their tolerance."""
    number = parse_number(text)
    if number is None:
        return ZERO
    fractions = [
        c.fraction for c in choices
        if c.value is not None and abs(number - c.value) <= c.tolerance + 1e-9 * max(1.0, abs(c.value))
    ]
    return _clamp(max(fractions) / HUNDRED) if fractions else ZERO


def matching_answers(choices):
    """The right-hand answers of a matching question: one choice id per different answer text."""
    seen, answers = set(), []
    for choice in choices:
        if choice.match_text not in seen:
            seen.add(choice.match_text)
            answers.append(choice.pk)
    return answers


def grade_matching(question, choices, pairs):
    """Matching: each item paired with its answer earns its share of the points."""
    items = [choice for choice in choices if choice.text]
    if not items:
        return ZERO
    answer_text = {choice.pk: choice.match_text for choice in choices}
    chosen = {item: answer for item, answer in pairs}
    right = sum(1 for item in items if chosen.get(item.pk) in answer_text
                and answer_text[chosen[item.pk]] == item.match_text)
    return Decimal(right) / Decimal(len(items))


def auto_fraction(question, choices, *, selected_ids, text):
    """Fraction won for an objective question; None for a scenario (a reviewer grades it)."""
    kind = question.kind
    if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.TRUE_FALSE):
        return grade_choice(question, choices, selected_ids)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return grade_multiple(question, choices, selected_ids)
    if kind == QuestionKind.SHORT_ANSWER:
        return grade_short(question, choices, text)
    if kind == QuestionKind.NUMERIC:
        return grade_numeric(question, choices, text)
    if kind == QuestionKind.MATCHING:
        return grade_matching(question, choices, selected_ids)
    return None


def points_for(fraction, max_points):
    return (fraction * max_points).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent(points, max_points):
    if not max_points:
        return Decimal("0.00")
    return (points * HUNDRED / max_points).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
