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
attribute block ``{...}`` takes ``kind``, ``ref``, ``hours``, ``lead`` and ``optional``. Without
``kind``, the kind comes from the title's first words ("Read", "Exercise:", "Quiz:", "Shadow",
"Scenario validation", "Manager sign-off"), else it is a checklist item.

Exercise files have their own module, ``exercisefile``.

Parsing never touches the database: it returns a spec or raises ``TrackFileError`` with every
problem and its line number. Rendering a spec gives a file that parses back to the same spec.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml

from content.docfiles import safe_load_yaml  # one guard for every YAML a user uploads

from .models import StepKind
from .readiness import checklist, parse_item, unmatched


class TrackFileError(Exception):
    def __init__(self, errors, filename=""):
        self.errors = errors  # list of (line, message)
        self.filename = filename
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
    separation_of_duties: bool = True
    readiness: list = field(default_factory=list)  # [{"group": str, "items": [str]}]
    recertification: dict = field(default_factory=dict)  # Track field name -> value, defaults left out
    stages: list = field(default_factory=list)


FRONT_MATTER_KEYS = {
    "name", "slug", "version", "audience", "hours", "validity_months", "separation_of_duties",
    "readiness", "description", "recertification",
}
# recertification: key in the file -> (Track field, default)
RECERT_KEYS = {
    "window_days": ("recert_window_days", 30),
    "renewal": ("renewal_basis", "completion"),
    "fixed_date": ("renewal_date", ""),
    "min_active_days": ("min_active_days", 0),
    "refresh_track": ("refresh_track_slug", ""),
    "currency_months": ("currency_months", None),
    "review": ("review_cadence", "none"),
}
RENEWALS = ("completion", "previous_expiry", "fixed_date")
REVIEWS = ("none", "monthly", "quarterly", "annual")
FIXED_DATE_RE = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
ATTRIBUTE_KEYS = {"kind", "ref", "hours", "lead", "optional"}
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
KINDS_NEEDING_REF = {StepKind.READ, StepKind.EXERCISE, StepKind.QUIZ, StepKind.VALIDATION}


def infer_kind(title):
    lowered = title.lower()
    for prefix, kind in KIND_PREFIXES:
        if lowered.startswith(prefix):
            return kind
    return StepKind.CHECKLIST


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


def _unsplit_evidence(item):
    """An item written ``- Passed the quiz {evidence: quiz week-1}`` without quotes reads in YAML as
    a one-key mapping (the ": " inside the braces): put its text back together."""
    if isinstance(item, dict) and len(item) == 1:
        key, value = next(iter(item.items()))
        if isinstance(key, str) and isinstance(value, str) and key.rstrip().lower().endswith("{evidence"):
            return f"{key}: {value}"
    return item


def parse_readiness(value, line, errors):
    if value in (None, ""):
        return []
    if not isinstance(value, dict):
        errors.append((line, "readiness must map each group to a list of items"))
        return []
    groups = []
    for group, items in value.items():
        if isinstance(items, list):
            items = [_unsplit_evidence(i) for i in items]
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            errors.append((line, f"readiness group '{group}' must be a list of items"))
            continue
        for item in items:
            for problem in parse_item(item)[2]:
                errors.append((line, f"readiness item '{item.strip()}': {problem}"))
        groups.append({"group": str(group), "items": [i.strip() for i in items]})
    return groups


def check_readiness_evidence(spec, line, errors):
    """Each step a readiness item names as its evidence must be a step of the track."""
    steps = [step for stage in spec.stages for step in stage.steps]
    for item in checklist(spec.readiness):
        for evidence in unmatched(item.evidence, steps):
            errors.append((line, f"readiness item '{item.label}': its evidence '{evidence}' names no step of the "
                                 "track"))


def parse_recertification(value, line, errors):
    """The ``recertification:`` block: returns {Track field: value} for the keys that differ from
    the defaults."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        errors.append((line, "recertification must be a set of 'key: value' lines"))
        return {}
    result = {}
    for key, raw in value.items():
        if key not in RECERT_KEYS:
            errors.append((line, f"unknown recertification key '{key}' (known: {', '.join(RECERT_KEYS)})"))
            continue
        name, default = RECERT_KEYS[key]
        if key in ("window_days", "min_active_days", "currency_months"):
            if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
                errors.append((line, f"recertification {key} must be a whole number of "
                                     f"{'months' if key == 'currency_months' else 'days'}"))
                continue
        elif key == "renewal" and raw not in RENEWALS:
            errors.append((line, f"recertification renewal must be one of {', '.join(RENEWALS)}"))
            continue
        elif key == "review" and raw not in REVIEWS:
            errors.append((line, f"recertification review must be one of {', '.join(REVIEWS)}"))
            continue
        elif key == "fixed_date" and not FIXED_DATE_RE.match(str(raw)):
            errors.append((line, "recertification fixed_date must be MM-DD, e.g. \"01-31\""))
            continue
        elif key == "refresh_track" and not SLUG_RE.match(str(raw)):
            errors.append((line, "recertification refresh_track must be a track slug"))
            continue
        if raw != default:
            result[name] = raw if not isinstance(raw, str) else str(raw)
    if result.get("renewal_basis") == "fixed_date" and not result.get("renewal_date"):
        errors.append((line, "a fixed_date renewal needs recertification fixed_date: MM-DD"))
    return result


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
    kind = attrs.get("kind") or infer_kind(title)
    if kind not in StepKind.values:
        errors.append((line, f"unknown kind '{kind}' (known: {', '.join(StepKind.values)})"))
        kind = StepKind.CHECKLIST
    ref = str(attrs.get("ref") or "").strip()
    if kind in KINDS_NEEDING_REF and not ref:
        name = StepKind(kind).label.lower()
        errors.append((line, f"{'an' if name[0] in 'aeiou' else 'a'} {name} step needs a reference: add {{ref: ...}}"))
    hours = None
    if attrs.get("hours") is not None:
        try:
            hours = Decimal(str(attrs["hours"])).quantize(Decimal("0.1"))
            if hours <= 0 or hours > 999:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.append((line, f"hours must be a positive number, not '{attrs['hours']}'"))
            hours = None
    if kind == StepKind.SHADOW and hours is None:
        errors.append((line, "a shadow step needs a minimum of hours: add {hours: N}"))
    lead = attrs.get("lead", 0)
    if not isinstance(lead, int) or isinstance(lead, bool) or lead < 0:
        errors.append((line, f"lead must be a whole number of shifts, not '{lead}'"))
        lead = 0
    optional = attrs.get("optional", False)
    if not isinstance(optional, bool):
        errors.append((line, "optional must be true or false"))
        optional = False
    return StepSpec(title=title[:300], kind=kind, ref=ref, hours=hours, lead=lead,
                    required=not optional, line=line)


def parse_track(text, filename=""):
    errors = []
    lines = text.splitlines()
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
    validity = meta.get("validity_months")
    if validity is not None and (not isinstance(validity, int) or isinstance(validity, bool) or validity <= 0):
        errors.append((_front_matter_line(lines, "validity_months"), "validity_months must be a positive whole number"))
        validity = None
    sod = meta.get("separation_of_duties", True)
    if not isinstance(sod, bool):
        errors.append((_front_matter_line(lines, "separation_of_duties"), "separation_of_duties must be true or false"))
        sod = True
    spec = TrackSpec(
        name=name, slug=slug,
        audience=str(meta.get("audience") or "").strip(),
        hours=str(meta.get("hours") or "").strip(),
        validity_months=validity,
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
    check_readiness_evidence(spec, _front_matter_line(lines, "readiness"), errors)
    if front_read and not spec.stages:
        errors.append((body_start + 1 if body_start < len(lines) else len(lines) or 1,
                       "a track needs at least one '## Stage' with steps"))
    if errors:
        raise TrackFileError(sorted(errors), filename)
    return spec


def _attr_value(value):
    text = str(value)
    return text if re.match(r"^[A-Za-z0-9._-]+$", text) else yaml.safe_dump(text, default_style='"').strip()


def render_step(step):
    attrs = []
    if infer_kind(step.title) != step.kind:
        attrs.append(("kind", step.kind))
    if step.ref:
        attrs.append(("ref", step.ref))
    if step.hours is not None:
        attrs.append(("hours", format(step.hours.normalize(), "f")))
    if step.lead:
        attrs.append(("lead", step.lead))
    if not step.required:
        attrs.append(("optional", "true"))
    block = ""
    if attrs:
        block = " {" + ", ".join(f"{k}: {_attr_value(v)}" for k, v in attrs) + "}"
    return f"- [ ] {step.title}{block}"


def render_track(spec):
    meta = {"name": spec.name, "slug": spec.slug}
    for key in ("audience", "hours"):
        if getattr(spec, key):
            meta[key] = getattr(spec, key)
    if spec.validity_months:
        meta["validity_months"] = spec.validity_months
    meta["separation_of_duties"] = spec.separation_of_duties
    if spec.recertification:
        by_field = {name: key for key, (name, _default) in RECERT_KEYS.items()}
        meta["recertification"] = {by_field[name]: value for name, value in spec.recertification.items()}
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
        hours=track.hours, validity_months=track.validity_months,
        separation_of_duties=track.separation_of_duties, readiness=list(track.readiness),
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
                    hours=s.hours, lead=s.lead_shifts, required=s.required,
                )
                for s in steps_by_stage.get(stage.pk, [])
            ],
        ))
    return spec


def recertification_of(track):
    """{Track field: value} of a stored track's recertification settings that differ from defaults."""
    values = {}
    for name, default in RECERT_KEYS.values():
        if name == "renewal_date":
            value = f"{track.renewal_month:02d}-{track.renewal_day:02d}" if track.renewal_month else ""
        else:
            value = getattr(track, name)
        if value != default:
            values[name] = value
    return values


def recertification_fields(spec):
    """The Track model fields for a spec's recertification settings (defaults filled in)."""
    fields = {name: spec.recertification.get(name, default) for name, default in RECERT_KEYS.values()}
    date = fields.pop("renewal_date")
    fields["renewal_month"], fields["renewal_day"] = (int(date[:2]), int(date[3:])) if date else (None, None)
    return fields
