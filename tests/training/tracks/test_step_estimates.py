"""A step's time estimate in the track file (``{minutes: 90}``): read, refused with its line when
it is not a number of minutes, stored, written back on export, and added up per track."""

from decimal import Decimal

import pytest

from training.tracks import services
from training.tracks.estimates import duration, track_estimate
from training.tracks.trackfile import TrackFileError, parse_track, render_track, spec_from_track

TRACK = """---
name: Seed fast track
slug: seed-fast
hours: 4-5
---
## Week 1
- [ ] Read the architecture guide {minutes: 90}
- [ ] Read OPERATIONAL_RUNBOOKS.md sections 1-4 {minutes: 90}
- [ ] Practise scenarios with your mentor {minutes: 45}
- [ ] Review past incidents {optional: true, minutes: 60}
- [ ] Shadow on-call {hours: 4}
- [ ] Manager sign-off
"""


def test_minutes_are_read_and_written_back():
    spec = parse_track(TRACK)
    assert [s.minutes for s in spec.stages[0].steps] == [90, 90, 45, 60, None, None]
    text = render_track(spec)
    assert "{minutes: 90}" in text and "{minutes: 60, optional: true}" in text
    assert parse_track(text) == spec


@pytest.mark.parametrize("value", ["1.5h", "0", "-30", "true", "90.5", "6001"])
def test_minutes_that_are_not_a_whole_number_of_minutes_are_refused_with_their_line(value):
    text = TRACK.replace("Practise scenarios with your mentor {minutes: 45}",
                         f"Practise scenarios with your mentor {{minutes: {value}}}")
    with pytest.raises(TrackFileError) as caught:
        parse_track(text)
    [(line, message)] = caught.value.errors
    assert line == 9 and message.startswith("minutes must be a whole number of minutes between 1 and 6000")
    assert "{minutes: 90}" in message


@pytest.mark.django_db
def test_the_estimate_is_stored_exported_and_a_change_makes_a_new_version():
    result = services.track_file_import(text=TRACK)
    track = result.track
    assert [s.estimate_minutes for s in track.steps.order_by("order")] == [90, 90, 45, 60, None, None]
    exported = render_track(spec_from_track(track))
    assert services.track_file_import(text=exported).outcome == "unchanged"
    changed = services.track_file_import(text=TRACK.replace("{minutes: 45}", "{minutes: 30}"))
    assert changed.outcome == "new version"
    assert changed.track.steps.get(title__startswith="Practise").estimate_minutes == 30
    assert track.steps.get(title__startswith="Practise").estimate_minutes == 45  # the old version keeps its own

    # The track's estimate: its required steps' minutes (not the optional review), and the shadow hours apart.
    estimate = track_estimate(changed.track.steps.all())
    assert (estimate.minutes, estimate.shadow_hours, estimate.unestimated) == (210, Decimal("4.0"), 0)
    assert duration(estimate.minutes) == "3 h 30 min"


def test_durations_read_as_people_say_them():
    assert [duration(m) for m in (None, 15, 60, 90, 1005)] == ["", "15 min", "1 h", "1 h 30 min", "16 h 45 min"]
