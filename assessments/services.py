"""Every state change of the assessments app: each function checks who may do it, runs in one
transaction, validates with ``full_clean()`` and raises ``AssessmentError`` when it refuses."""

import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import access, grading
from .exceptions import AssessmentError
from .gift import HOLISTIC_CRITERION
from .models import (
    MAX_ANSWER_LENGTH,
    Attempt,
    AttemptStatus,
    Choice,
    CriterionScore,
    LatePolicy,
    Question,
    QuestionBank,
    QuestionKind,
    Response,
    SelectionMode,
)
from .signals import attempt_awaiting_review, attempt_graded, questions_exported, questions_imported

_random = secrets.SystemRandom()
SHUFFLED_CHOICE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}
BULK_BATCH = 500  # rows per INSERT of an import


def _draw_questions(quiz):
    """The questions of a new attempt, in the order they will be shown."""
    if quiz.selection == SelectionMode.RANDOM:
        questions = []
        for draw in quiz.draws.select_related("category"):
            pool = list(Question.objects.filter(category=draw.category))
            if len(pool) < draw.count:
                raise AssessmentError(
                    f"This quiz cannot start: it draws {draw.count} questions from "
                    f"“{draw.category.name}”, which holds {len(pool)}. Tell a training admin."
                )
            questions.extend(_random.sample(pool, draw.count))
    else:
        questions = [qq.question for qq in quiz.quiz_questions.select_related("question").order_by("position", "pk")]
    if not questions:
        raise AssessmentError("This quiz has no questions yet.")
    if quiz.shuffle_questions:
        _random.shuffle(questions)
    return questions


@transaction.atomic
def attempt_start(*, user, quiz, now=None):
    """Open a sitting, or return the one already open. Refuses once the attempts are used up."""
    now = now or timezone.now()
    if not access.may_take(user, quiz):
        raise AssessmentError("This quiz is not open.")
    # Serialise starts by the same engineer: two clicks on Start open one attempt.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    attempts = Attempt.objects.filter(user=user, quiz=quiz)
    open_attempt = attempts.filter(status=AttemptStatus.IN_PROGRESS).first()
    if open_attempt is not None:
        return open_attempt
    used = attempts.count()
    if quiz.max_attempts is not None and used >= quiz.max_attempts:
        raise AssessmentError(
            f"You have used all {quiz.max_attempts} attempt{'s' if quiz.max_attempts != 1 else ''} at this quiz."
        )

    questions = _draw_questions(quiz)
    choices = {}
    for choice in Choice.objects.filter(question__in=questions).order_by("position", "pk"):
        choices.setdefault(choice.question_id, []).append(choice)
    criteria_points = {}
    for question in Question.objects.filter(pk__in=[q.pk for q in questions]).prefetch_related("criteria"):
        criteria_points[question.pk] = sum(c.max_points for c in question.criteria.all())

    attempt = Attempt(
        user=user, quiz=quiz, number=used + 1, status=AttemptStatus.IN_PROGRESS, started_at=now,
        deadline=now + quiz.time_limit if quiz.time_limit else None,
    )
    responses = []
    for position, question in enumerate(questions, start=1):
        if question.is_matching:
            order = grading.matching_answers(choices.get(question.pk, []))
            _random.shuffle(order)  # always: in the authored order the answers would give the pairs away
        else:
            order = [choice.pk for choice in choices.get(question.pk, [])] if question.has_choices else []
        if quiz.shuffle_choices and question.kind in SHUFFLED_CHOICE_KINDS:
            _random.shuffle(order)
        max_points = Decimal(criteria_points[question.pk]) if question.is_scenario else question.points
        responses.append(Response(question=question, position=position, choice_order=order, max_points=max_points))
    attempt.max_points = sum((r.max_points for r in responses), Decimal("0"))
    attempt.full_clean()
    attempt.save()
    for response in responses:
        response.attempt = attempt
        response.full_clean(validate_unique=False, validate_constraints=False)
    Response.objects.bulk_create(responses)
    return attempt


def _locked_open_attempt(attempt, user):
    locked = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if locked.user_id != user.pk:
        raise AssessmentError("This is not your attempt.")
    if locked.status != AttemptStatus.IN_PROGRESS:
        raise AssessmentError("This attempt has already been submitted; its answers can no longer change.")
    return locked


def _matching_pairs(response, pairs):
    """``[[item id, answer id], ...]`` as given, checked against the question and the sitting."""
    items = [choice.pk for choice in response.question.choices.all() if choice.text]
    chosen = {}
    for pair in pairs or []:
        try:
            item, answer = (int(value) for value in pair)
        except (TypeError, ValueError):
            raise AssessmentError("Choose an answer for each item.") from None
        if item not in items or answer not in response.choice_order:
            raise AssessmentError("That answer is not part of this question.")
        chosen[item] = answer
    return [[item, chosen[item]] for item in items if item in chosen]


def _apply_answer(response, *, selected, text, now):
    question = response.question
    if question.is_matching:
        response.selected = _matching_pairs(response, selected)
        response.text = ""
    elif question.has_choices:
        selected = [int(pk) for pk in (selected or [])]
        unknown = set(selected) - set(response.choice_order)
        if unknown:
            raise AssessmentError("That option is not part of this question.")
        if question.kind != QuestionKind.MULTIPLE_CHOICE and len(selected) > 1:
            raise AssessmentError("Choose one option.")
        response.selected = sorted(set(selected), key=response.choice_order.index)
        response.text = ""
    else:
        text = (text or "").strip()
        if len(text) > MAX_ANSWER_LENGTH:
            raise AssessmentError(f"Answers are limited to {MAX_ANSWER_LENGTH} characters.")
        response.text = text
        response.selected = []
    response.answered_at = now
    response.full_clean(validate_unique=False, validate_constraints=False)
    response.save(update_fields=["selected", "text", "answered_at"])


@transaction.atomic
def attempt_answer_save(*, attempt, user, response, selected=None, text=None, now=None):
    """Keep one answer of an open sitting (htmx autosave; a reload shows it again)."""
    now = now or timezone.now()
    locked = _locked_open_attempt(attempt, user)
    if response.attempt_id != locked.pk:
        raise AssessmentError("That question is not part of this attempt.")
    _apply_answer(response, selected=selected, text=text, now=now)
    return response


def _finalise(attempt, responses, *, now, reviewer=None):
    """Total the points, decide pass or fail, and tell listeners (inside the caller's transaction)."""
    points = sum((r.points or Decimal("0") for r in responses), Decimal("0"))
    attempt.score_points = points
    attempt.max_points = sum((r.max_points for r in responses), Decimal("0"))
    attempt.score_percent = grading.percent(points, attempt.max_points)
    attempt.passed = attempt.score_percent >= attempt.quiz.pass_mark
    attempt.status = AttemptStatus.GRADED
    attempt.graded_at = now
    if reviewer is not None:
        attempt.reviewed_by = reviewer
    attempt.full_clean(validate_unique=False, validate_constraints=False)
    attempt.save()
    attempt_graded.send(sender=Attempt, attempt=attempt)


@transaction.atomic
def attempt_submit(*, attempt, user, answers=None, now=None):
    """Hand in a sitting: save the answers sent with it, grade what a machine can, and queue
    scenario answers for a reviewer. A sitting submitted twice is graded once.

    ``answers`` maps a response pk to ``{"selected": [...], "text": "..."}``. Past the deadline
    (plus ``LATE_GRACE``) the attempt is marked late and the quiz's late policy applies.
    """
    now = now or timezone.now()
    locked = _locked_open_attempt(attempt, user)
    responses = list(
        locked.responses.select_related("question").prefetch_related("question__choices").order_by("position")
    )
    for response in responses:
        if answers and response.pk in answers:
            given = answers[response.pk]
            _apply_answer(response, selected=given.get("selected"), text=given.get("text"), now=now)

    locked.submitted_at = now
    locked.is_late = locked.is_overdue(now)
    zero = locked.is_late and locked.quiz.late_policy == LatePolicy.ZERO
    needs_review = False
    for response in responses:
        question = response.question
        if zero:
            response.points = Decimal("0")
        elif question.is_scenario:
            # A blank scenario answer has nothing to review: it earns nothing.
            response.points = None if response.is_answered else Decimal("0")
            needs_review = needs_review or response.points is None
        else:
            fraction = grading.auto_fraction(
                question, list(question.choices.all()), selected_ids=response.selected, text=response.text
            )
            response.points = grading.points_for(fraction, response.max_points)
    Response.objects.bulk_update(responses, ["points"])

    if needs_review:
        locked.status = AttemptStatus.AWAITING_REVIEW
        locked.full_clean(validate_unique=False, validate_constraints=False)
        locked.save()
        attempt_awaiting_review.send(sender=Attempt, attempt=locked)
    else:
        _finalise(locked, responses, now=now)
    return locked


@transaction.atomic
def attempt_review_grade(*, attempt, reviewer, scores, comments=None, now=None):
    """Score every rubric criterion of an attempt's scenario answers, then grade the attempt.

    ``scores`` maps a response pk to ``{criterion pk: points}``; ``comments`` a response pk to text.
    """
    now = now or timezone.now()
    comments = comments or {}
    locked = Attempt.objects.select_for_update().select_related("quiz", "user").get(pk=attempt.pk)
    if reviewer.pk == locked.user_id:
        raise AssessmentError("You cannot grade your own answers.")
    if not access.may_review(reviewer, locked):
        raise AssessmentError("You may not grade this engineer's answers.")
    if locked.status != AttemptStatus.AWAITING_REVIEW:
        raise AssessmentError("This attempt is not waiting for review (it may have been graded already).")

    responses = list(
        locked.responses.select_related("question").prefetch_related("question__criteria").order_by("position")
    )
    for response in responses:
        if response.points is not None:
            continue
        given = scores.get(response.pk) or {}
        total = 0
        for criterion in response.question.criteria.all():
            if given.get(criterion.pk) is None:
                raise AssessmentError(f"Score every criterion of question {response.position}.")
            score = CriterionScore(response=response, criterion=criterion, points=given[criterion.pk])
            try:
                score.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                raise AssessmentError(f"Question {response.position}: {'; '.join(exc.messages)}") from exc
            score.save()
            total += score.points
        response.points = Decimal(total)
        response.reviewer_comment = (comments.get(response.pk) or "").strip()
        response.save(update_fields=["points", "reviewer_comment"])
    _finalise(locked, responses, now=now, reviewer=reviewer)
    return locked


@transaction.atomic
def question_bank_import_gift(*, bank_name, source, author=None, dry_run=False):
    """Add the questions of a GIFT file to the bank named ``bank_name`` (created if missing).

    Import adds: a question named like one already in the bank is a new question beside it.
    All or nothing: any problem raises ``GiftError`` naming its lines, and nothing is saved.
    Returns ``(bank, questions)``. A dry run checks everything a real import checks (it saves,
    then rolls back), so it returns rows that are not in the database.
    """
    from django.db.models import Max

    from . import gift
    from .models import Category, RubricCriterion

    parsed = gift.parse(source)
    bank_name = " ".join((bank_name or "").split())
    if not bank_name:
        raise AssessmentError("Name the question bank.")
    bank, _ = QuestionBank.objects.get_or_create(name=bank_name, defaults={"created_by": author})

    categories = {category.name: category for category in bank.categories.all()}
    position = bank.questions.aggregate(top=Max("position"))["top"] or 0
    created, rows, errors = [], [], []
    # Each row is checked in Python (its fields' validators mirror the tables' CHECK constraints,
    # which the database enforces too), then written in bulk: a 1 MB file, some 16,000 questions,
    # checks in seconds instead of minutes of one query per row and constraint.
    checked = {"validate_unique": False, "validate_constraints": False}
    for item in parsed:
        category = None
        if item.category:
            category = categories.get(item.category)
            if category is None:
                category = Category(bank=bank, name=item.category)
                category.full_clean()
                category.save()
                categories[item.category] = category
        position += 1
        question = Question(
            bank=bank, category=category, name=item.name, kind=item.kind, text=item.text,
            text_after=item.text_after, text_format=item.text_format, needs_rubric=item.needs_rubric,
            general_feedback=item.general_feedback, model_answer=item.model_answer, points=item.points,
            partial_credit=item.partial_credit, position=position,
        )
        children = [Choice(question=question, position=index, text=choice.text, fraction=choice.fraction,
                           feedback=choice.feedback, is_regex=choice.is_regex, value=choice.value,
                           tolerance=choice.tolerance, match_text=choice.match_text)
                    for index, choice in enumerate(item.choices, start=1)]
        children += [RubricCriterion(question=question, position=index, description=criterion.description,
                                     max_points=criterion.max_points)
                     for index, criterion in enumerate(item.criteria, start=1)]
        try:
            question.full_clean(exclude=["bank", "category"], **checked)
            for child in children:
                child.full_clean(exclude=["question"], **checked)
        except ValidationError as exc:
            errors.append((item.line, "; ".join(exc.messages)))
            continue
        question.gift_line = item.line  # where it stands in the file, for a dry run's report (not stored)
        created.append(question)
        rows += children
    if errors:
        raise gift.GiftError(errors)
    Question.objects.bulk_create(created, batch_size=BULK_BATCH)  # each row then takes its question's key
    Choice.objects.bulk_create([row for row in rows if isinstance(row, Choice)], batch_size=BULK_BATCH)
    RubricCriterion.objects.bulk_create([row for row in rows if isinstance(row, RubricCriterion)],
                                        batch_size=BULK_BATCH)
    if dry_run:
        transaction.set_rollback(True)
    else:
        questions_imported.send(sender=QuestionBank, bank=bank, questions=created)
    return bank, created


def rubric_needed_note(questions):
    """What an import tells the author about scenarios that came without a rubric, or ""."""
    names = [f"“{question.name}”" for question in questions if question.needs_rubric]
    if not names:
        return ""
    return (f"{len(names)} scenario question(s) need a rubric: {', '.join(names)}. Until they have one, a "
            "reviewer scores each answer as a whole, out of the question's points.")


@transaction.atomic
def question_rubric_settle(*, question):
    """A scenario imported without a rubric needs one until an author writes it: once its criteria
    are no longer the single holistic one the import gave it, it no longer does."""
    criteria = list(question.criteria.values_list("description", flat=True))
    if question.needs_rubric and criteria and criteria != [HOLISTIC_CRITERION]:
        question.needs_rubric = False
        question.save(update_fields=["needs_rubric"])
    return question


def question_bank_export_gift(*, bank, destination):
    """``(text, count)``: the bank as GIFT and how many questions it holds, announced as an export
    to ``destination`` (a file name, "standard output", a download) so that the audit log records
    it. The questions are read once, for the text and the count."""
    from . import gift
    from .selectors import bank_questions

    questions = list(bank_questions(bank=bank))
    questions_exported.send(sender=QuestionBank, bank=bank, count=len(questions), destination=destination)
    return gift.write(bank, questions), len(questions)
