"""The countdown before an engineer's first on-call shift, as a track file writes it: a step with
``{before_first_shift: 3d}`` is due three days before the first shift. Spellings: ``7d``, ``3d``,
``1d``, ``12h`` (hours), ``0d`` or ``morning`` (the morning of the shift). Pure functions."""

import datetime
import re

SPELLING_RE = re.compile(r"^\s*(?P<n>\d+)\s*(?P<unit>d|days?|h|hours?)\s*$", re.IGNORECASE)
MORNING = "morning"
LONGEST = datetime.timedelta(days=60)
EXAMPLES = "7d, 3d, 1d, 12h or morning"


def parse_before(value):
    """``(timedelta, problem)``: how long before the first shift ``value`` says."""
    text = str(value).strip()
    if text.lower() == MORNING or text == "0":
        return datetime.timedelta(0), ""
    match = SPELLING_RE.match(text)
    if not match:
        return None, f"before_first_shift must be a time before the first shift such as {EXAMPLES}, not '{text}'"
    n = int(match.group("n"))
    before = datetime.timedelta(days=n) if match.group("unit")[0].lower() == "d" else datetime.timedelta(hours=n)
    if before > LONGEST:
        return None, f"before_first_shift is at most {LONGEST.days} days, not '{text}'"
    return before, ""


def format_before(before):
    """The spelling of ``before`` in a track file: ``morning``, ``3d`` or ``12h``."""
    if not before:
        return MORNING
    hours = int(before.total_seconds()) // 3600
    return f"{hours // 24}d" if hours % 24 == 0 else f"{hours}h"


def describe(before):
    """In words, for the engineer: "Morning of", "3 days before", "12 hours before"."""
    if not before:
        return "Morning of the shift"
    hours = int(before.total_seconds()) // 3600
    if hours % 24 == 0:
        days = hours // 24
        return "1 day before" if days == 1 else ("1 week before" if days == 7 else f"{days} days before")
    return f"{hours} hours before"


def check_stage(spec, errors):
    """The steps before the first shift make the last stage of a track file (a ``TrackSpec``),
    alone: they come after the final sign-off."""
    for number, stage in enumerate(spec.stages, start=1):
        steps = [s for s in stage.steps if s.before_first_shift is not None]
        if steps and len(steps) != len(stage.steps):
            errors.append((steps[0].line, f"stage '{stage.title}' mixes steps before the first shift with training "
                                          "steps: give them a stage of their own"))
        elif steps and number != len(spec.stages):
            errors.append((stage.line, f"stage '{stage.title}' (before the first shift) must be the last stage"))
