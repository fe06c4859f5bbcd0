"""Read a GIFT file into plain question data (``parse``), or refuse it naming every problem."""

import re
from decimal import Decimal

from content.docfiles import NUL_PROBLEM, nul_bytes

from ..models import BLANK, QuestionKind
from .answers import parse_answers
from .syntax import (
    FORMATS,
    NAME_MAX,
    TEXT_MAX,
    BlockError,
    GiftError,
    ParsedCriterion,
    ParsedQuestion,
    find_unescaped,
    parse_decimal,
    strip_format,
    unescape,
)

HOLISTIC_CRITERION = "The answer as a whole (no rubric yet)"
MAX_CRITERION_POINTS = 1000
DIRECTIVES = "@criterion, @regex, @answer, @points, @all-or-nothing"


def _strip_category(raw):
    name = raw.strip()
    for prefix in ("$course$/", "$system$/", "$module$/", "$cat1$/", "$cat2$/", "$cat3$/"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    if name.startswith("top/"):
        name = name[len("top/"):]
    return name.strip()


def _criterion(question, line, argument, errors):
    match = re.match(r"(\d+)\s+(\S.*)$", argument)
    if not match or int(match.group(1)) < 1:
        errors.append((line, "write a criterion as “// @criterion POINTS description” (points ≥ 1)"))
    elif question.kind != QuestionKind.SCENARIO:
        errors.append((line, "@criterion belongs to a scenario (essay “{}”) question"))
    else:
        question.criteria.append(ParsedCriterion(description=match.group(2).strip()[:TEXT_MAX],
                                                 max_points=int(match.group(1))))


def _regex(question, line, argument, errors):
    if question.kind != QuestionKind.SHORT_ANSWER:
        errors.append((line, "@regex belongs to a short-answer question"))
        return
    try:
        indexes = [int(part) for part in argument.replace(" ", "").split(",") if part]
    except ValueError:
        indexes = []
    if not indexes:
        errors.append((line, "write “// @regex N[,N…]” with the numbers of the answers that are regular expressions"))
        return
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


def _points(question, line, argument, errors):
    try:
        points = parse_decimal(argument, "points")
    except ValueError as exc:
        errors.append((line, str(exc)))
        return
    if points <= 0 or points >= 10000:
        errors.append((line, "points must be above 0 and below 10000"))
    elif question.kind == QuestionKind.SCENARIO and points != points.to_integral_value():
        errors.append((line, "a scenario is worth whole points"))
    elif question.kind == QuestionKind.SCENARIO and points > MAX_CRITERION_POINTS:
        errors.append((line, f"a scenario is worth at most {MAX_CRITERION_POINTS} points"))
    else:
        question.points = points.quantize(Decimal("0.01"))


def _apply_directives(question, directives, errors):
    points_line = None
    for line, name, argument in directives:
        if name == "criterion":
            _criterion(question, line, argument, errors)
        elif name == "regex":
            _regex(question, line, argument, errors)
        elif name == "answer":
            if question.kind != QuestionKind.SHORT_ANSWER:
                errors.append((line, "@answer belongs to a short-answer question"))
            elif not argument.strip():
                errors.append((line, "write “// @answer the answer to show” after @answer"))
            else:
                question.model_answer = " ".join(argument.split())[:500]
        elif name == "points":
            points_line = line
            _points(question, line, argument, errors)
        elif name == "all-or-nothing":
            if question.kind != QuestionKind.MULTIPLE_CHOICE:
                errors.append((line, "@all-or-nothing belongs to a multiple-choice question"))
            else:
                question.partial_credit = False
        else:
            errors.append((line, f"unknown directive “@{name}” (known: {DIRECTIVES})"))
    if question.kind != QuestionKind.SCENARIO:
        return
    if question.criteria and points_line is not None:
        errors.append((points_line, "a scenario with a rubric is worth the sum of its criteria; @points does "
                                    "not apply"))
    elif not question.criteria:
        # An essay as Moodle writes it: graded as a whole, worth its points, until it has a rubric.
        question.criteria.append(ParsedCriterion(HOLISTIC_CRITERION, int(question.points)))
        question.needs_rubric = True


def _parse_block(body, start_line):
    """Parse one question's text. Raises BlockError with a character offset."""
    offset = len(body) - len(body.lstrip())
    name = ""
    if body[offset:].startswith("::"):
        end = find_unescaped(body, "::", offset + 2)
        if end < 0:
            raise BlockError(offset, "the question name opened with “::” is not closed")
        name = unescape(body[offset + 2:end]).strip()
        offset = end + 2
    text_format = "moodle"
    format_match = re.match(r"\s*\[(\w+)\]", body[offset:])
    if format_match:
        text_format = format_match.group(1).lower()
        if text_format not in FORMATS:
            raise BlockError(offset, f"unknown text format [{format_match.group(1)}]")
        offset += format_match.end()
    open_brace = find_unescaped(body, "{", offset)
    if open_brace < 0:
        raise BlockError(offset, "no answer block “{…}”: descriptions without answers are not supported")
    close_brace = find_unescaped(body, "}", open_brace + 1)
    if close_brace < 0:
        raise BlockError(open_brace, "the answer block “{” is not closed with “}”")
    after = body[close_brace + 1:]
    if find_unescaped(after, "{") >= 0:
        raise BlockError(close_brace + 1 + len(after) - len(after.lstrip()),
                         "a blank line must separate two questions (one answer block “{…}” per question)")
    # Text after the answers makes a missing-word question: the answer goes in a blank where the
    # block stands, so the spaces on either side of the block are kept.
    text_after = unescape(after).rstrip() if after.strip() else ""
    before = unescape(body[offset:open_brace]).lstrip()
    question_text = before if text_after else before.strip()
    if not question_text.strip() and not text_after:
        raise BlockError(offset, "the question has no text")

    answer = body[open_brace + 1:close_brace]
    general = ""
    general_at = find_unescaped(answer, "####")
    if general_at >= 0:
        general = strip_format(unescape(answer[general_at + 4:]).strip())
        answer = answer[:general_at]
    kind, choices = parse_answers(answer, open_brace + 1)
    if len(name) > NAME_MAX:
        raise BlockError(0, f"the question name is longer than {NAME_MAX} characters")
    return ParsedQuestion(line=start_line, name=name, kind=kind, text=question_text, text_after=text_after,
                          text_format=text_format, general_feedback=general, choices=choices)


def _blocks(source):
    """Yield ("category", line, name), ("directive", line, name, arg) and ("question", line, text).

    As in Moodle, a blank line ends a question: a question never contains one (write ``\\n``).
    """
    lines = source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
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


def _default_name(question, names):
    """Moodle names an unnamed question after its text; such names are made unique in the file."""
    base = " ".join((question.text + (BLANK + question.text_after if question.text_after else "")).split())[:80]
    name, n = base, 2
    while name in names:
        name, n = f"{base} ({n})", n + 1
    return name


def parse(source):
    """Parse GIFT text into a list of ``ParsedQuestion``; raise ``GiftError`` on any problem.

    Two questions may share a name (Moodle's exports repeat them): a name is a title, not an identity.
    """
    errors, questions, directives = [], [], []
    category = None
    names = set()
    errors += [(number, NUL_PROBLEM) for number, _column in nul_bytes(source)]
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
        except BlockError as exc:
            errors.append((line + text[:exc.offset].count("\n"), exc.message))
            directives = []
            continue
        question.category = category
        _apply_directives(question, directives, errors)
        directives = []
        if not question.name:
            question.name = _default_name(question, names)
        names.add(question.name)
        questions.append(question)
    for line, name, _argument in directives:
        errors.append((line, f"the directive “@{name}” is not followed by a question"))
    if not questions and not errors:
        errors.append((1, "the file holds no questions"))
    if errors:
        raise GiftError(errors)
    return questions
