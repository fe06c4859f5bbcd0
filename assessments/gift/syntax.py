"""GIFT's characters: escaping, finding and splitting at unescaped markers, and reading numbers.

Also the plain data a parse returns (``ParsedQuestion`` and its parts) and ``GiftError``.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..exceptions import AssessmentError
from ..models import TextFormat

ESCAPABLE = "~=#{}:"
FORMATS = {choice.value for choice in TextFormat}
NAME_MAX = 200
TEXT_MAX = 500


class GiftError(AssessmentError):
    """The file is refused; ``errors`` is a list of ``(line, message)``."""

    def __init__(self, errors):
        self.errors = sorted(errors)
        super().__init__("\n".join(f"line {line}: {message}" for line, message in self.errors))


@dataclass
class ParsedChoice:
    text: str = ""
    fraction: Decimal = Decimal("0")
    feedback: str = ""
    is_regex: bool = False
    value: float | None = None
    tolerance: float = 0.0
    match_text: str = ""


@dataclass
class ParsedCriterion:
    description: str
    max_points: int


@dataclass
class ParsedQuestion:
    line: int
    name: str
    kind: str
    text: str
    text_after: str = ""
    text_format: str = TextFormat.MOODLE
    category: str | None = None
    general_feedback: str = ""
    model_answer: str = ""
    points: Decimal = Decimal("1")
    partial_credit: bool = True
    needs_rubric: bool = False
    choices: list = field(default_factory=list)
    criteria: list = field(default_factory=list)


class BlockError(Exception):
    """A problem at a character ``offset`` of one question's text."""

    def __init__(self, offset, message):
        self.offset = offset
        self.message = message


def escape(text):
    out = text.replace("\\", "\\\\")
    for char in ESCAPABLE:
        out = out.replace(char, "\\" + char)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def unescape(text):
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "\\" or nxt in ESCAPABLE:
                out.append(nxt)
                i += 2
                continue
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
        out.append(char)
        i += 1
    return "".join(out)


def find_unescaped(text, target, start=0):
    """Index of ``target`` in ``text`` from ``start``, skipping backslash escapes; -1 if absent."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


def split_unescaped(text, markers):
    """Split at unescaped characters in ``markers``: ``[(marker, chunk, offset), ...]``.

    The text before the first marker comes back with marker ``""``.
    """
    parts, current, marker, start, i = [], [], "", 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if char in markers:
            parts.append((marker, "".join(current), start))
            current, marker, start = [], char, i
            i += 1
            continue
        current.append(char)
        i += 1
    parts.append((marker, "".join(current), start))
    return parts


def parse_decimal(raw, what):
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise ValueError(f"{what} “{raw.strip()}” is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{what} “{raw.strip()}” is not a number")
    return value


def parse_float(raw, what):
    try:
        value = float(raw.strip())
    except ValueError:
        raise ValueError(f"{what} “{raw.strip()}” is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{what} “{raw.strip()}” is not a number")
    return value


def weight_and_rest(chunk):
    """``%50%text#fb`` → (Decimal(50) or None, "text#fb"). Weights keep five decimals (Moodle
    writes a third as ``%33.33333%``)."""
    stripped = chunk.lstrip()
    match = re.match(r"%(-?\d+(?:\.\d+)?)%", stripped)
    if not match:
        return None, chunk
    weight = Decimal(match.group(1)).quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP)
    if not Decimal("-100") <= weight <= Decimal("100"):
        raise ValueError(f"weight {weight}% is outside -100..100")
    return weight, stripped[match.end():]


FORMAT_TAG = re.compile(r"\[(moodle|plain|markdown|html)\]", re.IGNORECASE)


def strip_format(text):
    """An answer's or a feedback's own ``[format]`` tag, which Moodle writes when it differs from
    the question's, is dropped: answers and feedback are shown as plain text."""
    match = FORMAT_TAG.match(text)
    return text[match.end():].strip() if match else text


def split_feedback(chunk):
    """``text#feedback`` → (raw text, unescaped feedback)."""
    index = find_unescaped(chunk, "#")
    if index < 0:
        return chunk, ""
    return chunk[:index], strip_format(unescape(chunk[index + 1:]).strip())


def wrap(offset, function, *args):
    """Call ``function``; a ValueError becomes a BlockError at ``offset``."""
    try:
        return function(*args)
    except ValueError as exc:
        raise BlockError(offset, str(exc)) from None
