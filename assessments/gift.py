"""Moodle's GIFT format: parse a file into question data, and write a bank back.

What is supported, and the Shiftready extensions (``// @...`` directive comments that Moodle
ignores), are described in ``assessments/GIFT.md``. Parsing never touches the database: it
returns plain data or raises ``GiftError`` listing every problem with its line number, so an
import can be all or nothing.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .exceptions import AssessmentError
from .models import QuestionKind

ESCAPABLE = "~=#{}:"
FORMATS = {"moodle", "plain", "markdown", "html"}
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
    category: str | None = None
    general_feedback: str = ""
    model_answer: str = ""
    points: Decimal = Decimal("1")
    partial_credit: bool = True
    choices: list = field(default_factory=list)
    criteria: list = field(default_factory=list)


class _BlockError(Exception):
    def __init__(self, offset, message):
        self.offset = offset
        self.message = message


# ---- escaping ---------------------------------------------------------------------------------


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


def _find_unescaped(text, target, start=0):
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


def _split_unescaped(text, markers):
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


# ---- parsing ----------------------------------------------------------------------------------


def _strip_category(raw):
    name = raw.strip()
    for prefix in ("$course$/", "$system$/", "$module$/", "$cat1$/", "$cat2$/", "$cat3$/"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    if name.startswith("top/"):
        name = name[len("top/"):]
    return name.strip()


def _parse_decimal(raw, what):
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise ValueError(f"{what} “{raw.strip()}” is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{what} “{raw.strip()}” is not a number")
    return value


def _parse_float(raw, what):
    try:
        value = float(raw.strip())
    except ValueError:
        raise ValueError(f"{what} “{raw.strip()}” is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{what} “{raw.strip()}” is not a number")
    return value


def _weight_and_rest(chunk):
    """``%50%text#fb`` → (Decimal(50) or None, "text#fb")."""
    stripped = chunk.lstrip()
    match = re.match(r"%(-?\d+(?:\.\d+)?)%", stripped)
    if not match:
        return None, chunk
    weight = Decimal(match.group(1))
    if not Decimal("-100") <= weight <= Decimal("100"):
        raise ValueError(f"weight {weight}% is outside -100..100")
    return weight, stripped[match.end():]


def _text_and_feedback(chunk):
    index = _find_unescaped(chunk, "#")
    if index < 0:
        return unescape(chunk).strip(), ""
    return unescape(chunk[:index]).strip(), unescape(chunk[index + 1:]).strip()


def _parse_numeric_answer(chunk):
    """``value:tolerance``, ``min..max`` or ``value`` → (value, tolerance)."""
    chunk = unescape(chunk).strip()
    if ".." in chunk:
        low, high = (_parse_float(part, "range bound") for part in chunk.split("..", 1))
        if low > high:
            raise ValueError(f"range {chunk} runs backwards")
        return (low + high) / 2, (high - low) / 2
    if ":" in chunk:
        value, tolerance = chunk.split(":", 1)
        value, tolerance = _parse_float(value, "value"), _parse_float(tolerance, "tolerance")
        if tolerance < 0:
            raise ValueError("the tolerance cannot be negative")
        return value, tolerance
    return _parse_float(chunk, "value"), 0.0


def _parse_answers(answer, offset):
    """Return (kind, choices) for the text between the braces (general feedback removed)."""
    stripped = answer.strip()
    lead = offset + (len(answer) - len(answer.lstrip()))
    if not stripped:
        return QuestionKind.SCENARIO, []

    if stripped.startswith("#"):
        body = stripped[1:]
        choices = []
        parts = _split_unescaped(body, "=")
        if len(parts) == 1:
            text, feedback = _split_feedback_raw(body)
            value, tolerance = _wrap(lead, _parse_numeric_answer, text)
            choices.append(ParsedChoice(fraction=Decimal("100"), feedback=feedback, value=value, tolerance=tolerance))
        else:
            if parts[0][1].strip():
                raise _BlockError(lead, "numeric answers with several values must each start with “=”")
            for _marker, chunk, start in parts[1:]:
                weight, rest = _wrap(lead + start, _weight_and_rest, chunk)
                text, feedback = _split_feedback_raw(rest)
                value, tolerance = _wrap(lead + start, _parse_numeric_answer, text)
                choices.append(ParsedChoice(
                    fraction=Decimal("100") if weight is None else weight, feedback=feedback,
                    value=value, tolerance=tolerance,
                ))
        return QuestionKind.NUMERIC, choices

    tf = re.match(r"(TRUE|FALSE|T|F)\b", stripped)
    if tf and not re.match(r"[=~]", stripped):
        rest = stripped[tf.end():].strip()
        if rest and not rest.startswith("#"):
            raise _BlockError(lead, f"unexpected text after {tf.group(1)}: “{rest}”")
        feedbacks = [unescape(part).strip() for _m, part, _s in _split_unescaped(rest, "#")[1:]] if rest else []
        if len(feedbacks) > 2:
            raise _BlockError(lead, "a true/false answer takes at most two feedbacks (#wrong#right)")
        wrong_fb = feedbacks[0] if feedbacks else ""
        right_fb = feedbacks[1] if len(feedbacks) > 1 else ""
        correct = tf.group(1) in ("T", "TRUE")
        true_choice = ParsedChoice(text="True", fraction=Decimal(100 if correct else 0),
                                   feedback=right_fb if correct else wrong_fb)
        false_choice = ParsedChoice(text="False", fraction=Decimal(0 if correct else 100),
                                    feedback=wrong_fb if correct else right_fb)
        return QuestionKind.TRUE_FALSE, [true_choice, false_choice]

    parts = _split_unescaped(answer, "=~")
    if parts[0][1].strip():
        raise _BlockError(offset + parts[0][2], f"unexpected text in the answers: “{parts[0][1].strip()}”")
    tokens = parts[1:]
    markers = {marker for marker, _c, _s in tokens}
    choices = []
    for marker, chunk, start in tokens:
        if marker == "=" and _find_unescaped(chunk, "->") >= 0:
            raise _BlockError(offset + start, "matching questions (“->”) are not supported")
        weight, rest = _wrap(offset + start, _weight_and_rest, chunk)
        text, feedback = _text_and_feedback(rest)
        if not text:
            raise _BlockError(offset + start, "an answer has no text")
        if len(text) > TEXT_MAX:
            raise _BlockError(offset + start, f"an answer is longer than {TEXT_MAX} characters")
        if weight is None:
            weight = Decimal("100") if marker == "=" else Decimal("0")
        choices.append((marker, ParsedChoice(text=text, fraction=weight, feedback=feedback), offset + start))

    if "~" not in markers:
        return QuestionKind.SHORT_ANSWER, [c for _m, c, _o in choices]
    if "=" in markers:
        if sum(1 for m, _c, _o in choices if m == "=") > 1:
            raise _BlockError(offset, "a single-choice question has exactly one “=” answer")
        return QuestionKind.SINGLE_CHOICE, [c for _m, c, _o in choices]
    positive = sum((c.fraction for _m, c, _o in choices if c.fraction > 0), Decimal("0"))
    if abs(positive - 100) > Decimal("0.5"):
        raise _BlockError(offset, f"the positive weights of a multiple-choice question add up to {positive}%, "
                                  "not 100%")
    return QuestionKind.MULTIPLE_CHOICE, [c for _m, c, _o in choices]


def _split_feedback_raw(chunk):
    index = _find_unescaped(chunk, "#")
    if index < 0:
        return chunk, ""
    return chunk[:index], unescape(chunk[index + 1:]).strip()


def _wrap(offset, function, *args):
    try:
        return function(*args)
    except ValueError as exc:
        raise _BlockError(offset, str(exc)) from None


def _apply_directives(question, directives, errors):
    for line, name, argument in directives:
        if name == "criterion":
            match = re.match(r"(\d+)\s+(\S.*)$", argument)
            if not match or int(match.group(1)) < 1:
                errors.append((line, "write a criterion as “// @criterion POINTS description” (points ≥ 1)"))
                continue
            if question.kind != QuestionKind.SCENARIO:
                errors.append((line, "@criterion belongs to a scenario (essay “{}”) question"))
                continue
            question.criteria.append(ParsedCriterion(description=match.group(2).strip()[:TEXT_MAX],
                                                     max_points=int(match.group(1))))
        elif name == "regex":
            if question.kind != QuestionKind.SHORT_ANSWER:
                errors.append((line, "@regex belongs to a short-answer question"))
                continue
            try:
                indexes = [int(part) for part in argument.replace(" ", "").split(",") if part]
            except ValueError:
                indexes = []
            if not indexes:
                errors.append((line, "write “// @regex N[,N…]” with the numbers of the answers that are "
                                     "regular expressions"))
                continue
            for index in indexes:
                if not 1 <= index <= len(question.choices):
                    errors.append((line, f"@regex {index}: the question has {len(question.choices)} answers"))
                    continue
                choice = question.choices[index - 1]
                try:
                    re.compile(choice.text)
                except re.error as exc:
                    errors.append((line, f"answer {index} is not a valid regular expression: {exc}"))
                    continue
                choice.is_regex = True
        elif name == "answer":
            if question.kind != QuestionKind.SHORT_ANSWER:
                errors.append((line, "@answer belongs to a short-answer question"))
            elif not argument.strip():
                errors.append((line, "write “// @answer the answer to show” after @answer"))
            else:
                question.model_answer = " ".join(argument.split())[:500]
        elif name == "points":
            try:
                points = _parse_decimal(argument, "points")
            except ValueError as exc:
                errors.append((line, str(exc)))
                continue
            if points <= 0 or points >= 10000:
                errors.append((line, "points must be above 0 and below 10000"))
            elif question.kind == QuestionKind.SCENARIO:
                errors.append((line, "a scenario is worth the sum of its criteria; @points does not apply"))
            else:
                question.points = points.quantize(Decimal("0.01"))
        elif name == "all-or-nothing":
            if question.kind != QuestionKind.MULTIPLE_CHOICE:
                errors.append((line, "@all-or-nothing belongs to a multiple-choice question"))
            else:
                question.partial_credit = False
        else:
            errors.append((line, f"unknown directive “@{name}” (known: @criterion, @regex, @answer, @points, "
                                 "@all-or-nothing)"))
    if question.kind == QuestionKind.SCENARIO and not question.criteria:
        errors.append((question.line, "a scenario (essay “{}”) question needs at least one "
                                      "“// @criterion POINTS description” line before it"))


def _parse_block(text, start_line):
    """Parse one question's text. Raises _BlockError with a character offset."""
    offset = len(text) - len(text.lstrip())
    body = text
    name = ""
    if body[offset:].startswith("::"):
        end = _find_unescaped(body, "::", offset + 2)
        if end < 0:
            raise _BlockError(offset, "the question name opened with “::” is not closed")
        name = unescape(body[offset + 2:end]).strip()
        offset = end + 2
    format_match = re.match(r"\s*\[(\w+)\]", body[offset:])
    if format_match:
        if format_match.group(1).lower() not in FORMATS:
            raise _BlockError(offset, f"unknown text format [{format_match.group(1)}]")
        offset += format_match.end()
    open_brace = _find_unescaped(body, "{", offset)
    if open_brace < 0:
        raise _BlockError(offset, "no answer block “{…}”: descriptions without answers are not supported")
    close_brace = _find_unescaped(body, "}", open_brace + 1)
    if close_brace < 0:
        raise _BlockError(open_brace, "the answer block “{” is not closed with “}”")
    after = body[close_brace + 1:]
    if after.strip() and _find_unescaped(after, "{") >= 0:
        raise _BlockError(close_brace + 1 + len(after) - len(after.lstrip()),
                          "a blank line must separate two questions")
    if after.strip():
        raise _BlockError(close_brace, "text after the answer block (the missing-word format) is not supported")
    question_text = unescape(body[offset:open_brace]).strip()
    if not question_text:
        raise _BlockError(offset, "the question has no text")

    answer = body[open_brace + 1:close_brace]
    general = ""
    general_at = _find_unescaped(answer, "####")
    if general_at >= 0:
        general = unescape(answer[general_at + 4:]).strip()
        answer = answer[:general_at]
    kind, choices = _parse_answers(answer, open_brace + 1)
    if len(name) > NAME_MAX:
        raise _BlockError(0, f"the question name is longer than {NAME_MAX} characters")
    return ParsedQuestion(line=start_line, name=name, kind=kind, text=question_text,
                          general_feedback=general, choices=choices)


def _blocks(source):
    """Yield ("category", line, name), ("directive", line, name, arg) and ("question", line, text).

    As in Moodle, a blank line ends a question: a question never contains one (write ``\\n``).
    """
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current, start = [], None
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not current:
            if not stripped:
                continue
            if stripped.startswith("//"):
                directive = re.match(r"//\s*@([\w-]+)\s*(.*)$", stripped)
                if directive:
                    yield ("directive", number, directive.group(1).lower(), directive.group(2).strip())
                continue
            if stripped.startswith("$CATEGORY:"):
                yield ("category", number, stripped[len("$CATEGORY:"):])
                continue
        if not stripped:
            yield ("question", start, "\n".join(current))
            current, start = [], None
            continue
        if stripped.startswith("//"):
            continue  # a comment line inside a question
        if start is None:
            start = number
        current.append(raw)
    if current:
        yield ("question", start, "\n".join(current))


def parse(source):
    """Parse GIFT text into a list of ``ParsedQuestion``; raise ``GiftError`` on any problem."""
    errors, questions, directives = [], [], []
    category = None
    names = {}
    for block in _blocks(source):
        kind, line = block[0], block[1]
        if kind == "directive":
            directives.append((line, block[2], block[3]))
            continue
        if kind == "category":
            category = _strip_category(block[2])
            if not category:
                errors.append((line, "$CATEGORY: needs a name"))
                category = None
            elif len(category) > NAME_MAX:
                errors.append((line, f"the category name is longer than {NAME_MAX} characters"))
            continue
        text = block[2]
        try:
            question = _parse_block(text, line)
        except _BlockError as exc:
            errors.append((line + text[:exc.offset].count("\n"), exc.message))
            directives = []
            continue
        question.category = category
        _apply_directives(question, directives, errors)
        directives = []
        if not question.name:
            # Moodle names an unnamed question after its text; keep such names unique.
            base = " ".join(question.text.split())[:80]
            question.name, n = base, 2
            while question.name in names:
                question.name, n = f"{base} ({n})", n + 1
        if question.name in names:
            errors.append((line, f"the name “{question.name}” is already used on line {names[question.name]}"))
        names.setdefault(question.name, line)
        questions.append(question)
    for line, name, _argument in directives:
        errors.append((line, f"the directive “@{name}” is not followed by a question"))
    if errors:
        raise GiftError(errors)
    return questions


# ---- writing ----------------------------------------------------------------------------------


def _number(value):
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return repr(float(value))


def _feedback(text):
    return f"#{escape(text)}" if text else ""


def _weight(fraction):
    return f"%{_number(fraction)}%"


def write_question(question, choices, criteria):
    """GIFT text of one question (``choices`` and ``criteria`` in order)."""
    lines = []
    kind = question.kind
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

    head = f"::{escape(question.name)}::{escape(question.text)}"
    answers = []
    if kind == QuestionKind.TRUE_FALSE:
        true_choice = next((c for c in choices if c.text == "True"), choices[0])
        false_choice = next((c for c in choices if c.text == "False"), choices[-1])
        correct = true_choice.fraction > 0
        right, wrong = (true_choice, false_choice) if correct else (false_choice, true_choice)
        tail = ""
        if wrong.feedback or right.feedback:
            tail = f"#{escape(wrong.feedback)}#{escape(right.feedback)}"
        answers.append(("TRUE" if correct else "FALSE") + tail)
    elif kind == QuestionKind.NUMERIC:
        if len(choices) == 1 and choices[0].fraction == 100:
            choice = choices[0]
            answers.append(f"#{_number(choice.value)}:{_number(choice.tolerance)}{_feedback(choice.feedback)}")
        else:
            answers.append("#")
            for choice in choices:
                answers.append(
                    f"={_weight(choice.fraction)}{_number(choice.value)}:{_number(choice.tolerance)}"
                    f"{_feedback(choice.feedback)}"
                )
    elif kind == QuestionKind.SHORT_ANSWER:
        for choice in choices:
            weight = "" if choice.fraction == 100 else _weight(choice.fraction)
            answers.append(f"={weight}{escape(choice.text)}{_feedback(choice.feedback)}")
    elif kind == QuestionKind.SINGLE_CHOICE:
        marked = False
        for choice in choices:
            if choice.fraction == 100 and not marked:
                answers.append(f"={escape(choice.text)}{_feedback(choice.feedback)}")
                marked = True
            else:
                weight = "" if choice.fraction == 0 else _weight(choice.fraction)
                answers.append(f"~{weight}{escape(choice.text)}{_feedback(choice.feedback)}")
    elif kind == QuestionKind.MULTIPLE_CHOICE:
        for choice in choices:
            answers.append(f"~{_weight(choice.fraction)}{escape(choice.text)}{_feedback(choice.feedback)}")
    if question.general_feedback:
        answers.append(f"####{escape(question.general_feedback)}")

    if kind == QuestionKind.SCENARIO and not question.general_feedback:
        lines.append(head + " {}")
    elif kind in (QuestionKind.TRUE_FALSE,) or (kind == QuestionKind.NUMERIC and answers[0] != "#"):
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
