"""Track files: import, errors with line numbers, versions, export round trip."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.training.factories import SIMPLE_TRACK, ExerciseFactory, Org, simple_track
from training.tracks import services as track_services
from training.tracks.exercisefile import parse_exercises, render_exercises
from training.tracks.models import Step, StepKind, Track
from training.tracks.trackfile import TrackFileError, parse_track, render_track
from training.workflow.models import Enrollment

DEMO = Path(__file__).resolve().parents[3] / "training" / "demo" / "tracks"


def test_kinds_are_inferred_from_the_first_words():
    spec = parse_track("""---
name: T
slug: t
---
## Stage
- [ ] Read the runbook {ref: runbook}
- [ ] Exercise: Do it {ref: ex}
☐ Quiz: Check {ref: q}
- [ ] Shadow the on-call engineer {hours: 2.5, lead: 1}
- [x] Scenario validation {ref: scenario}
- [ ] Manager sign-off
- [ ] Get SSH access
- [ ] Reading list review {kind: read, ref: other, optional: true}
""")
    steps = spec.stages[0].steps
    assert [s.kind for s in steps] == [
        StepKind.READ, StepKind.EXERCISE, StepKind.QUIZ, StepKind.SHADOW, StepKind.VALIDATION,
        StepKind.SIGNOFF, StepKind.CHECKLIST, StepKind.READ,
    ]
    assert str(steps[3].hours) == "2.5" and steps[3].lead == 1
    assert steps[-1].required is False


@pytest.mark.parametrize("name", ["fast", "standard", "comprehensive"])
def test_demo_track_files_render_back_to_the_same_spec(name):
    spec = parse_track((DEMO / f"{name}.md").read_text(encoding="utf-8"))
    assert parse_track(render_track(spec)) == spec


def test_exercise_file_round_trip():
    exercises = parse_exercises((DEMO / "exercises.md").read_text(encoding="utf-8"))
    assert len(exercises) == 5
    assert parse_exercises(render_exercises(exercises)) == exercises


@pytest.mark.parametrize("text, line, message", [
    ("name: no front matter\n", 1, "front matter"),
    ("---\nname: [unclosed\nslug: x\n---\n## S\n- [ ] Step\n", 3, "not valid YAML"),
    ("---\nname: T\nslug: Bad Slug\n---\n## S\n- [ ] Step\n", 3, "slug"),
    ("---\nname: T\nslug: t\ncolour: red\n---\n## S\n- [ ] Step\n", 4, "unknown front matter key 'colour'"),
    ("---\nname: T\nslug: t\n---\n## S\n- [ ] Step one\n- [ ] Step two {kind: juggling}\n", 7,
     "unknown kind 'juggling'"),
    ("---\nname: T\nslug: t\n---\n## S\n- [ ] Shadow someone\n", 6, "minimum of hours"),
    ("---\nname: T\nslug: t\n---\n- [ ] Orphan step\n## S\n- [ ] Step\n", 5, "under a '## Stage'"),
    ("---\nname: T\nslug: t\n---\n## S\n- [ ] Step {colour: red}\n", 6, "unknown attribute colour"),
])
def test_errors_name_the_line(text, line, message):
    with pytest.raises(TrackFileError) as caught:
        parse_track(text, filename="bad.md")
    assert any(number == line and message in text for number, text in caught.value.errors), caught.value.errors
    assert f"bad.md:{line}:" in caught.value.format()


@pytest.mark.django_db
def test_a_bad_file_changes_nothing_and_the_command_names_the_line(tmp_path):
    simple_track()
    before = (Track.objects.count(), Step.objects.count())
    bad = tmp_path / "bad.md"
    bad.write_text(SIMPLE_TRACK.format(exercise="practise").replace("Confirm your pager works",
                                                                    "Confirm {kind: juggling}"))
    with pytest.raises(CommandError) as caught:
        call_command("import_track", str(bad))
    assert "Nothing imported" in str(caught.value) and "bad.md:14: unknown kind 'juggling'" in str(caught.value)
    assert (Track.objects.count(), Step.objects.count()) == before


@pytest.mark.django_db
def test_an_unknown_reference_changes_nothing_when_strict(tmp_path):
    ExerciseFactory(slug="practise")
    with pytest.raises(TrackFileError) as caught:
        track_services.track_import(text=SIMPLE_TRACK.format(exercise="no-such-exercise"), strict=True)
    assert caught.value.errors == [(13, "no exercise with the slug 'no-such-exercise'")]
    assert not Track.objects.exists()


@pytest.mark.django_db
def test_a_non_utf8_file_is_refused(tmp_path):
    bad = tmp_path / "latin1.md"
    bad.write_bytes("---\nname: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_track", str(bad))


@pytest.mark.django_db
def test_a_changed_file_makes_a_new_version_and_running_enrollments_keep_theirs():
    org = Org()
    text = SIMPLE_TRACK.format(exercise="practise")
    _, outcome = track_services.track_import(text=text)
    assert outcome == "unchanged"
    changed = text.replace("Confirm your pager works", "Confirm your pager and phone work")
    _, dry = track_services.track_import(text=changed, dry_run=True)
    assert dry == "new version" and Track.objects.count() == 1
    new, outcome = track_services.track_import(text=changed)
    assert outcome == "new version" and new.version == 2 and new.is_current
    assert list(Track.objects.filter(slug="simple").order_by("version").values_list("is_current", flat=True)) == [
        False, True]
    enrollment = Enrollment.objects.get(pk=org.enrollment.pk)
    assert enrollment.track.version == 1
    assert enrollment.progress.filter(step__title="Confirm your pager works").exists()


@pytest.mark.django_db
def test_demo_tracks_export_then_import_give_the_same_track(tmp_path):
    call_command("load_demo")
    for slug in ("fast", "standard", "comprehensive"):
        track = Track.objects.get(slug=slug, is_current=True)
        out = tmp_path / f"{slug}.md"
        call_command("export_track", slug, "-o", str(out))
        imported, outcome = track_services.track_import(text=out.read_text(encoding="utf-8"))
        assert outcome == "unchanged" and imported.pk == track.pk
        assert imported.steps.count() > 5


def test_the_readme_example_is_a_valid_track_file():
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```markdown\n", 1)[1].split("```", 1)[0]
    spec = parse_track(example)
    assert spec.slug == "fast"
    assert [s.title for s in spec.stages] == ["Week 1: Foundations", "Week 2: On-call preparation"]
    shadow = spec.stages[1].steps[0]
    assert shadow.kind == StepKind.SHADOW and shadow.lead == 1


def _track_text(slug, stages, steps_per_stage):
    weeks = "".join(
        f"## Week {w}\n" + "".join(f"- [ ] Manager sign-off {w}.{n}\n" for n in range(steps_per_stage))
        for w in range(1, stages + 1)
    )
    return f"---\nname: Bulk {slug}\nslug: {slug}\n---\n{weeks}"


@pytest.mark.django_db
def test_a_track_file_is_written_in_as_many_queries_whatever_its_stages_and_steps():
    counts = []
    for slug, stages, steps in (("small", 2, 3), ("large", 12, 5)):  # one insert of steps each on SQLite
        with CaptureQueriesContext(connection) as captured:
            track = track_services.track_file_import(text=_track_text(slug, stages, steps)).track
        counts.append(len(captured.captured_queries))
        assert track.stages.count() == stages and track.steps.count() == stages * steps
        assert list(track.steps.order_by("order").values_list("stage__order", flat=True)) == sorted(
            w for w in range(1, stages + 1) for _ in range(steps))
    assert counts[0] == counts[1]
