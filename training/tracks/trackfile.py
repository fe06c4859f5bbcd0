"""Track files and exercise files: Markdown with a small YAML front matter.

A track file::

    ---
    name: Standard track
    slug: standard
    audience: Engineers new to this system
    hours: 6-8
    validity_months: 12
    separation_of_duties: true
    readiness:
      Core knowledge:
        - Understands the system architecture
    ---
    Optional description.

    ## Week 1: Foundations
    Optional stage description.
    - [ ] Read the architecture guide {ref: system-architecture-training}
    - [ ] Exercise: Submit and track a task {ref: submit-and-track}
    ☐ Shadow an on-call engineer {hours: 4, lead: 1}

``##`` headings are stages; checklist items (``- [ ]``, ``- [x]`` or ``☐``) are steps. The
attribute block ``{...}`` takes ``kind``, ``ref``, ``hours``, ``lead``, ``optional``,
``before_first_shift`` (the countdown to the first on-call shift, ``countdown``) and ``minutes``
(the step's time estimate, ``estimates``: "1.5 hours" of reading is ``{minutes: 90}``). Without
``kind``, the kind comes from the title's first words ("Read", "Exercise:", "Quiz:", "Shadow",
"Scenario validation", "Manager sign-off"); a step that names a Markdown file is a reading step;
else it is a checklist item. Without ``ref``, the import links a step by the file or title its
words name (``linking``). Common spellings are read too (``wording``): ``validity: 12 months``,
the hours in a shadow step's words ("three 2-hour shifts"), "sections 1-4" of a document.

Exercise files have their own module, ``exercisefile``.

Parsing never touches the database: it returns a spec or raises ``TrackFileError`` with every
problem and its line number. Rendering a spec gives a file that parses back to the same spec.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml

from content.docfiles import NUL_PROBLEM, nul_bytes, safe_load_yaml  # one guard for every YAML a user uploads

from . import countdown, wording
from .frontmatter import (  # noqa: F401 - the track file's names, as before the split
    RECERT_KEYS,
    check_levels,
    check_readiness_evidence,
    parse_levels,
    parse_readiness,
    parse_recertification,
    recertification_fields,
    recertification_of,
)
from .models import StepKind


class TrackFileError(Exception):
    def __init__(self, errors, filename="", warnings=()):
        self.errors = errors  # list of (line, message)
        self.filename = filename
        # What the import would also have said had it gone ahead (the steps it could not link):
        # one round tells the author everything.
        self.warnings = list(warnings)
        super().__init__(self.format())

    def format(self):
        where = f"{self.filename}:" if self.filename else "line "
        return "\n".join(f"{where}{line}: {message}" for line, message in self.errors)


@dataclass
class StepSpec:
    title: str
    kind: str
    ref: str = ""
    hours: Decimal | None = None
    lead: int = 0
    required: bool = True
    line: int = field(default=0, compare=False)
    # Read from the title (so equal titles give equal values): "sections 1-4", "6 hours".
    sections: str = field(default="", compare=False)
    hours_words: str = field(default="", compare=False)
    # False for a step whose document, exercise or quiz is not linked yet (a stored track's).
    linked: bool = field(default=True, compare=False)
    before_first_shift: datetime.timedelta | None = None  # a countdown step (``countdown``)
    minutes: int | None = None  # the time the step takes, as the author estimates it (``estimates``)
    walk: str = ""  # the decision tree's outcome a practice walk must reach (``tree-5/restore-the-pool``)


@dataclass
class StageSpec:
    title: str
    description: str = ""
    steps: list = field(default_factory=list)
    line: int = field(default=0, compare=False)


@dataclass
class TrackSpec:
    name: str
    slug: str
    description: str = ""
    audience: str = ""
    hours: str = ""
    validity_months: int | None = None
    version: str = ""  # the file's own version ("2.1"), kept as written; Shiftready counts its own
    separation_of_duties: bool = True
    readiness: list = field(default_factory=list)  # [{"group": str, "items": [str]}]
    recertification: dict = field(default_factory=dict)  # Track field name -> value, defaults left out
    stages: list = field(default_factory=list)
    readiness_line: int = field(default=1, compare=False)
    # Readiness levels reached at the end of a stage, as written: [{"stage": "Week 2", "levels": [str]}]
    levels: list = field(default_factory=list)
    levels_lines: dict = field(default_factory=dict, compare=False)  # each stage key's line


FRONT_MATTER_KEYS = {
    "name", "slug", "version", "audience", "hours", "validity_months", "validity", "separation_of_duties",
    "readiness", "description", "recertification", "levels",
}
ATTRIBUTE_KEYS = {"kind", "ref", "hours", "lead", "optional", "before_first_shift", "minutes", "walk"}
STEP_RE = re.compile(r"^\s*(?:[-*]\s+\[[ xX]\]|☐|☑|✅)\s*(?P<text>.*)$")
ATTRS_RE = re.compile(r"\s*\{(?P<attrs>[^{}]*)\}\s*$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# (prefix, kind): the first words of a step's title give its kind when the attributes do not.
KIND_PREFIXES = [
    ("manager sign-off", StepKind.SIGNOFF),
    ("scenario validation", StepKind.VALIDATION),
    ("exercise:", StepKind.EXERCISE),
    ("quiz:", StepKind.QUIZ),
    ("shadow", StepKind.SHADOW),
    ("read ", StepKind.READ),
]


def infer_kind(title):
    lowered = title.lower()
    for prefix, kind in KIND_PREFIXES:
        if lowered.startswith(prefix):
            return kind
    return StepKind.READ if wording.names_a_file(title) else StepKind.CHECKLIST


def split_front_matter(lines, errors):
    """Return (front matter dict, index of the first body line)."""
    if not lines or lines[0].strip() != "---":
        errors.append((1, "the file must start with a front matter block between '---' lines"))
        return {}, 0
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            raw = "\n".join(lines[1:index])
            try:
                data = safe_load_yaml(raw) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = (mark.line + 2) if mark else 2
                errors.append((line, f"front matter is not valid YAML ({getattr(exc, 'problem', exc)})"))
                return {}, index + 1
            if not isinstance(data, dict):
                errors.append((2, "front matter must be a set of 'key: value' lines"))
                return {}, index + 1
            return data, index + 1
    errors.append((1, "the front matter block is not closed with '---'"))
    return {}, len(lines)


def _front_matter_line(lines, key):
    for number, text in enumerate(lines, start=1):
        if text.startswith(f"{key}:"):
            return number
        if number > 1 and text.strip() == "---":
            break
    return 1


def parse_attributes(text, line, errors):
    match = ATTRS_RE.search(text)
    if not match:
        return text.strip(), {}
    title = text[: match.start()].strip()
    try:
        attrs = safe_load_yaml("{" + match.group("attrs") + "}")
    except yaml.YAMLError:
        errors.append((line, "the attribute block is not of the form {key: value, ...}"))
        return title, {}
    if not isinstance(attrs, dict):
        errors.append((line, "the attribute block is not of the form {key: value, ...}"))
        return title, {}
    unknown = set(attrs) - ATTRIBUTE_KEYS
    if unknown:
        errors.append((line, f"unknown attribute {', '.join(sorted(map(str, unknown)))} "
                             f"(known: {', '.join(sorted(ATTRIBUTE_KEYS))})"))
    return title, attrs


def parse_step(text, line, errors):
    title, attrs = parse_attributes(text, line, errors)
    if not title:
        errors.append((line, "a step needs a title"))
    before = None
    if attrs.get("before_first_shift") is not None:
        before, problem = countdown.parse_before(attrs["before_first_shift"])
        if problem:
            errors.append((line, problem))
        elif attrs.get("kind", StepKind.CHECKLIST) != StepKind.CHECKLIST:
            errors.append((line, "a step before the first shift is a checklist item: leave out its kind"))
    kind = attrs.get("kind") or (StepKind.CHECKLIST if before is not None else infer_kind(title))
    if kind not in StepKind.values:
        errors.append((line, f"unknown kind '{kind}' (known: {', '.join(StepKind.values)})"))
        kind = StepKind.CHECKLIST
    # Without a ref, the import links the step by its words. (A slug YAML reads as a number, "0", is
    # still the slug.)
    ref = "" if attrs.get("ref") is None else str(attrs["ref"]).strip()
    hours, hours_words = None, ""
    if attrs.get("hours") is not None:
        try:
            hours = Decimal(str(attrs["hours"])).quantize(Decimal("0.1"))
            if hours <= 0 or hours > 999:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.append((line, f"hours must be a positive number, not '{attrs['hours']}'"))
            hours = None
    if kind == StepKind.SHADOW and hours is None and "hours" not in attrs:
        hours, hours_words = wording.hours_in_text(title)
        if hours is None and hours_words:
            errors.append((line, f"a shadow step needs one minimum of hours, and its words give several "
                                 f"({hours_words}): add {{hours: N}}"))
            hours_words = ""
    if kind == StepKind.SHADOW and hours is None:
        errors.append((line, "a shadow step needs a minimum of hours: add {hours: N} or say it, e.g. "
                             "\"Shadow the on-call engineer for 6 hours\""))
    lead = attrs.get("lead", 0)
    if not isinstance(lead, int) or isinstance(lead, bool) or lead < 0:
        errors.append((line, f"lead must be a whole number of shifts, not '{lead}'"))
        lead = 0
    optional = attrs.get("optional", False)
    if not isinstance(optional, bool):
        errors.append((line, "optional must be true or false"))
        optional = False
    minutes = attrs.get("minutes")
    if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= 6000):
        errors.append((line, f"minutes must be a whole number of minutes between 1 and 6000, not '{minutes}' "
                             "(an hour and a half is {minutes: 90})"))
        minutes = None
    walk = "" if attrs.get("walk") is None else str(attrs["walk"]).strip()
    if walk:
        kind = _walk_kind(walk, attrs, ref, line, errors)
    sections = wording.sections_in_text(title) if kind == StepKind.READ else ""
    return StepSpec(title=title[:300], kind=kind, ref=ref, hours=hours, lead=lead,
                    required=not optional and before is None, line=line, sections=sections[:100],
                    hours_words=hours_words, before_first_shift=before, minutes=minutes, walk=walk[:250])


WALK_RE = re.compile(r"^tree-\d+/[a-z0-9]+(?:-[a-z0-9]+)*$")


def _walk_kind(walk, attrs, ref, line, errors):
    """A step with ``{walk: tree-5/restore-the-pool}`` reads its decision tree (``ref``) by walking it
    to that outcome: a reading step, whatever its title says."""
    if not WALK_RE.match(walk):
        errors.append((line, f"walk names a tree and one of its outcomes, like tree-5/restore-the-pool, not '{walk}'"))
    if attrs.get("kind", StepKind.READ) != StepKind.READ:
        errors.append((line, "a step with a walk reads its decision tree: leave out its kind"))
    if not ref:
        errors.append((line, "a step with a walk names its decision tree: add {ref: <the document's slug>}"))
    return StepKind.READ


def _validity(meta, lines, errors):
    """``validity_months: 12``, or ``validity: 12 months`` / ``1 year`` as teams write it."""
    if "validity" in meta and "validity_months" in meta:
        errors.append((_front_matter_line(lines, "validity"), "give validity or validity_months, not both"))
        return None
    if "validity" in meta:
        months, problem = wording.validity_months(meta["validity"])
        if problem:
            errors.append((_front_matter_line(lines, "validity"), problem))
        return months
    validity = meta.get("validity_months")
    if validity is not None and (not isinstance(validity, int) or isinstance(validity, bool) or validity <= 0):
        errors.append((_front_matter_line(lines, "validity_months"), "validity_months must be a positive whole number"))
        validity = None
    return validity


def _version(meta, lines, errors):
    """The file's own version, as written (YAML would read ``2.10`` as the number 2.1)."""
    if meta.get("version") in (None, ""):
        return ""
    number = _front_matter_line(lines, "version")
    written = lines[number - 1].split(":", 1)[1].strip().strip("\"'") if number > 1 else str(meta["version"])
    if isinstance(meta["version"], (dict, list)) or not written or len(written) > 40:
        errors.append((number, "version must be a short label such as \"2.1\" (at most 40 characters)"))
        return ""
    return written


def parse_track(text, filename=""):
    """The spec of a track file, or ``TrackFileError`` with every problem and its line."""
    spec, errors = read_track(text)
    if errors:
        raise TrackFileError(sorted(errors), filename)
    return spec


def read_track(text, *, check_evidence=True):
    """``(spec, errors)``: as much of the spec as the file gives, and every problem found, so
    that an import can add its own (references) and report them all in one round. An import
    that links steps by their words checks the readiness evidence itself, once they are linked
    (``check_evidence=False``)."""
    errors = []
    lines = text.removeprefix("\ufeff").splitlines()
    errors += [(number, NUL_PROBLEM) for number, _column in nul_bytes(text.removeprefix("\ufeff"))]
    meta, body_start = split_front_matter(lines, errors)
    # An empty front matter block is read and still needs its keys (only an unreadable one is
    # reported alone); before, "---\n---" passed with no name and no slug and crashed the import.
    front_read = not errors
    unknown = set(meta) - FRONT_MATTER_KEYS
    for key in sorted(map(str, unknown)):
        errors.append((_front_matter_line(lines, key), f"unknown front matter key '{key}'"))
    name = str(meta.get("name") or "").strip()
    slug = str(meta.get("slug") or "").strip()
    if front_read and not name:
        errors.append((_front_matter_line(lines, "name"), "front matter needs a name"))
    if front_read and not SLUG_RE.match(slug):
        errors.append((_front_matter_line(lines, "slug"),
                       "front matter needs a slug of lowercase letters, digits and hyphens"))
    validity = _validity(meta, lines, errors)
    sod = meta.get("separation_of_duties", True)
    if not isinstance(sod, bool):
        errors.append((_front_matter_line(lines, "separation_of_duties"), "separation_of_duties must be true or false"))
        sod = True
    spec = TrackSpec(
        name=name, slug=slug,
        audience=str(meta.get("audience") or "").strip(),
        hours=str(meta.get("hours") or "").strip(),
        validity_months=validity, version=_version(meta, lines, errors),
        separation_of_duties=sod,
        readiness=parse_readiness(meta.get("readiness"), _front_matter_line(lines, "readiness"), errors),
        recertification=parse_recertification(meta.get("recertification"),
                                              _front_matter_line(lines, "recertification"), errors),
    )

    description, stage = [], None
    for index in range(body_start, len(lines)):
        number, raw = index + 1, lines[index]
        stripped = raw.strip()
        if stripped.startswith("## "):
            stage = StageSpec(title=stripped[3:].strip(), line=number)
            spec.stages.append(stage)
            continue
        if stripped.startswith("# ") and stage is None:
            continue  # an optional title line repeating the name
        step_match = STEP_RE.match(raw)
        if step_match:
            if stage is None:
                errors.append((number, "a step must come under a '## Stage' heading"))
                continue
            stage.steps.append(parse_step(step_match.group("text"), number, errors))
            continue
        if stripped.startswith("#"):
            errors.append((number, "only '## Stage' headings are allowed in a track file"))
            continue
        target = description if stage is None else None
        if target is not None:
            target.append(raw.rstrip())
        else:
            stage.description = (stage.description + "\n" + raw.rstrip()).strip("\n")
    spec.description = "\n".join(description).strip()
    for stage in spec.stages:
        stage.description = stage.description.strip()
        if not stage.steps:
            errors.append((stage.line, f"stage '{stage.title}' has no steps"))
    countdown.check_stage(spec, errors)
    spec.readiness_line = _front_matter_line(lines, "readiness")
    spec.levels, spec.levels_lines = parse_levels(meta.get("levels"), lines, _front_matter_line(lines, "levels"),
                                                  errors)
    check_levels(spec, errors)
    if check_evidence:
        check_readiness_evidence(spec, spec.readiness_line, errors)
    if front_read and not spec.stages:
        errors.append((body_start + 1 if body_start < len(lines) else len(lines) or 1,
                       "a track needs at least one '## Stage' with steps"))
    return spec, errors


def _attr_value(value):
    """A value as YAML reads it back: ``true`` for a boolean; a word as it is unless YAML would
    read it as something else ("0x1f", a slug, would be 31): then quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if re.match(r"^[A-Za-z0-9._-]+$", text) and str(safe_load_yaml(text)) == text:
        return text
    return yaml.safe_dump(text, default_style='"').strip()


def render_step(step):
    attrs, before = [], step.before_first_shift
    if infer_kind(step.title) != step.kind and (before is None or step.kind != StepKind.CHECKLIST) and not step.walk:
        attrs.append(("kind", step.kind))
    if step.ref:
        attrs.append(("ref", step.ref))
    if step.hours is not None:
        attrs.append(("hours", format(step.hours.normalize(), "f")))
    if step.lead:
        attrs.append(("lead", step.lead))
    if step.minutes is not None:
        attrs.append(("minutes", step.minutes))
    if before is not None:
        attrs.append(("before_first_shift", countdown.format_before(before)))
    elif not step.required:
        attrs.append(("optional", True))
    if step.walk:
        attrs.append(("walk", step.walk))
    block = ""
    if attrs:
        block = " {" + ", ".join(f"{k}: {_attr_value(v)}" for k, v in attrs) + "}"
    return f"- [ ] {step.title}{block}"


def render_track(spec):
    meta = {"name": spec.name, "slug": spec.slug}
    for key in ("audience", "hours"):
        if getattr(spec, key):
            meta[key] = getattr(spec, key)
    if spec.version:
        meta["version"] = spec.version
    if spec.validity_months:
        meta["validity_months"] = spec.validity_months
    meta["separation_of_duties"] = spec.separation_of_duties
    if spec.recertification:
        by_field = {name: key for key, (name, _default) in RECERT_KEYS.items()}
        meta["recertification"] = {by_field[name]: value for name, value in spec.recertification.items()}
    if spec.levels:
        meta["levels"] = {entry["stage"]: list(entry["levels"]) for entry in spec.levels}
    if spec.readiness:
        meta["readiness"] = {group["group"]: list(group["items"]) for group in spec.readiness}
    out = ["---", yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000).strip(), "---", ""]
    if spec.description:
        out += [spec.description, ""]
    for stage in spec.stages:
        out.append(f"## {stage.title}")
        if stage.description:
            out.append(stage.description)
        out.append("")
        out += [render_step(step) for step in stage.steps]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def spec_from_track(track):
    """The spec of a stored track (with its stages and steps prefetched or not)."""
    spec = TrackSpec(
        name=track.name, slug=track.slug, description=track.description, audience=track.audience,
        hours=track.hours, validity_months=track.validity_months, version=track.author_version,
        separation_of_duties=track.separation_of_duties, readiness=list(track.readiness),
        levels=list(track.levels),
        recertification=recertification_of(track),
    )
    steps_by_stage = {}
    for step in track.steps.select_related("exercise").order_by("order"):
        steps_by_stage.setdefault(step.stage_id, []).append(step)
    for stage in track.stages.order_by("order"):
        spec.stages.append(StageSpec(
            title=stage.title, description=stage.description,
            steps=[
                StepSpec(
                    title=s.title, kind=s.kind, ref=s.exercise.slug if s.exercise_id else s.ref,
                    hours=s.hours, lead=s.lead_shifts, required=s.required, sections=s.sections,
                    linked=s.linked, before_first_shift=s.before_first_shift, minutes=s.estimate_minutes,
                    walk=s.walk,
                )
                for s in steps_by_stage.get(stage.pk, [])
            ],
        ))
    return spec
