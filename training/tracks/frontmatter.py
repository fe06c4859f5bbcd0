"""The front matter blocks of a track file that hold more than one value: the readiness checklist
and the recertification settings (parsed, checked, and mapped to the Track's fields)."""

import re

from .readiness import checklist, parse_item, unmatched

# recertification: key in the file -> (Track field, default)
RECERT_KEYS = {
    "window_days": ("recert_window_days", 30),
    "renewal": ("renewal_basis", "completion"),
    "fixed_date": ("renewal_date", ""),
    "min_active_days": ("min_active_days", 0),
    "refresh_track": ("refresh_track_slug", ""),
    "currency_months": ("currency_months", None),
    "review": ("review_cadence", "none"),
    "team_assessment": ("team_assessment", "none"),
}
RENEWALS = ("completion", "previous_expiry", "fixed_date")
REVIEWS = ("none", "monthly", "quarterly", "annual")
TEAM_ASSESSMENTS = ("none", "required")
FIXED_DATE_RE = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
        elif key == "team_assessment" and raw not in TEAM_ASSESSMENTS:
            errors.append((line, f"recertification team_assessment must be one of {', '.join(TEAM_ASSESSMENTS)}"))
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


# --- Readiness levels: milestones before "ready for on-call", reached at the end of a stage ------

LEVEL_NAME_MAX = 100
# The final sign-off is the only "ready for on-call": no level may take its name.
RESERVED_LEVEL_NAMES = ("ready for on-call", "on-call")


def _folded(text):
    return " ".join(str(text).split()).casefold()


def level_stage_index(key, titles):
    """The index in ``titles`` of the stage a ``levels:`` key names (its whole title, or the part
    before its colon: "Week 2" for "Week 2: Incident response"); ``None`` when it names none, and
    ``-1`` when it names several."""
    wanted = _folded(key)
    found = [i for i, title in enumerate(titles) if wanted in (_folded(title), _folded(title.split(":", 1)[0]))]
    if not found:
        return None
    return found[0] if len(found) == 1 else -1


def _key_line(lines, levels_line, key):
    """The line of ``key`` inside the ``levels:`` block (else the block's own line)."""
    for number in range(levels_line + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip() == "---" or (text and not text[0].isspace()):
            break
        if re.match(rf"""\s*["']?{re.escape(str(key))}["']?\s*:""", text):
            return number
    return levels_line


def parse_levels(value, lines, levels_line, errors):
    """The ``levels:`` block, as written: ``[{"stage": key, "levels": [name, ...]}]``, and each
    key's line. A stage maps to a list of names (or one name)."""
    if value in (None, ""):
        return [], {}
    if not isinstance(value, dict):
        errors.append((levels_line, "levels must map a stage to the levels reached at its end, e.g. "
                                    "'Week 2: [Support rota, Escalation backup]'"))
        return [], {}
    declared, where, seen = [], {}, set()
    for key, names in value.items():
        line = _key_line(lines, levels_line, key)
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            errors.append((line, f"levels of '{key}' must be a list of names, e.g. [Support rota]"))
            continue
        names = [" ".join(n.split()) for n in names]
        for name in names:
            if len(name) > LEVEL_NAME_MAX:
                errors.append((line, f"level '{name[:40]}…' is longer than {LEVEL_NAME_MAX} characters"))
            elif _folded(name) in RESERVED_LEVEL_NAMES:
                errors.append((line, f"level '{name}': only the final sign-off makes someone ready for on-call; "
                                     "name the level for what it allows, e.g. 'Support rota'"))
            elif _folded(name) in seen:
                errors.append((line, f"level '{name}' is declared twice"))
            seen.add(_folded(name))
        declared.append({"stage": str(key), "levels": names})
        where[str(key)] = line
    return declared, where


def check_levels(spec, errors):
    """Each ``levels:`` key names one stage of the track, and no stage twice."""
    titles = [stage.title for stage in spec.stages]
    named = {}
    for entry in spec.levels:
        line = spec.levels_lines.get(entry["stage"], 1)
        index = level_stage_index(entry["stage"], titles)
        if index is None:
            errors.append((line, f"levels: '{entry['stage']}' names no stage of the track (its stages: "
                                 f"{', '.join(titles) or 'none'})"))
        elif index == -1:
            errors.append((line, f"levels: '{entry['stage']}' names several stages: write the stage's whole title"))
        elif index in named:
            errors.append((line, f"levels: '{entry['stage']}' and '{named[index]}' name the same stage"))
        else:
            named[index] = entry["stage"]
