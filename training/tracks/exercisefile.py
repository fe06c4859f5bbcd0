"""Exercise files: ``## Title {slug: ..., minutes: N}`` per exercise, with ``### Objectives``,
``### Instructions`` (numbered) and ``### Sign-off checklist`` lists. Refused files raise the
track files' ``TrackFileError``, with every problem and its line."""

import re
from dataclasses import dataclass, field

import yaml

from content.docfiles import NUL_PROBLEM, nul_bytes, safe_load_yaml

from .trackfile import ATTRS_RE, SLUG_RE, TrackFileError


@dataclass
class ExerciseSpec:
    slug: str
    title: str
    duration_minutes: int = 30
    objectives: list = field(default_factory=list)
    instructions: list = field(default_factory=list)
    checklist: list = field(default_factory=list)
    line: int = field(default=0, compare=False)


EXERCISE_SECTIONS = {"objectives": "objectives", "instructions": "instructions",
                     "sign-off checklist": "checklist"}
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*]\s+(?:\[[ xX]\]\s*)?|\d+[.)]\s+|☐\s*)(?P<text>.+)$")


def parse_exercises(text, filename=""):
    """An exercise file: ``## Title {slug: ..., minutes: N}`` per exercise, with ``### Objectives``,
    ``### Instructions`` (numbered) and ``### Sign-off checklist`` lists."""
    errors, exercises, current, section = [], [], None, None
    errors += [(number, NUL_PROBLEM) for number, _column in nul_bytes(text)]
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("# ") or stripped == "---":
            continue
        if stripped.startswith("## "):
            title, attrs = parse_exercise_heading(stripped[3:], number, errors)
            current = ExerciseSpec(slug=attrs.get("slug", ""), title=title, line=number,
                                   duration_minutes=attrs.get("minutes", 30))
            exercises.append(current)
            section = None
            continue
        if stripped.startswith("### "):
            name = stripped[4:].strip().lower()
            if name not in EXERCISE_SECTIONS:
                errors.append((number, f"unknown exercise section '{stripped[4:].strip()}' "
                                       "(known: Objectives, Instructions, Sign-off checklist)"))
            section = EXERCISE_SECTIONS.get(name)
            continue
        if current is None:
            continue  # preamble before the first exercise
        item = LIST_ITEM_RE.match(raw)
        if section and item:
            getattr(current, section).append(item.group("text").strip())
        else:
            errors.append((number, "expected a list item under Objectives, Instructions or Sign-off checklist"))
    seen = set()
    for exercise in exercises:
        if not SLUG_RE.match(exercise.slug):
            errors.append((exercise.line, "an exercise needs {slug: lowercase-words-with-hyphens}"))
        if exercise.slug in seen:
            errors.append((exercise.line, f"exercise slug '{exercise.slug}' appears twice"))
        seen.add(exercise.slug)
        if not exercise.instructions or not exercise.checklist:
            errors.append((exercise.line, f"exercise '{exercise.title}' needs Instructions and a Sign-off checklist"))
    if not exercises:
        errors.append((1, "no exercise found: each starts with a '## Title {slug: ...}' heading"))
    if errors:
        raise TrackFileError(sorted(errors), filename)
    return exercises


def parse_exercise_heading(text, line, errors):
    match = ATTRS_RE.search(text)
    if not match:
        errors.append((line, "an exercise heading needs {slug: ..., minutes: N}"))
        return text.strip(), {}
    try:
        attrs = safe_load_yaml("{" + match.group("attrs") + "}") or {}
    except yaml.YAMLError:
        attrs = None
    if not isinstance(attrs, dict):
        errors.append((line, "the attribute block is not of the form {key: value, ...}"))
        return text[: match.start()].strip(), {}
    minutes = attrs.get("minutes", 30)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        errors.append((line, "minutes must be a positive whole number"))
        attrs["minutes"] = 30
    attrs["slug"] = str(attrs.get("slug", ""))
    return text[: match.start()].strip(), attrs


def render_exercises(exercises):
    out = ["# Exercises", ""]
    for ex in exercises:
        out += [f"## {ex.title} {{slug: {ex.slug}, minutes: {ex.duration_minutes}}}", ""]
        out += ["### Objectives"] + [f"- {o}" for o in ex.objectives] + [""]
        out += ["### Instructions"] + [f"{i}. {text}" for i, text in enumerate(ex.instructions, 1)] + [""]
        out += ["### Sign-off checklist"] + [f"- [ ] {c}" for c in ex.checklist] + [""]
    return "\n".join(out).rstrip() + "\n"
