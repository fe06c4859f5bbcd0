"""The charts of the onboarding and team report PDFs (progress over time, shadow hours, time per
stage), on the hand-built organisation of ``world``."""

import datetime
from decimal import Decimal

import pytest

from tests.training.certification.test_certificates import pdf_text
from training.reports import charts, onboarding, rendered
from training.tracks.models import StepKind
from training.workflow.models import StepProgress

from .world import World, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def tips(chart):
    return [shape["tip"] for shape in chart.shapes if shape.get("tip") and shape["kind"] != "text"]


def test_an_engineers_charts_follow_their_steps_and_shifts(world):
    progress, shadow, stages = charts.engineer_charts(onboarding.engineer_report(world.e2))
    # Abe started on 12 Jan: read on the 12th and the exercise on the 16th (week 1), shadowing done on 31 Jan (week 3).
    assert tips(progress) == ["Week 1 · steps done: 2", "Week 2 · steps done: 2", "Week 3 · steps done: 3"]
    assert shadow.empty  # Abe has no shift
    # Week 1: 12 Jan 10:00 to 16 Jan 10:00; week 2: 20 Jan to 31 Jan; each against the week planned.
    assert [tip for tip in tips(stages) if "days" in tip] == ["Week 1: Foundations · days: 4 d",
                                                             "Week 2: Shadowing · days: 11 d"]
    ann_shadow = charts.engineer_charts(onboarding.engineer_report(world.e1))[1]
    assert tips(ann_shadow) == ["8 Jan · confirmed hours: 4 h"]  # the shift still waiting is not counted


def test_a_teams_chart_data_is_read_for_every_enrollment_at_once(world, django_assert_num_queries):
    ids = [world.e1.pk, world.e2.pk, world.e5.pk]
    with django_assert_num_queries(4):
        data = charts.team_chart_data(ids)
    assert data[world.e1.pk] == {
        "done": [datetime.date(2026, 1, 5), datetime.date(2026, 1, 7), datetime.date(2026, 1, 9)],
        "shadow": [Decimal("4"), Decimal("4")],  # confirmed (not the 1 h waiting for the host), required
        "stages": [["Week 1: Foundations", 2.0], ["Week 2: Shadowing", 1.0]],
    }
    assert data[world.e5.pk]["stages"] == [["Week 1: Basics", 0.1]] and data[world.e5.pk]["shadow"] == [0, 0]


def test_the_team_reports_charts(world):
    rows = onboarding.team_rows(onboarding.team_enrollments(team=world.team_a, user=world.mona))
    progress, shadow, stages = charts.team_charts(rows)
    # Steps done per week ending 11 Jan, 18 Jan, 25 Jan, 1 Feb, 8 Feb: Ann 3 (5-9 Jan); Abe 2 (12, 16 Jan)
    # and 1 (31 Jan); Ann's Beta step on 3 Feb.
    assert tips(progress) == ["11 Jan · steps done: 3", "18 Jan · steps done: 2", "25 Jan · steps done: 0",
                              "1 Feb · steps done: 1", "8 Feb · steps done: 1"]
    assert "Ann One · Alpha track · confirmed: 4 h" in tips(shadow)
    assert any(tip.startswith("Alpha track · Week 1: Foundations: median 3 d") for tip in tips(stages))


def test_a_change_only_a_chart_shows_makes_a_new_team_report(world):
    team_rows = onboarding.team_rows(onboarding.team_enrollments(team=world.team_a, user=world.mona))
    before = rendered.team_report_snapshot(world.team_a, team_rows).data_hash
    StepProgress.objects.filter(enrollment=world.e2, step__kind=StepKind.EXERCISE).update(completed_at=at(1, 17))
    team_rows = onboarding.team_rows(onboarding.team_enrollments(team=world.team_a, user=world.mona))
    assert rendered.team_report_snapshot(world.team_a, team_rows).data_hash != before


def test_the_pdfs_draw_the_charts(world):
    text = " ".join(pdf_text(onboarding.engineer_report_pdf(onboarding.engineer_report(world.e2))).split())
    assert "Required steps done, week by week" in text and "Days per stage" in text and "Week 3" in text
    rows = onboarding.team_rows(onboarding.team_enrollments(team=world.team_a, user=world.mona))
    text = " ".join(pdf_text(onboarding.team_report_pdf(team=world.team_a, rows=rows)).split())
    assert "Shadow hours per engineer" in text and "Ann One · Alpha track" in text
