"""The answer block ``{…}`` of one question: which kind of question it makes, and its answers."""

import re
from decimal import Decimal

from ..models import QuestionKind
from .syntax import (
    TEXT_MAX,
    BlockError,
    ParsedChoice,
    find_unescaped,
    parse_float,
    split_feedback,
    split_unescaped,
    strip_format,
    unescape,
    weight_and_rest,
    wrap,
)

MATCH_ARROW = "->"
CATCH_ALL = "*"  # a numeric question's answer for any other number
MIN_MATCHING_PAIRS = 2


def _numeric_answer(chunk):
    """``value:tolerance``, ``min..max`` or ``value`` → (value, tolerance)."""
    chunk = unescape(chunk).strip()
    if ".." in chunk:
        low, high = (parse_float(part, "range bound") for part in chunk.split("..", 1))
        if low > high:
            raise ValueError(f"range {chunk} runs backwards")
        return (low + high) / 2, (high - low) / 2
    if ":" in chunk:
        value, tolerance = chunk.split(":", 1)
        value, tolerance = parse_float(value, "value"), parse_float(tolerance, "tolerance")
        if tolerance < 0:
            raise ValueError("the tolerance cannot be negative")
        return value, tolerance
    return parse_float(chunk, "value"), 0.0


def _numeric(stripped, lead):
    body = stripped[1:]
    catch_all = []
    wrong_at = find_unescaped(body, "~")
    if wrong_at >= 0:
        # Moodle's "~#feedback": what any other number gets (nothing), with its feedback.
        text, feedback = split_feedback(body[wrong_at + 1:])
        if text.strip():
            raise BlockError(lead + 1 + wrong_at, "write the feedback for any other number as “~#feedback”")
        catch_all = [ParsedChoice(text=CATCH_ALL, feedback=feedback)]
        body = body[:wrong_at]
    choices = []
    parts = split_unescaped(body, "=")
    if len(parts) == 1:
        text, feedback = split_feedback(body)
        value, tolerance = wrap(lead, _numeric_answer, text)
        return [ParsedChoice(fraction=Decimal("100"), feedback=feedback, value=value, tolerance=tolerance),
                *catch_all]
    if parts[0][1].strip():
        raise BlockError(lead, "numeric answers with several values must each start with “=”")
    for _marker, chunk, start in parts[1:]:
        weight, rest = wrap(lead + start, weight_and_rest, chunk)
        text, feedback = split_feedback(rest)
        value, tolerance = wrap(lead + start, _numeric_answer, text)
        choices.append(ParsedChoice(
            fraction=Decimal("100") if weight is None else weight, feedback=feedback,
            value=value, tolerance=tolerance,
        ))
    return choices + catch_all


def _true_false(stripped, tf, lead):
    rest = stripped[tf.end():].strip()
    if rest and not rest.startswith("#"):
        raise BlockError(lead, f"unexpected text after {tf.group(1)}: “{rest}”")
    parts = split_unescaped(rest, "#")[1:] if rest else []
    feedbacks = [strip_format(unescape(part).strip()) for _m, part, _s in parts]
    if len(feedbacks) > 2:
        raise BlockError(lead, "a true/false answer takes at most two feedbacks (#wrong#right)")
    wrong_fb = feedbacks[0] if feedbacks else ""
    right_fb = feedbacks[1] if len(feedbacks) > 1 else ""
    correct = tf.group(1) in ("T", "TRUE")
    true_choice = ParsedChoice(text="True", fraction=Decimal(100 if correct else 0),
                               feedback=right_fb if correct else wrong_fb)
    false_choice = ParsedChoice(text="False", fraction=Decimal(0 if correct else 100),
                                feedback=wrong_fb if correct else right_fb)
    return [true_choice, false_choice]


def _matching(tokens, offset):
    """``=left -> right`` pairs; an empty left side is an extra answer that matches nothing. As in
    Moodle, a pair has no weight or feedback: ``%`` and ``#`` in it are its text."""
    choices = []
    for marker, chunk, start in tokens:
        arrow = find_unescaped(chunk, MATCH_ARROW)
        if marker != "=" or arrow < 0:
            raise BlockError(offset + start, "a matching question takes only “=item -> answer” pairs")
        left = strip_format(unescape(chunk[:arrow]).strip())
        right = unescape(chunk[arrow + len(MATCH_ARROW):]).strip()
        if not right:
            raise BlockError(offset + start, "a matching pair has nothing after “->”")
        if len(left) > TEXT_MAX or len(right) > TEXT_MAX:
            raise BlockError(offset + start, f"a matching pair is longer than {TEXT_MAX} characters")
        choices.append(ParsedChoice(text=left, match_text=right))
    if sum(1 for choice in choices if choice.text) < MIN_MATCHING_PAIRS:
        raise BlockError(offset, f"a matching question needs at least {MIN_MATCHING_PAIRS} “item -> answer” pairs")
    return choices


def parse_answers(answer, offset):
    """Return (kind, choices) for the text between the braces (general feedback removed)."""
    stripped = answer.strip()
    lead = offset + (len(answer) - len(answer.lstrip()))
    if not stripped:
        return QuestionKind.SCENARIO, []
    if stripped.startswith("#"):
        return QuestionKind.NUMERIC, _numeric(stripped, lead)
    tf = re.match(r"(TRUE|FALSE|T|F)\b", stripped)
    if tf and not re.match(r"[=~]", stripped):
        return QuestionKind.TRUE_FALSE, _true_false(stripped, tf, lead)

    parts = split_unescaped(answer, "=~")
    if parts[0][1].strip():
        raise BlockError(offset + parts[0][2], f"unexpected text in the answers: “{parts[0][1].strip()}”")
    tokens = parts[1:]
    if any(marker == "=" and find_unescaped(chunk, MATCH_ARROW) >= 0 for marker, chunk, _s in tokens):
        return QuestionKind.MATCHING, _matching(tokens, offset)
    markers = {marker for marker, _c, _s in tokens}
    choices = []
    for marker, chunk, start in tokens:
        weight, rest = wrap(offset + start, weight_and_rest, chunk)
        text, feedback = split_feedback(rest)
        text = strip_format(unescape(text).strip())
        if not text:
            raise BlockError(offset + start, "an answer has no text")
        if len(text) > TEXT_MAX:
            raise BlockError(offset + start, f"an answer is longer than {TEXT_MAX} characters")
        if weight is None:
            weight = Decimal("100") if marker == "=" else Decimal("0")
        choices.append((marker, ParsedChoice(text=text, fraction=weight, feedback=feedback)))

    if "~" not in markers:
        return QuestionKind.SHORT_ANSWER, [c for _m, c in choices]
    if "=" in markers:
        if sum(1 for m, _c in choices if m == "=") > 1:
            raise BlockError(offset, "a single-choice question has exactly one “=” answer")
        return QuestionKind.SINGLE_CHOICE, [c for _m, c in choices]
    positive = sum((c.fraction for _m, c in choices if c.fraction > 0), Decimal("0"))
    if abs(positive - 100) > Decimal("0.5"):
        raise BlockError(offset, f"the positive weights of a multiple-choice question add up to {positive}%, "
                                 "not 100%")
    return QuestionKind.MULTIPLE_CHOICE, [c for _m, c in choices]
