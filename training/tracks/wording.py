"""How teams write their checklists, read: a validity in months or years, the hours a shadow step
names in its words, the sections of a document a reading step names, and the files and links a
step names its document by. Pure functions over text; nothing here touches the database."""

import re
from decimal import Decimal
from pathlib import PurePosixPath

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1,
}
_NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(w for w in NUMBER_WORDS if len(w) > 2) + r")"
_HOURS = r"(?:h|hrs?|hours?)"
# "three 2-hour shifts", "3 x 2h shifts", "2 four-hour sessions"
SHIFTS_RE = re.compile(rf"\b(?P<count>{_NUMBER})\s*(?:x|×)?\s*(?P<each>{_NUMBER})\s*-?\s*{_HOURS}\s*"
                       r"(?:shifts?|sessions?|blocks?)\b", re.IGNORECASE)
# "6 hours", "6h", "4+ hours", "4-6 hours" (the minimum), "1.5 hrs", "six hours"
HOURS_RE = re.compile(rf"\b(?P<n>{_NUMBER})\s*\+?\s*(?:(?:-|–|to)\s*{_NUMBER}\s*)?{_HOURS}\b", re.IGNORECASE)
VALIDITY_RE = re.compile(r"^\s*(?P<n>\d+)\s*(?P<unit>months?|mo|years?|yrs?|y)\s*$", re.IGNORECASE)
SECTIONS_RE = re.compile(
    r"\b(?P<word>sections?|chapters?|parts?|scenarios?)\s+"
    r"(?P<numbers>\d+(?:\s*(?:-|–|to)\s*\d+)?(?:\s*(?:,|&|and)\s*\d+(?:\s*(?:-|–|to)\s*\d+)?)*)",
    re.IGNORECASE,
)
LINK_RE = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")
FILE_RE = re.compile(r"(?<![\w/.-])(?P<name>[\w./-]+\.(?:md|markdown|txt|gift))\b", re.IGNORECASE)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt", ".gift")


def _number(text):
    text = text.lower()
    return Decimal(NUMBER_WORDS[text]) if text in NUMBER_WORDS else Decimal(text)


def validity_months(value):
    """``12 months``, ``1 year``, ``18 months``, ``2 years`` → months; ``(months, problem)``."""
    match = VALIDITY_RE.match(str(value)) if isinstance(value, str) else None
    if not match or int(match.group("n")) <= 0:
        return None, f"validity must read like '12 months' or '1 year', not '{value}'"
    months = int(match.group("n")) * (12 if match.group("unit").lower().startswith("y") else 1)
    return months, ""


def hours_in_text(text):
    """The minimum of hours a shadow step's words give: ``(hours, the words)``, or ``(None, "")``
    when they give none, or ``(None, words)`` when they give several different ones."""
    shifts = SHIFTS_RE.search(text)
    if shifts:
        hours = _number(shifts.group("count")) * _number(shifts.group("each"))
        return hours.quantize(Decimal("0.1")), shifts.group(0)
    found = [(match.group(0), _number(match.group("n"))) for match in HOURS_RE.finditer(text)]
    values = {hours for _words, hours in found}
    if len(values) == 1 and 0 < found[0][1] <= 999:
        return found[0][1].quantize(Decimal("0.1")), found[0][0]
    if len(values) > 1:
        return None, " and ".join(words for words, _hours in found)
    return None, ""


def sections_in_text(text):
    """``Read OPERATIONAL_RUNBOOKS.md sections 1-4`` → ``sections 1-4``; empty when none."""
    match = SECTIONS_RE.search(text)
    if not match:
        return ""
    numbers = re.sub(r"\s*(?:-|–|to)\s*", "-", match.group("numbers"))
    numbers = re.sub(r"\s*(?:,|&|and)\s*", ", ", numbers)
    return f"{match.group('word').lower()} {numbers}"


def files_named(text):
    """What a step names by file: each Markdown link's target (with its text) and each bare file
    name, as ``(file stem, link text, as written)``, in order."""
    names = []
    for match in LINK_RE.finditer(text):
        target = match.group("target").split("#", 1)[0]
        path = PurePosixPath(target)
        stem = path.stem if path.suffix.lower() in MARKDOWN_SUFFIXES else path.name
        if stem:
            names.append((stem, match.group("text"), target))
    for match in FILE_RE.finditer(LINK_RE.sub(" ", text)):
        names.append((PurePosixPath(match.group("name")).stem, "", match.group("name")))
    return names


def names_a_file(text):
    return bool(LINK_RE.search(text) or FILE_RE.search(text))
