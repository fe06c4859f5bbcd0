"""Readiness levels in the track file: declared in the front matter by the stage they end, checked
against the track's stages with the line of each mistake, written back by the export, and kept
per track version."""

import pytest
from django.core.management import call_command

from training.levels import selectors
from training.tracks import services as track_services
from training.tracks.models import Track
from training.tracks.trackfile import TrackFileError, parse_track, render_track

from .conftest import LEVELS_TRACK, levels_track

BODY = "---\n## Week 1: Foundations\n- [ ] Step one\n\n## Week 2: Incidents\n- [ ] Step two\n"


def track_with(levels):
    return f"---\nname: T\nslug: t\nlevels:\n{levels}{BODY}"


def errors_of(text):
    with pytest.raises(TrackFileError) as caught:
        parse_track(text, filename="t.md")
    return caught.value.errors


def test_a_stage_is_named_by_its_title_or_the_words_before_its_colon():
    spec = parse_track(track_with("  Week 1: [Support rota]\n  \"Week 2: Incidents\": [Escalation backup, Pager]\n"))
    assert spec.levels == [{"stage": "Week 1", "levels": ["Support rota"]},
                           {"stage": "Week 2: Incidents", "levels": ["Escalation backup", "Pager"]}]


def test_the_export_writes_the_levels_back_and_they_read_the_same():
    spec = parse_track(LEVELS_TRACK)
    rendered = render_track(spec)
    assert "levels:\n  Week 1:\n  - Support rota\n  Week 2:\n  - Escalation backup\n" in rendered
    assert parse_track(rendered) == spec


@pytest.mark.parametrize("levels, line, message", [
    ("  Week 3: [Pager]\n", 5, "levels: 'Week 3' names no stage of the track (its stages: Week 1: Foundations, "
                               "Week 2: Incidents)"),
    ("  Week 1: [Support rota]\n  Week 9: [Pager]\n", 6, "levels: 'Week 9' names no stage"),
    ("  Week 1: [Support rota]\n  Week 1: Foundations: [Pager]\n", 6, "not valid YAML"),
    ("  Week 1: [Support rota]\n  \"Week 1: Foundations\": [Pager]\n", 6, "name the same stage"),
    ("  Week 1: [Support rota]\n  Week 2: [support  rota]\n", 6, "level 'support rota' is declared twice"),
    ("  Week 2: [Ready for on-call]\n", 5, "only the final sign-off makes someone ready for on-call"),
    ("  Week 2: []\n", 5, "must be a list of names"),
    ("  - Support rota\n", 4, "levels must map a stage to the levels reached at its end"),
])
def test_a_mistake_is_refused_with_its_line(levels, line, message):
    errors = errors_of(track_with(levels))
    assert any(number == line and message in text for number, text in errors), errors


def test_the_line_is_the_keys_own_not_one_that_starts_alike():
    text = ("---\nname: T\nslug: t\nlevels:\n  Week 10: [Pager]\n  Week 1: [Support rota]\n---\n"
            "## Week 10: A\n- [ ] a\n")
    assert errors_of(text) == [(6, "levels: 'Week 1' names no stage of the track (its stages: Week 10: A)")]


def test_a_key_naming_two_stages_asks_for_the_whole_title():
    text = "---\nname: T\nslug: t\nlevels:\n  Week 1: [Pager]\n---\n## Week 1: A\n- [ ] a\n## Week 1: B\n- [ ] b\n"
    assert errors_of(text) == [(5, "levels: 'Week 1' names several stages: write the stage's whole title")]


@pytest.mark.django_db
def test_each_track_version_keeps_its_own_levels(tmp_path):
    first = levels_track()
    second = levels_track(LEVELS_TRACK.replace("Week 2: Escalation backup", "Week 2: [Escalation backup, Pager]"))
    assert second.version == 2
    first.refresh_from_db()
    stages = list(first.stages.all())
    assert [lv.name for lv in selectors.declared(first, stages)] == ["Support rota", "Escalation backup"]
    assert [(lv.name, lv.stage.order) for lv in selectors.declared(second, second.stages.all())] == [
        ("Support rota", 1), ("Escalation backup", 2), ("Pager", 2)]
    out = tmp_path / "levels.md"
    call_command("export_track", "levels", "-o", str(out))
    assert track_services.track_import(text=out.read_text(encoding="utf-8"))[1] == "unchanged"
    assert Track.objects.filter(slug="levels").count() == 2
