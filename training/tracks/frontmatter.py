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
}
RENEWALS = ("completion", "previous_expiry", "fixed_date")
REVIEWS = ("none", "monthly", "quarterly", "annual")
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
