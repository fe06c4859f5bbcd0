"""Each figure of the metrics page, computed by hand for the small organisation of ``world``."""

import datetime
from decimal import Decimal

import pytest

from assessments.models import Attempt, AttemptStatus, Question, Quiz, Response
from assessments.selectors import item_statistics
from training.metrics import coverage, progress, reviews
from training.metrics.scope import Scope

from .world import NOW, World, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def scope_of(world, user=None, **filters):
    return Scope.build(user or world.admin, today=datetime.date(2026, 6, 1), **filters)


def test_time_to_ready_per_start_month_track_and_team(world):
    # Team A on Alpha in January: Ann 10 days (5 -> 15 Jan), Abe 20 days (12 Jan -> 1 Feb).
    assert progress.time_to_ready(scope_of(world)).rows == [
        ["2026-01", "Alpha track", "Team A", 2, 15.0, 12.5, 17.5, 10, 20],
        ["2026-01", "Alpha track", "Team B", 1, 6, 6, 6, 6, 6],
        ["2026-02", "Beta track", "Team A", 1, 7, 7, 7, 7, 7],
    ]


def test_time_per_stage_against_the_plan_and_the_estimate(world):
    # Alpha Week 1: 2, 4 and 1 days; Week 2: 1, 11 and 1 days; Beta: 2 hours (0.08 days).
    # Estimates: the runbook's 90 minutes and the exercise's 30; the shadowing step's 4 hours.
    assert progress.stage_time(scope_of(world)).rows == [
        ["Alpha track", 1, "Week 1: Foundations", 3, 2.0, 1.5, 3.0, 7, 2.0],
        ["Alpha track", 2, "Week 2: Shadowing", 3, 1.0, 1.0, 6.0, 7, 4.0],
        ["Beta track", 1, "Week 1: Basics", 1, 0.1, 0.1, 0.1, 7, 0],
    ]


def test_stalls_split_between_the_engineer_and_the_reviewer(world):
    # Exercise: Ann 24 + 16 h hers, 6 + 2 h the mentor's; Abe 72 h his, 24 h the manager's.
    # Shadowing: Ann's shift 24 h with the host; Ben's two shifts waited from 10:00 to 10:00 the next day.
    # Beta: Ben's open step 24 h up to now; Ann's 2 h. Reading: 2 h and 1 h.
    titles = {s.kind: s.title for s in world.alpha.steps.all()}
    assert progress.stalls(scope_of(world), now=NOW).rows == [
        ["Alpha track", titles["exercise"], 2, 56.0, 16.0, 72.0],
        ["Alpha track", titles["shadow"], 2, 0, 24.0, 24.0],
        ["Beta track", "Confirm your laptop works", 2, 13.0, 0, 13.0],
        ["Alpha track", titles["read"], 2, 1.5, 0, 1.5],
    ]


def test_reviewer_turnaround(world):
    # Mona: 24 h. Hal the host: Ann's shift 24 h, Ben's 12 h (10:00 -> 22:00) and 23 h (11:00 -> 10:00).
    # Mia the mentor: 6 and 2 h on exercise logs, 3 h grading Ben's answers. The slowest first.
    assert reviews.reviewer_turnaround(scope_of(world)).rows == [
        ["Mona Alder", 1, 1, 0, 0, 24.0, 24.0, 24.0],
        ["Hal Host", 3, 0, 3, 0, 23.0, 23.5, 24.0],
        ["Mia Mentor", 3, 2, 0, 1, 3.0, 4.5, 6.0],
    ]


def test_quiz_pass_rates_and_flagged_questions(world):
    rates, flagged = reviews.quiz_results(scope_of(world))
    # Five graded attempts, three passed; three first attempts, two passed.
    assert rates.rows == [["Week 1 check", 3, 5, 3, 60.0, 3, 66.7]]
    # Question 1: everyone right. Question 2: right in the 3 passes of 5; its rest of the quiz
    # (question 1) never varies, so it separates nobody.
    q1, q2 = world.questions
    assert flagged.rows == [
        ["Week 1 check", q1.name, 5, 100.0, None, "Almost everyone gets it right"],
        ["Week 1 check", q2.name, 5, 60.0, None, "Separates strong and weak engineers poorly"],
    ]


def test_shadow_hours_per_engineer_against_the_requirement(world):
    # Each Alpha enrollment requires 4 h; Beta none. The furthest from the requirement first.
    assert coverage.shadow_hours(scope_of(world)).rows == [
        ["Abe Two", "Team A", 0, 0, 0, 4.0],
        ["Ben One", "Team B", 3.0, 0, 1.0, 4.0],
        ["Ann One", "Team A", 4.0, 1.0, 0, 4.0],
    ]


def test_certification_coverage_month_by_month(world):
    scope = scope_of(world, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 4, 30))
    # Ann's Alpha certificate: valid in January, due in February (window from 13 Feb), expired
    # from 16 Mar. Her Beta one: valid in February, revoked on 10 Mar. Ben's: valid throughout.
    assert coverage.coverage(scope).rows == [
        ["Team A", "2026-01-31", 1, 0, 0], ["Team A", "2026-02-28", 1, 1, 0],
        ["Team A", "2026-03-31", 0, 0, 1], ["Team A", "2026-04-30", 0, 0, 1],
        ["Team B", "2026-01-31", 1, 0, 0], ["Team B", "2026-02-28", 1, 0, 0],
        ["Team B", "2026-03-31", 1, 0, 0], ["Team B", "2026-04-30", 1, 0, 0],
    ]


def test_estimates_against_actuals(world):
    # Alpha, over Ann, Abe and Ben (ready): reading 2, 1 and 0 h; exercises 40, 72 and 0 h;
    # confirmed shadowing 4, 0 and 3 h. Beta: no reading, exercise or shadowing step.
    rows = progress.estimates(scope_of(world), now=NOW).rows
    assert rows[:3] == [
        ["Alpha track", "Learning (reading)", 3, 1.5, 1.0, 0.5, 1.5],
        ["Alpha track", "Practice (exercises)", 3, 0.5, 40.0, 20.0, 56.0],
        ["Alpha track", "Shadowing", 3, 4.0, 3.0, 1.5, 3.5],
    ]
    assert [row[:4] for row in rows[3:]] == [["Beta track", "Learning (reading)", 1, 0],
                                            ["Beta track", "Practice (exercises)", 1, 0],
                                            ["Beta track", "Shadowing", 1, 0]]


def test_a_manager_counts_only_their_teams(world):
    scope = scope_of(world, world.max)
    assert scope.teams == {world.team_b.pk: "Team B"}
    assert progress.time_to_ready(scope).rows == [["2026-01", "Alpha track", "Team B", 1, 6, 6, 6, 6, 6]]
    assert [row[0] for row in coverage.shadow_hours(scope).rows] == ["Ben One"]
    assert reviews.quiz_results(scope)[0].rows == [["Week 1 check", 1, 1, 1, 100.0, 1, 100.0]]
    # Only the decisions on Ben's work: the host's two shifts, the mentor's grading.
    assert [row[:5] for row in reviews.reviewer_turnaround(scope).rows] == [
        ["Hal Host", 2, 0, 2, 0], ["Mia Mentor", 1, 0, 0, 1]]


def test_filters_by_team_track_and_dates(world):
    assert [row[:3] for row in progress.time_to_ready(scope_of(world, team=world.team_a)).rows] == [
        ["2026-01", "Alpha track", "Team A"], ["2026-02", "Beta track", "Team A"]]
    assert [row[:3] for row in progress.time_to_ready(scope_of(world, track_slug="beta")).rows] == [
        ["2026-02", "Beta track", "Team A"]]
    # Started from 15 Jan: Ben on Alpha and Ann on Beta.
    dated = scope_of(world, start=datetime.date(2026, 1, 15), end=datetime.date(2026, 2, 28))
    assert [row[:3] for row in progress.time_to_ready(dated).rows] == [
        ["2026-01", "Alpha track", "Team B"], ["2026-02", "Beta track", "Team A"]]
    # Decisions in the range: Mona's (16 Jan), the host's on Ben's shifts, the mentor's grading (1 Feb).
    assert [row[:2] for row in reviews.reviewer_turnaround(dated).rows] == [
        ["Mona Alder", 1], ["Hal Host", 2], ["Mia Mentor", 1]]
    # A track without quizzes has no pass rates.
    assert reviews.quiz_results(scope_of(world, track_slug="beta"))[0].rows == []


def test_flagged_questions_carry_the_item_statistics_of_the_quiz_page(world):
    # A second quiz with partial credit and questions worth different points, whose figures vary:
    # the metrics flag the questions the quiz's item statistics flag, with the same facility and
    # discrimination (the metrics add them up in the database, the quiz page in Python).
    quiz = Quiz.objects.create(slug="week-2", title="Week 2 check")
    questions = [Question.objects.create(bank=world.questions[0].bank, name=f"W2 Q{i}", kind="single", text="?")
                 for i in (1, 2, 3)]
    worth = [Decimal("1"), Decimal("2"), Decimal("1")]
    for number, (user, points) in enumerate([
            (world.ann, ["1", "0.5", "0"]), (world.abe, ["1", "2", "0"]), (world.ben, ["0", "1.5", "1"]),
            (world.ann, ["1", "0", "0"]), (world.abe, ["0.25", "2", "1"]), (world.ben, ["1", "1", "0"])], start=1):
        attempt = Attempt.objects.create(user=user, quiz=quiz, number=number, status=AttemptStatus.GRADED,
                                         submitted_at=at(1, 20 + number), passed=True, max_points=4,
                                         score_percent=50)
        for position, (question, out_of, won) in enumerate(zip(questions, worth, points, strict=True)):
            Response.objects.create(attempt=attempt, question=question, position=position, max_points=out_of,
                                    points=Decimal(won))
    expected = [["Week 2 check", item["question"].name, item["presented"], round(100 * item["facility"], 1),
                 None if item["discrimination"] is None else round(item["discrimination"], 2), item["flag"]]
                for item in item_statistics(quiz=quiz) if item["flag"]]
    _rates, flagged = reviews.quiz_results(scope_of(world))
    assert [row for row in flagged.rows if row[0] == "Week 2 check"] == expected
    # Question 1: the weaker attempts score it; question 3 separates nobody (r is 0); question 2
    # separates them well and is not flagged.
    assert expected == [
        ["Week 2 check", "W2 Q1", 6, 70.8, -0.78, "Weak engineers do better than strong ones: check the key"],
        ["Week 2 check", "W2 Q3", 6, 33.3, 0.0, "Separates strong and weak engineers poorly"],
    ]
