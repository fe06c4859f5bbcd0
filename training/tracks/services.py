"""Every state change of tracks and exercises: importing their files. All or nothing."""

from django.db import transaction

from assessments.models import Quiz
from content.models import Document

from .exercisefile import parse_exercises
from .models import Exercise, Stage, Step, StepKind, Track
from .trackfile import TrackFileError, parse_track, recertification_fields, spec_from_track


def _check_references(spec, errors):
    wanted = {StepKind.READ: set(), StepKind.EXERCISE: set(), "quiz": set()}
    for stage in spec.stages:
        for step in stage.steps:
            if step.kind == StepKind.READ:
                wanted[StepKind.READ].add(step.ref)
            elif step.kind == StepKind.EXERCISE:
                wanted[StepKind.EXERCISE].add(step.ref)
            elif step.kind in (StepKind.QUIZ, StepKind.VALIDATION):
                wanted["quiz"].add(step.ref)
    def existing(model, slugs):
        return set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))

    found = {
        StepKind.READ: existing(Document, wanted[StepKind.READ]),
        StepKind.EXERCISE: existing(Exercise, wanted[StepKind.EXERCISE]),
        "quiz": existing(Quiz, wanted["quiz"]),
    }
    names = {StepKind.READ: "document", StepKind.EXERCISE: "exercise", "quiz": "quiz"}
    for stage in spec.stages:
        for step in stage.steps:
            group = "quiz" if step.kind in (StepKind.QUIZ, StepKind.VALIDATION) else step.kind
            if group in found and step.ref and step.ref not in found[group]:
                errors.append((step.line, f"no {names[group]} with the slug '{step.ref}'"))


def track_import(*, text, filename="", dry_run=False):
    """Import a track file. Returns ``(track, outcome)`` with outcome "created", "new version" or
    "unchanged". A changed file makes a new version; running enrollments keep theirs.
    All-or-nothing: raises ``TrackFileError`` (with line numbers) and writes nothing."""
    spec = parse_track(text, filename)
    errors = []
    _check_references(spec, errors)
    if errors:
        raise TrackFileError(sorted(errors), filename)
    with transaction.atomic():
        current = Track.objects.select_for_update(of=("self",)).filter(slug=spec.slug, is_current=True).first()
        if current is not None and spec_from_track(current) == spec:
            return current, "unchanged"
        outcome = "created" if current is None else "new version"
        if dry_run:
            return current, outcome
        version = 1
        if current is not None:
            version = current.version + 1
            current.is_current = False
            current.save(update_fields=["is_current"])
        track = Track(
            slug=spec.slug, version=version, name=spec.name, description=spec.description,
            audience=spec.audience, hours=spec.hours, validity_months=spec.validity_months,
            separation_of_duties=spec.separation_of_duties, readiness=spec.readiness,
            **recertification_fields(spec),
        )
        track.full_clean()
        track.save()
        exercises = {e.slug: e for e in Exercise.objects.all()}
        order = 0
        for stage_order, stage_spec in enumerate(spec.stages, start=1):
            stage = Stage.objects.create(
                track=track, order=stage_order, title=stage_spec.title[:200],
                description=stage_spec.description,
            )
            steps = []
            for step_spec in stage_spec.steps:
                order += 1
                exercise = exercises.get(step_spec.ref) if step_spec.kind == StepKind.EXERCISE else None
                steps.append(Step(
                    track=track, stage=stage, order=order, title=step_spec.title, kind=step_spec.kind,
                    ref="" if exercise else step_spec.ref, exercise=exercise, hours=step_spec.hours,
                    lead_shifts=step_spec.lead, required=step_spec.required, source_line=step_spec.line,
                ))
            Step.objects.bulk_create(steps)
        return track, outcome


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
    return results
