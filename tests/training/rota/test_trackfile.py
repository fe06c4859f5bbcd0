"""The countdown in a track file: ``{before_first_shift: 3d}`` read, refused with its line when
wrong, written back by the export, and never part of the training before the sign-off."""

import datetime

import pytest

from tests.training.factories import SIMPLE_TRACK, Org, simple_track
from tests.training.rota.world import COUNTDOWN_TRACK, walk
from training.checkins import selectors as checkins
from training.tracks.models import Step, StepKind
from training.tracks.trackfile import TrackFileError, parse_track, render_track, spec_from_track
from training.workflow.models import EnrollmentStatus

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)

HEAD = "---\nname: T\nslug: t\n---\n## Week 1\n- [ ] Confirm your pager works\n"


def errors_of(text):
    with pytest.raises(TrackFileError) as refused:
        parse_track(text, "t.md")
    return str(refused.value)


def test_the_countdown_steps_are_read_with_their_time_before_the_first_shift():
    spec = parse_track(HEAD + "\n## Before your first shift\n"
                       "- [ ] Read the on-call procedures {before_first_shift: 7d}\n"
                       "- [ ] Check the pager {before_first_shift: 12h}\n"
                       "- [ ] Read ON_CALL.md again {before_first_shift: morning}\n"
                       "- [ ] Breathe {before_first_shift: 0d}\n")
    countdown = spec.stages[1].steps
    assert [s.before_first_shift for s in countdown] == [7 * DAY, datetime.timedelta(hours=12), 0 * DAY, 0 * DAY]
    # A checklist item the engineer ticks, whatever its words say, and never required for the sign-off.
    assert {s.kind for s in countdown} == {StepKind.CHECKLIST} and not any(s.required for s in countdown)
    assert spec.stages[0].steps[0].before_first_shift is None and spec.stages[0].steps[0].required


@pytest.mark.parametrize(("lines", "problem"), [
    ("## Before\n- [ ] Sleep {before_first_shift: soon}\n",
     "t.md:9: before_first_shift must be a time before the first shift such as 7d, 3d, 1d, 12h or morning, not 'soon'"),
    ("## Before\n- [ ] Sleep {before_first_shift: 90d}\n", "t.md:9: before_first_shift is at most 60 days, not '90d'"),
    ("## Before\n- [ ] Quiz: Sleep {before_first_shift: 1d, kind: quiz}\n",
     "t.md:9: a step before the first shift is a checklist item: leave out its kind"),
    ("## Mixed\n- [ ] Sleep {before_first_shift: 1d}\n- [ ] Manager sign-off\n",
     "t.md:9: stage 'Mixed' mixes steps before the first shift with training steps: give them a stage of their own"),
    ("## Before\n- [ ] Sleep {before_first_shift: 1d}\n## Week 2\n- [ ] Manager sign-off\n",
     "t.md:8: stage 'Before' (before the first shift) must be the last stage"),
])
def test_a_wrong_countdown_refuses_the_file_with_its_line(lines, problem):
    assert problem in errors_of(HEAD + "\n" + lines)


def test_the_export_writes_the_countdown_back_and_imports_unchanged():
    track = simple_track(text=COUNTDOWN_TRACK)
    text = render_track(spec_from_track(track))
    assert "- [ ] Work through the on-call procedures {before_first_shift: 7d}" in text
    assert "- [ ] Read the emergency section of the runbooks {before_first_shift: morning}" in text
    assert "optional" not in text and "kind:" not in text
    assert parse_track(text) == spec_from_track(track)


def test_the_countdown_is_not_part_of_the_training_nor_its_weeks():
    org = Org(track=simple_track(text=COUNTDOWN_TRACK))
    assert Step.objects.filter(track=org.track, before_first_shift__isnull=False).count() == 4
    # No progress for them: the progress bar, the next step and the sign-off count only the training.
    assert org.enrollment.progress.count() == 4 and org.enrollment.steps_total == 4
    assert [s.order for s in checkins.stages_of(org.enrollment)] == [1, 2]  # two weeks to meet about, not three
    assert checkins.weeks_of_tracks([org.track.pk]) == {org.track.pk: 2}
    walk(org, org.engineer, org.enrollment)
    assert org.enrollment.status == EnrollmentStatus.READY and org.enrollment.percent == 100


def test_a_track_without_countdown_is_as_before():
    assert "before_first_shift" not in render_track(spec_from_track(simple_track(text=SIMPLE_TRACK)))
