"""Every state change of tracks and exercises: importing their files (a refused file writes
nothing), and linking a step to its document, exercise or quiz."""

import copy
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from training import access
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.errors import TrainingError

from . import linking
from .exercisefile import parse_exercises
from .models import Exercise, Stage, Step, StepKind, Track
from .trackfile import (
    TrackFileError,
    TrackSpec,
    check_readiness_evidence,
    read_track,
    recertification_fields,
    spec_from_track,
)


@dataclass
class TrackImport:
    """What importing a track file did, or would do (a dry run).

    ``outcome``: "created", "new version", "linked" (steps of the current version linked in
    place, nothing else changed) or "unchanged". ``version``: the number the track has or would
    have. ``warnings``: ``(line, message)`` for each step imported unlinked. ``notes``: ``(line,
    message)`` for what was read from the words (a shadow step's hours), to show the author."""

    track: Track | None
    outcome: str
    version: int
    spec: TrackSpec
    warnings: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    linked: int = 0


def _steps(spec):
    return [step for stage in spec.stages for step in stage.steps]


def _apply_links(spec, links, strict):
    """Give each step its resolved slug; the problems of the others, as errors or warnings."""
    problems = []
    for (s, i), link in links.items():
        step = spec.stages[s].steps[i]
        if link.slug:
            step.ref, step.linked = link.slug, True
            continue
        step.linked = False
        if strict and not step.ref:
            name = StepKind(step.kind).label.lower()
            problems.append((step.line, f"{'an' if name[0] in 'aeiou' else 'a'} {name} step needs a reference: "
                                        f"add {{ref: ...}} ({link.problem})"))
        elif strict:
            problems.append((step.line, link.problem))
        else:
            problems.append((step.line, f"“{step.title}” is imported unlinked: {link.problem}"))
    return problems


def _keep_admin_links(spec, stored, warnings):
    """A step that does not resolve keeps the link a training admin gave the same step (same
    place, title and kind) of the current version: importing the file again does not undo it."""
    new, old = _steps(spec), _steps(stored)
    if len(new) != len(old):
        return warnings
    kept = set()
    for step, before in zip(new, old, strict=True):
        if not step.linked and before.linked and (step.title, step.kind) == (before.title, before.kind):
            step.ref, step.linked = before.ref, True
            kept.add(step.line)
    return [(line, message) for line, message in warnings if line not in kept]


def _newly_linked(spec, stored):
    """The positions of the steps this import links where the current version has them unlinked,
    when that is the only difference (none: the same track); ``None`` when the file changed."""
    new, old = _steps(spec), _steps(stored)
    if len(new) != len(old):
        return None
    candidate, positions = copy.deepcopy(spec), []
    for index, (step, before) in enumerate(zip(_steps(candidate), old, strict=True)):
        if step.linked and not before.linked:
            step.ref = before.ref
            positions.append(index)
    return positions if candidate == stored else None


def _link_in_place(track, spec, positions):
    steps = list(track.steps.order_by("order"))
    exercises = {e.slug: e for e in Exercise.objects.filter(slug__in=[_steps(spec)[i].ref for i in positions])}
    for index in positions:
        step, wanted = steps[index], _steps(spec)[index]
        _set_target(step, wanted.ref, exercises.get(wanted.ref))
        step.full_clean()
        step.save(update_fields=["ref", "exercise", "linked"])


def _set_target(step, slug, exercise=None):
    if step.kind == StepKind.EXERCISE:
        step.exercise, step.ref = exercise, ""
    else:
        step.ref = slug
    step.linked = True


def _notes(spec):
    return [(step.line, f"“{step.title}”: a minimum of {format(step.hours.normalize(), 'f')} hours, read from "
                        f"“{step.hours_words}”") for step in _steps(spec) if step.hours_words]


def track_file_import(*, text, filename="", dry_run=False, strict=False):
    """Import a track file. A changed file makes a new version (running enrollments keep theirs);
    a file that only links steps the current version has unlinked links them in place.

    A step whose document, exercise or quiz cannot be found imports unlinked, with a warning
    (``strict``: refused as an error instead). Every problem of the file, in its structure and
    in its references, is reported in one ``TrackFileError``; a refused file writes nothing."""
    spec, errors = read_track(text, check_evidence=False)
    warnings = _apply_links(spec, linking.resolve_all(spec), strict)
    errors += linking.walk_problems(spec)
    check_readiness_evidence(spec, spec.readiness_line, errors)  # "read architecture" names a step linked by its words
    if strict:
        errors, warnings = errors + warnings, []
    if errors:
        raise TrackFileError(sorted(errors), filename, warnings=sorted(warnings))
    with transaction.atomic():
        current = Track.objects.select_for_update(of=("self",)).filter(slug=spec.slug, is_current=True).first()
        stored = spec_from_track(current) if current is not None else None
        if stored is not None:
            warnings = _keep_admin_links(spec, stored, warnings)
        result = TrackImport(track=current, outcome="unchanged", version=current.version if current else 1,
                             spec=spec, warnings=sorted(warnings), notes=_notes(spec))
        positions = _newly_linked(spec, stored) if stored is not None else None
        if positions == []:
            return result
        if positions:
            result.outcome, result.linked = "linked", len(positions)
            if not dry_run:
                _link_in_place(current, spec, positions)
            return result
        result.outcome = "created" if current is None else "new version"
        if current is not None:
            result.version = Track.objects.filter(slug=spec.slug).aggregate(top=Max("version"))["top"] + 1
        if dry_run:
            return result
        result.track = _create_version(spec, current, result.version)
        return result


def _create_version(spec, current, version):
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    track = Track(
        slug=spec.slug, version=version, name=spec.name, description=spec.description,
        audience=spec.audience, hours=spec.hours, validity_months=spec.validity_months,
        author_version=spec.version, separation_of_duties=spec.separation_of_duties, readiness=spec.readiness,
        levels=spec.levels,
        **recertification_fields(spec),
    )
    track.full_clean()
    track.save()
    exercises = {e.slug: e for e in Exercise.objects.filter(
        slug__in=[s.ref for s in _steps(spec) if s.kind == StepKind.EXERCISE and s.linked])}
    # Two inserts whatever the size of the file: the stages, then every step.
    stages = Stage.objects.bulk_create([
        Stage(track=track, order=stage_order, title=stage_spec.title[:200], description=stage_spec.description)
        for stage_order, stage_spec in enumerate(spec.stages, start=1)
    ])
    steps, order = [], 0
    for stage, stage_spec in zip(stages, spec.stages, strict=True):
        for step_spec in stage_spec.steps:
            order += 1
            linked_exercise = step_spec.kind == StepKind.EXERCISE and step_spec.linked
            exercise = exercises.get(step_spec.ref) if linked_exercise else None
            steps.append(Step(
                track=track, stage=stage, order=order, title=step_spec.title, kind=step_spec.kind,
                ref="" if exercise else step_spec.ref, exercise=exercise, hours=step_spec.hours,
                lead_shifts=step_spec.lead, required=step_spec.required, source_line=step_spec.line,
                linked=step_spec.linked, sections=step_spec.sections, before_first_shift=step_spec.before_first_shift,
                estimate_minutes=step_spec.minutes, walk=step_spec.walk,
            ))
    Step.objects.bulk_create(steps, batch_size=500)
    return track


def track_import(*, text, filename="", dry_run=False, strict=False):
    """``(track, outcome)`` of ``track_file_import``: the track written, or the current one."""
    result = track_file_import(text=text, filename=filename, dry_run=dry_run, strict=strict)
    return result.track, result.outcome


@transaction.atomic
def step_link(*, step, slug, by):
    """A training admin links an unlinked step to the document, exercise or quiz ``slug``."""
    step = Step.objects.select_for_update(of=("self",)).select_related("track").get(pk=step.pk)
    if not access.is_training_admin(by):
        raise TrainingError("Only a training admin links a track's steps.")
    if step.linked:
        raise TrainingError(f"“{step.title}” is already linked.")
    noun = step.target_noun
    target = linking.MODELS[noun].objects.filter(slug=slug).first() if noun else None
    if target is None:
        raise TrainingError(f"Choose the {noun or 'target'} this step links to.")
    _set_target(step, slug, target if step.kind == StepKind.EXERCISE else None)
    step.full_clean()
    step.save(update_fields=["ref", "exercise", "linked"])
    record(kind=AuditKind.IMPORT, actor=by,
           summary=f"step linked: “{step.title}” of {step.track.name} ({step.track.slug}) version "
                   f"{step.track.version} to the {noun} {target.title} ({slug})")
    return step


def step_relink(step):
    """Link an unlinked step now, if what it names has been imported since; returns whether it
    is linked. For the moment someone tries to do the step."""
    if step.linked:
        return True
    slug = linking.target_now(step)
    if not slug:
        return False
    exercise = Exercise.objects.get(slug=slug) if step.kind == StepKind.EXERCISE else None
    _set_target(step, slug, exercise)
    step.full_clean()
    step.save(update_fields=["ref", "exercise", "linked"])
    return True


def exercises_import(*, text, filename="", dry_run=False):
    """Create or update exercises from an exercise file. All-or-nothing. Returns
    ``[(exercise, created)]``; a dry run returns the exercises unsaved and writes nothing."""
    specs = parse_exercises(text, filename)
    if dry_run:
        known = set(Exercise.objects.filter(slug__in=[s.slug for s in specs]).values_list("slug", flat=True))
        return [(Exercise(slug=spec.slug, title=spec.title), spec.slug not in known) for spec in specs]
    results = []
    with transaction.atomic():
        for spec in specs:
            exercise, created = Exercise.objects.update_or_create(
                slug=spec.slug,
                defaults={
                    "title": spec.title, "duration_minutes": spec.duration_minutes,
                    "objectives": spec.objectives, "instructions": spec.instructions,
                    "checklist": spec.checklist,
                },
            )
            results.append((exercise, created))
        steps_relink("exercise")
    return results


def steps_relink(noun):
    """Link every unlinked step that names a ``noun`` ("document", "exercise" or "quiz") which
    has been imported since: after each import of that kind. Returns how many were linked."""
    kinds = [kind for kind, named in linking.NOUNS.items() if named == noun]
    steps = list(Step.objects.filter(linked=False, kind__in=kinds).select_related("track"))
    if not steps:
        return 0
    candidates = linking.rows_to_candidates(noun, linking.MODELS[noun].objects.all())
    linked = 0
    for step in steps:
        slug = linking.resolve(step, candidates).slug
        if not slug:
            continue
        _set_target(step, slug, Exercise.objects.get(slug=slug) if noun == "exercise" else None)
        step.full_clean()
        step.save(update_fields=["ref", "exercise", "linked"])
        linked += 1
    return linked
