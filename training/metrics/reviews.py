"""How reviews and quizzes go: reviewer turnaround, quiz pass rates and the questions item
statistics flag. Each function runs a fixed number of queries."""

import math
from collections import defaultdict

from django.db import connection

from assessments.models import Attempt, AttemptStatus, Question, Quiz, Response
from assessments.selectors import MIN_PRESENTED, item_flag
from training import charts
from training.tracks.models import Step, StepKind
from training.workflow.models import ExerciseLog, ShadowShift

from .progress import CHART_ROWS, _chart_note, _d
from .scope import Figure, enrollment_in, names_of, seconds


def _quiz_slugs(scope):
    """The quizzes of the track filtered (its quiz and scenario validation steps, any version)."""
    return Step.objects.filter(track__slug=scope.track_slug, kind__in=[StepKind.QUIZ, StepKind.VALIDATION]
                               ).values("ref")


def _attempts(scope):
    attempts = Attempt.objects.filter(user_id__in=scope.members())
    if scope.track_slug:
        attempts = attempts.filter(quiz__slug__in=_quiz_slugs(scope))
    return attempts


# --- Reviewer turnaround ---------------------------------------------------------------------------


def reviewer_turnaround(scope):
    """Hours from a submission to its decision, per reviewer: exercise logs verified or returned,
    shadow shifts confirmed or disputed by their host, quiz answers graded; decided in the date
    range. Four queries."""
    counted = enrollment_in("progress__enrollment", scope.enrollments(dated=False))
    decisions = defaultdict(lambda: {"hours": [], "exercise": 0, "shift": 0, "quiz": 0})
    sources = [
        ("exercise", ExerciseLog.objects.filter(counted, decided_by__isnull=False), "decided_by_id", "submitted_at",
         "decided_at"),
        ("shift", ShadowShift.objects.filter(counted), "host_id", "created_at", "decided_at"),
        ("quiz", _attempts(scope).filter(reviewed_by__isnull=False, submitted_at__isnull=False), "reviewed_by_id",
         "submitted_at", "graded_at"),
    ]
    for kind, rows, reviewer_field, submitted, decided in sources:
        for reviewer, waited in (rows.filter(**{f"{decided}__isnull": False}).filter(scope.between(decided, date=True))
                                 .order_by().values_list(reviewer_field, seconds(decided, submitted))):
            decisions[reviewer]["hours"].append(waited / 3600)
            decisions[reviewer][kind] += 1
    names = names_of(decisions)
    table = []
    for reviewer, found in decisions.items():
        stats = charts.spread([max(h, 0) for h in found["hours"]])
        table.append([names[reviewer], stats["n"], found["exercise"], found["shift"], found["quiz"],
                      _d(stats["median"]), _d(stats["q3"]), _d(stats["max"])])
    table.sort(key=lambda row: (-row[5], row[0]))
    chart = charts.hbars(
        title="Median hours from submission to decision, per reviewer",
        description="For each reviewer (mentor, manager, shadow host or grader): the median hours between a "
                    "submission and their decision, the slowest first.",
        rows=[(row[0], [row[5]]) for row in table[:CHART_ROWS]], series=["median hours to a decision"], unit=" h",
        empty="Nobody has decided on a submission counted here yet.")
    return Figure(
        "reviewer-turnaround", "Reviewer turnaround",
        "Hours from a submission to its decision, per reviewer: exercise logs verified or returned, shadow shifts "
        "confirmed or disputed by their host, scenario answers graded; decisions in the date range.",
        ["Reviewer", "Decisions", "Exercise logs", "Shadow shifts", "Quiz answers", "Median hours",
         "Quartile 3 hours", "Slowest hours"], table, [chart], _chart_note(len(table)))


# --- Quizzes ---------------------------------------------------------------------------------------




# Per quiz and question, over the responses of the attempts given (``{attempts}``): how many, and
# the sums (and least and most) of each response's share of the question's points (x) and of the
# share of the rest of its attempt's points (y), as ``assessments.selectors`` defines them. One
# pass: the attempt's totals are sums over a window of its responses.
QUESTION_SUMS = """
SELECT quiz, question, COUNT(*), SUM(x), SUM(x * x), MIN(x), MAX(x), SUM(y), SUM(y * y), MIN(y), MAX(y), SUM(x * y)
FROM (
    SELECT quiz, question, CASE WHEN out_of <> 0 THEN score / out_of ELSE 0 END AS x,
        CASE WHEN total_out_of - out_of <> 0 THEN (total_score - score) / (total_out_of - out_of) ELSE 0 END AS y
    FROM (
        SELECT attempt.quiz_id AS quiz, response.question_id AS question, {score} AS score, {out_of} AS out_of,
            SUM({score}) OVER attempt_responses AS total_score, SUM({out_of}) OVER attempt_responses AS total_out_of
        FROM {response} response JOIN {attempt} attempt ON attempt.id = response.attempt_id
        WHERE response.attempt_id IN ({{attempts}})
        WINDOW attempt_responses AS (PARTITION BY response.attempt_id)
    ) responses
) shares
GROUP BY quiz, question
""".format(score="COALESCE(CAST(response.points AS double precision), 0)",  # noqa: S608  # nosec B608
           out_of="CAST(response.max_points AS double precision)",
           response=Response._meta.db_table, attempt=Attempt._meta.db_table)  # names from the models


def _question_figures(attempts):
    """``(quiz id, question name, presented, facility, discrimination)`` of each question drawn in
    ``attempts`` (graded), as ``item_statistics_by_quiz`` computes them, but summed by the database:
    the flags need no more, and 80,000 responses read one by one cost half a second. Two queries.

    Discrimination is Pearson's r from the sums; a share that never varies (its least is its most)
    leaves it undefined, as the two-pass formula's exact zero does."""
    sql, params = attempts.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(QUESTION_SUMS.format(attempts=sql), params)  # the ORM's SQL, its parameters apart
        rows = cursor.fetchall()
    names = dict(Question.objects.filter(pk__in={row[1] for row in rows}).values_list("pk", "name")) if rows else {}
    figures = []
    for quiz, question, n, sx, sxx, lx, hx, sy, syy, ly, hy, sxy in rows:
        varies = n >= 2 and lx != hx and ly != hy
        spread_x, spread_y = sxx - sx * sx / n, syy - sy * sy / n
        discrimination = ((sxy - sx * sy / n) / math.sqrt(spread_x * spread_y)
                          if varies and spread_x > 0 and spread_y > 0 else None)
        figures.append((quiz, names[question], n, sx / n, discrimination))
    return figures


def quiz_results(scope):
    """Pass rates per quiz over the graded attempts submitted in the date range, and the questions
    item statistics flag over the same attempts. Four queries."""
    attempts = _attempts(scope).filter(status=AttemptStatus.GRADED).filter(scope.between("submitted_at", date=True))
    per_quiz = defaultdict(lambda: {"attempts": 0, "passed": 0, "first": 0, "first_passed": 0, "engineers": set()})
    for quiz, number, passed, user in attempts.values_list("quiz_id", "number", "passed", "user_id"):
        found = per_quiz[quiz]
        found["attempts"] += 1
        found["passed"] += bool(passed)
        found["engineers"].add(user)
        if number == 1:
            found["first"] += 1
            found["first_passed"] += bool(passed)
    titles = dict(Quiz.objects.filter(pk__in=list(per_quiz)).values_list("pk", "title")) if per_quiz else {}

    def rate(passed, total):
        return round(100 * passed / total, 1) if total else None

    table = sorted(
        ([titles[quiz], len(found["engineers"]), found["attempts"], found["passed"],
          rate(found["passed"], found["attempts"]), found["first"], rate(found["first_passed"], found["first"])]
         for quiz, found in per_quiz.items()), key=lambda row: (row[4], row[0]))
    rates = Figure(
        "quiz-pass-rates", "Quiz pass rates",
        "Graded attempts submitted in the date range, per quiz: the share that passed, and the share of first "
        "attempts that passed.",
        ["Quiz", "Engineers", "Attempts", "Passed", "Pass rate %", "First attempts", "First-attempt pass rate %"],
        table, [charts.hbars(
            title="Pass rate per quiz (%)", description="For each quiz: the share of graded attempts that passed, "
                                                       "and of first attempts that passed, the lowest first.",
            rows=[(row[0], [row[4], row[6]]) for row in table[:CHART_ROWS]], series=["all attempts", "first attempts"],
            unit="%", maximum=100, stacked=False, empty="No attempt counted here is graded yet.")],
        _chart_note(len(table)))

    flagged = []
    for quiz, question, presented, facility, discrimination in _question_figures(attempts):
        flag = item_flag(facility, discrimination, presented)
        if flag and presented >= MIN_PRESENTED:
            flagged.append([titles[quiz], question, presented,
                            round(100 * facility, 1) if facility is not None else None,
                            round(discrimination, 2) if discrimination is not None else None, flag])
    flagged.sort(key=lambda row: (row[0], row[1]))
    questions = Figure(
        "flagged-questions", "Questions to look at",
        f"The questions item statistics flag over the same attempts (drawn at least {MIN_PRESENTED} times): "
        "facility is the share of the marks won; discrimination how well the question separates the engineers "
        "who do well on the rest of the quiz from those who do not.",
        ["Quiz", "Question", "Attempts", "Facility %", "Discrimination", "Why"], flagged,
        [charts.hbars(
            title="Facility of the flagged questions (%)",
            description="For each flagged question: the share of its marks the engineers won.",
            rows=[(f"{row[0]} · {row[1]}", [row[3]]) for row in flagged[:CHART_ROWS]], series=["facility"],
            unit="%", maximum=100, empty="No question is flagged.")],
        _chart_note(len(flagged)))
    return rates, questions
