"""Reads of readiness levels: what a track declares, the levels granted now, and each level's
state for one enrollment (granted, grantable, or not yet and what it waits for). Every function
runs a fixed number of queries whatever the data; ``with_granted_levels`` adds none (it
annotates a query the page already runs)."""

from dataclasses import dataclass, field

from django.db.models import Aggregate, CharField, Exists, OuterRef, Subquery, Value

from training.tracks.frontmatter import level_stage_index
from training.tracks.models import StepKind
from training.workflow.models import EnrollmentStatus

from .models import LevelAction, LevelSignOff

SEPARATOR = "\x1f"  # between the names of ``with_granted_levels`` (no name holds it: names are one line)


@dataclass(frozen=True)
class Level:
    name: str
    stage: object  # the Stage at whose end it is reached


def declared(track, stages):
    """The levels ``track`` declares, each with its stage (from ``stages``, the track's), in the
    order they are reached."""
    stages = sorted(stages, key=lambda stage: stage.order)
    titles = [stage.title for stage in stages]
    levels = []
    for entry in track.levels:
        index = level_stage_index(entry["stage"], titles)
        if index is not None and index >= 0:  # the import refuses any other
            levels += [Level(name, stages[index]) for name in entry["levels"]]
    return sorted(levels, key=lambda level: level.stage.order)


def level_named(track, stages, name):
    return next((level for level in declared(track, stages) if level.name == name), None)


def missing_steps(progress, level):
    """The required steps of the stages up to ``level``'s that are not done (the final sign-off
    aside: a level comes before it)."""
    return [p for p in progress if p.step.required and not p.is_done and p.step.kind != StepKind.SIGNOFF
            and p.step.stage.order <= level.stage.order]


# --- The levels granted now ----------------------------------------------------------------


def _current(decisions):
    """``{(enrollment id, level): the latest decision}`` of ``decisions`` (in the order taken)."""
    latest = {}
    for decision in decisions:
        latest[(decision.enrollment_id, decision.level)] = decision
    return latest


def current_grants(enrollment_ids):
    """``{enrollment id: {level: its granting LevelSignOff}}`` for the levels granted now (one query)."""
    decisions = LevelSignOff.objects.filter(enrollment_id__in=list(enrollment_ids)).select_related("by").order_by("pk")
    grants = {}
    for (enrollment_id, level), decision in _current(decisions).items():
        if decision.action == LevelAction.GRANTED:
            grants.setdefault(enrollment_id, {})[level] = decision
    return grants


def history(enrollment):
    """Every decision on the enrollment's levels, newest first."""
    return list(LevelSignOff.objects.filter(enrollment=enrollment).select_related("by").order_by("-at", "-pk"))


class _Joined(Aggregate):
    """The values of a group joined by ``SEPARATOR``: STRING_AGG, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    output_field = CharField()

    def __init__(self, expression):
        super().__init__(expression, Value(SEPARATOR, output_field=CharField()))

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def granted_now(enrollment_ref="pk"):
    """The names of the levels granted now of the enrollment ``enrollment_ref`` names in the
    outer query, joined (a subquery: ``with_granted_levels``)."""
    later = LevelSignOff.objects.filter(enrollment_id=OuterRef("enrollment_id"), level=OuterRef("level"),
                                        pk__gt=OuterRef("pk"))
    granted = LevelSignOff.objects.filter(enrollment_id=OuterRef(enrollment_ref), action=LevelAction.GRANTED).filter(
        ~Exists(later))
    return Subquery(granted.order_by().values("enrollment_id").annotate(names=_Joined("level")).values("names"))


def with_granted_levels(enrollments):
    """``enrollments`` (a QuerySet) with ``granted_levels``: the levels granted now, in the same
    query (read them with ``granted_names``)."""
    return enrollments.annotate(granted_levels=granted_now())


def granted_names(enrollment):
    """The levels granted now of an enrollment read ``with_granted_levels``, in the track's order."""
    names = set(filter(None, (getattr(enrollment, "granted_levels", None) or "").split(SEPARATOR)))
    order = [name for entry in enrollment.track.levels for name in entry["levels"]]
    return [name for name in order if name in names]


def team_badge(enrollment):
    """The team page's badge of one row read ``with_granted_levels``: the last level reached and
    every level granted (its title), or None."""
    names = granted_names(enrollment)
    if not names:
        return None
    return {"name": names[-1], "count": len(names), "all": ", ".join(names)}


# --- One enrollment's levels -----------------------------------------------------------------


@dataclass
class LevelState:
    level: Level
    grant: object = None  # the LevelSignOff that granted it (or True, from ``with_granted_levels``)
    missing: list = field(default_factory=list)  # the StepProgress it waits for
    closed: bool = False  # the enrollment is no longer active: nothing more is granted

    @property
    def granted(self):
        return bool(self.grant)

    @property
    def grantable(self):
        return not self.granted and not self.missing and not self.closed

    @property
    def state(self):
        if self.granted:
            return "granted"
        return "closed" if self.closed else "grantable" if self.grantable else "not_yet"

    @property
    def waiting_for(self):
        """What the level waits for, as a person says it."""
        shown = ", ".join(f"“{p.step.title}”" for p in self.missing[:3])
        more = len(self.missing) - 3
        return shown + (f" and {more} more step{'s' if more != 1 else ''}" if more > 0 else "")


def states(enrollment, progress, grants):
    """One ``LevelState`` per level of the enrollment's track, in order. ``progress``: its
    StepProgress rows with ``step__stage`` (``enrollment_overview`` has them); ``grants``: the
    levels granted now, ``{name: LevelSignOff}`` or a list of names."""
    if not enrollment.track.levels:
        return []
    stages = {p.step.stage.pk: p.step.stage for p in progress}.values()
    if not isinstance(grants, dict):
        grants = dict.fromkeys(grants, True)
    closed = enrollment.status != EnrollmentStatus.ACTIVE
    return [LevelState(level, grants.get(level.name), missing_steps(progress, level), closed)
            for level in declared(enrollment.track, stages)]


def enrollment_states(enrollment):
    """``states`` of one enrollment with what they need read here (two queries)."""
    if not enrollment.track.levels:
        return []
    progress = list(enrollment.progress.select_related("step__stage").order_by("step__order"))
    return states(enrollment, progress, current_grants([enrollment.pk]).get(enrollment.pk, {}))


def overview_states(enrollment, overview):
    """``states`` for the engineer's home: the progress its overview already holds and the names
    of ``with_granted_levels`` (no query)."""
    if overview is None or not enrollment.track.levels:
        return []
    progress = [item for stage in overview.stages for item in stage.items]
    return states(enrollment, progress, granted_names(enrollment))


# --- The API's answer ------------------------------------------------------------------------


def granted_levels_of(engineer_ids, *, track_slug=None):
    """``{engineer id: [LevelSignOff]}``: the levels granted now on the engineers' enrollments that
    are not withdrawn (``track_slug``: on that track only), in the order reached. One query."""
    decisions = LevelSignOff.objects.filter(enrollment__engineer_id__in=list(engineer_ids)).exclude(
        enrollment__status=EnrollmentStatus.WITHDRAWN)
    if track_slug:
        decisions = decisions.filter(enrollment__track__slug=track_slug)
    decisions = decisions.select_related("enrollment__track", "stage", "by").order_by("pk")
    result = {}
    for decision in _current(decisions).values():
        if decision.action == LevelAction.GRANTED:
            result.setdefault(decision.enrollment.engineer_id, []).append(decision)
    for granted in result.values():
        granted.sort(key=lambda d: (d.enrollment.track.slug, d.stage.order, d.at))
    return result
