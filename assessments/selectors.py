"""Reads: QuerySets with their joins applied, and the contract other apps use
(``best_attempt``, ``has_passed``, ``attempts_for``)."""

import math
from collections import defaultdict

from django.db.models import (
    Case,
    Count,
    Exists,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from .models import (
    Attempt,
    AttemptStatus,
    Choice,
    FeedbackMode,
    Question,
    Quiz,
    QuizDraw,
    QuizQuestion,
    Response,
    SelectionMode,
)


def _quiz(quiz):
    """Accept a Quiz or its slug, so callers holding only a slug need no extra lookup code."""
    return quiz if isinstance(quiz, Quiz) else Quiz.objects.get(slug=quiz)


def attempts_for(*, user, quiz):
    """The engineer's attempts at ``quiz``, first attempt first."""
    return Attempt.objects.filter(user=user, quiz=_quiz(quiz)).select_related("quiz").order_by("number")


def best_attempt(*, user, quiz):
    """The engineer's best graded attempt (a pass beats a fail, then the higher score), or None."""
    return (
        Attempt.objects.filter(user=user, quiz=_quiz(quiz), status=AttemptStatus.GRADED)
        .select_related("quiz")
        .order_by("-passed", "-score_percent", "submitted_at", "pk")
        .first()
    )


def has_passed(*, user, quiz):
    return Attempt.objects.filter(user=user, quiz=_quiz(quiz), status=AttemptStatus.GRADED, passed=True).exists()


def attempts_left(quiz, used):
    """How many more attempts the quiz allows (None: unlimited)."""
    if quiz.max_attempts is None:
        return None
    return max(0, quiz.max_attempts - used)


def _question_count():
    fixed = (
        QuizQuestion.objects.filter(quiz=OuterRef("pk")).order_by().values("quiz")
        .annotate(n=Count("pk")).values("n")
    )
    drawn = (
        QuizDraw.objects.filter(quiz=OuterRef("pk")).order_by().values("quiz")
        .annotate(n=Sum("count")).values("n")
    )
    return Case(
        When(selection=SelectionMode.RANDOM, then=Coalesce(Subquery(drawn), Value(0))),
        default=Coalesce(Subquery(fixed), Value(0)),
        output_field=IntegerField(),
    )


def quizzes_for(*, user, include_unpublished=False):
    """Quizzes with their question count and the user's attempts, best score and pass flag."""
    mine = Attempt.objects.filter(quiz=OuterRef("pk"), user=user).order_by()
    graded = mine.filter(status=AttemptStatus.GRADED)
    queryset = Quiz.objects.all() if include_unpublished else Quiz.objects.published()
    return queryset.annotate(
        question_count=_question_count(),
        my_attempt_count=Coalesce(
            Subquery(mine.values("quiz").annotate(n=Count("pk")).values("n")), Value(0)
        ),
        my_best_percent=Subquery(graded.values("quiz").annotate(m=Max("score_percent")).values("m")),
        my_passed=Exists(graded.filter(passed=True)),
    ).order_by("title")


def quiz_detail(*, user, slug, include_unpublished=False):
    return quizzes_for(user=user, include_unpublished=include_unpublished).get(slug=slug)


def _responses_with_questions():
    return Prefetch(
        "responses",
        queryset=Response.objects.select_related("question").prefetch_related(
            Prefetch("question__choices", queryset=Choice.objects.order_by("position", "pk")),
            "question__criteria",
            "criterion_scores",
        ).order_by("position"),
    )


def attempt_with_responses(queryset):
    """Attempts with quiz, user, responses, their questions, choices, criteria and scores."""
    return queryset.select_related("quiz", "user", "reviewed_by").prefetch_related(_responses_with_questions())


def sitting(queryset):
    """Attempts with what the sitting page needs: responses, their questions and choices."""
    return queryset.select_related("quiz").prefetch_related(Prefetch(
        "responses",
        queryset=Response.objects.select_related("question").prefetch_related(
            Prefetch("question__choices", queryset=Choice.objects.order_by("position", "pk")),
        ).order_by("position"),
    ))


def answered_count(attempt):
    """``(answered, total)`` questions of a sitting: what the quiz's bar shows, kept current as
    each answer saves (one query, the answers only)."""
    answers = list(attempt.responses.values_list("selected", "text"))
    return sum(1 for selected, text in answers if selected or text.strip()), len(answers)


def feedback_visible(attempt, *, passed_quiz):
    """May the engineer see per-question feedback and the correct answers for this attempt?"""
    if attempt.status != AttemptStatus.GRADED:
        return False
    mode = attempt.quiz.feedback_mode
    if mode == FeedbackMode.AFTER_ATTEMPT:
        return True
    if mode == FeedbackMode.AFTER_PASS:
        return passed_quiz
    return False


def review_queue(*, reviewer):
    """Attempts waiting for ``reviewer`` to score their scenario answers, oldest first."""
    return (
        Attempt.objects.awaiting_review().reviewable_by(reviewer)
        .select_related("quiz", "user")
        .order_by("submitted_at", "pk")
    )


def pending_review_count(*, reviewer):
    return review_queue(reviewer=reviewer).count()


# ---- item statistics ------------------------------------------------------------------------


def _pearson(xs, ys):
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def item_statistics(*, quiz):
    """Per question of ``quiz``, over its graded attempts.

    - ``presented``: attempts that drew the question; ``answered``: those with an answer.
    - ``facility``: mean share of the question's points won (1.0: everyone right).
    - ``discrimination``: point-biserial correlation (Pearson's r) between the item score and
      the rest of the attempt's score (the attempt's total without this item), so an item does
      not correlate with itself. Near zero or negative: the question does not separate strong
      from weak engineers, or its key is wrong.
    - ``upper_lower``: facility among the top 27% of attempts minus among the bottom 27%.

    Two queries, whatever the number of attempts or questions.
    """
    return item_statistics_by_quiz(Attempt.objects.filter(quiz=quiz)).get(quiz.pk, [])


def item_statistics_by_quiz(attempts, *, answered=True):
    """``{quiz id: item_statistics of that quiz}`` over the graded ones of ``attempts`` (a
    QuerySet): the same figures for several quizzes and a chosen group of engineers. Two queries.
    ``answered=False`` leaves out the count of answers (``None``), and the answers' reading."""
    rows = list(
        Response.objects.filter(attempt__in=attempts.filter(status=AttemptStatus.GRADED))
        # As floats from the database: the figures are floats, and 80,000 Decimals cost a second.
        .annotate(score=Cast("points", FloatField()), out_of=Cast("max_points", FloatField()))
        .values("attempt_id", "attempt__quiz_id", "question_id", "score", "out_of",
                *(["selected", "text"] if answered else []))
    )
    by_quiz = defaultdict(list)
    for row in rows:
        by_quiz[row["attempt__quiz_id"]].append(row)
    questions = {q.pk: q for q in Question.objects.filter(pk__in={row["question_id"] for row in rows})
                 .select_related("category")}
    return {quiz_id: _item_statistics(quiz_rows, questions) for quiz_id, quiz_rows in by_quiz.items()}


def _item_statistics(rows, questions):
    totals = defaultdict(lambda: [0.0, 0.0])
    for row in rows:
        total = totals[row["attempt_id"]]
        total[0] += row["score"] or 0.0
        total[1] += row["out_of"] or 0.0
    attempt_percent = {a: (p / m if m else 0.0) for a, (p, m) in totals.items()}
    ranked = sorted(attempt_percent, key=attempt_percent.get)
    group = max(1, round(len(ranked) * 0.27)) if len(ranked) >= 4 else 0
    lower, upper = set(ranked[:group]), set(ranked[-group:]) if group else set()

    by_question = defaultdict(list)
    for row in rows:
        by_question[row["question_id"]].append(row)

    result = []
    for question in sorted((questions[pk] for pk in by_question), key=lambda q: (q.name, q.pk)):
        items = by_question[question.pk]
        scores, rests = [], []
        for row in items:
            max_points = row["out_of"] or 0.0
            score = (row["score"] or 0.0) / max_points if max_points else 0.0
            points, maximum = totals[row["attempt_id"]]
            rest_max = maximum - max_points
            rest = (points - (row["score"] or 0.0)) / rest_max if rest_max else 0.0
            scores.append(score)
            rests.append(rest)
        upper_scores = [s for s, row in zip(scores, items, strict=True) if row["attempt_id"] in upper]
        lower_scores = [s for s, row in zip(scores, items, strict=True) if row["attempt_id"] in lower]
        upper_lower = None
        if upper_scores and lower_scores:
            upper_lower = sum(upper_scores) / len(upper_scores) - sum(lower_scores) / len(lower_scores)
        facility = sum(scores) / len(scores) if scores else None
        discrimination = _pearson(scores, rests)
        result.append({
            "question": question,
            "presented": len(items),
            "answered": sum(1 for row in items if row["selected"] or (row["text"] or "").strip())
            if "selected" in items[0] else None,
            "facility": facility,
            "discrimination": discrimination,
            "upper_lower": upper_lower,
            "flag": item_flag(facility, discrimination, len(items)),
        })
    return result


MIN_PRESENTED = 5  # fewer attempts drew a question: too few to judge it


def item_flag(facility, discrimination, n):
    """What a question's item statistics say is wrong with it ("" when nothing): drawn by ``n``
    attempts, answered right by the share ``facility``, ``discrimination`` the correlation of its
    score with the rest of each attempt. The quiz page and the programme metrics both flag by it."""
    if n < MIN_PRESENTED:
        return "Too few attempts to judge"
    if facility is not None and facility > 0.95:
        return "Almost everyone gets it right"
    if facility is not None and facility < 0.2:
        return "Almost nobody gets it right: check the key"
    if discrimination is not None and discrimination < 0:
        return "Weak engineers do better than strong ones: check the key"
    if discrimination is None or discrimination < 0.2:
        return "Separates strong and weak engineers poorly"
    return ""


def question_banks():
    """Every bank, by name, with how many questions it holds and the scenarios that still need a
    rubric (``rubric_needed``): two queries, whatever the number of banks."""
    from .models import QuestionBank

    return QuestionBank.objects.annotate(question_count=Count("questions")).prefetch_related(
        Prefetch("questions", queryset=Question.objects.filter(needs_rubric=True).only("pk", "bank_id", "name")
                 .order_by("position", "pk"), to_attr="rubric_needed"),
    ).order_by("name")


def bank_questions(*, bank):
    """A bank's questions in export order: uncategorised first, then by category, then position."""
    from django.db.models import F

    return (
        bank.questions.select_related("category")
        .prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "pk")),
            "criteria",
        )
        .order_by(F("category__name").asc(nulls_first=True), "position", "pk")
    )


def bank_as_gift(*, bank):
    from . import gift

    return gift.write(bank, bank_questions(bank=bank))
