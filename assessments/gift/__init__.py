"""Moodle's GIFT format: parse a file into question data, and write a bank back.

What is supported, and the Shiftready extensions (``// @...`` directive comments that Moodle
ignores), are described in ``assessments/GIFT.md``. Parsing never touches the database: it
returns plain data or raises ``GiftError`` listing every problem with its line number, so an
import can be all or nothing. ``syntax`` holds the characters and the data, ``answers`` reads an
answer block, ``reader`` a file, ``writer`` writes questions back.
"""

from .reader import HOLISTIC_CRITERION, parse
from .syntax import GiftError, ParsedChoice, ParsedCriterion, ParsedQuestion, escape, unescape
from .writer import write, write_question

__all__ = [
    "HOLISTIC_CRITERION", "GiftError", "ParsedChoice", "ParsedCriterion", "ParsedQuestion", "escape", "parse",
    "unescape", "write", "write_question",
]
