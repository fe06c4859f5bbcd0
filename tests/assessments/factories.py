"""Factories for the assessments app: banks, questions of every kind, quizzes, attempts."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from assessments.models import (
    Category,
    Choice,
    Question,
    QuestionBank,
    QuestionKind,
    Quiz,
    QuizDraw,
    QuizQuestion,
    RubricCriterion,
)


class QuestionBankFactory(DjangoModelFactory):
    class Meta:
        model = QuestionBank
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Bank {n}")


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    bank = factory.SubFactory(QuestionBankFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    bank = factory.SubFactory(QuestionBankFactory)
    name = factory.Sequence(lambda n: f"question-{n}")
    kind = QuestionKind.SINGLE_CHOICE
    text = factory.Sequence(lambda n: f"Question text {n}?")
    position = factory.Sequence(lambda n: n)


class ChoiceFactory(DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Option {n}")
    position = factory.Sequence(lambda n: n)


class QuizFactory(DjangoModelFactory):
    class Meta:
        model = Quiz

    slug = factory.Sequence(lambda n: f"quiz-{n}")
    title = factory.Sequence(lambda n: f"Quiz {n}")
    pass_mark = 50
    shuffle_choices = False


def _choices(question, options):
    """``options``: list of (text, fraction) or (text, fraction, feedback)."""
    for position, option in enumerate(options):
        text, fraction, *rest = option
        Choice.objects.create(question=question, position=position, text=text, fraction=Decimal(fraction),
                              feedback=rest[0] if rest else "")
    return question


def single_choice(bank=None, options=(("RabbitMQ", 100), ("Redis", 0), ("PostgreSQL", 0)), **kwargs):
    question = QuestionFactory(kind=QuestionKind.SINGLE_CHOICE, **({"bank": bank} if bank else {}), **kwargs)
    return _choices(question, options)


def multiple_choice(bank=None, options=(("PostgreSQL", 50), ("Redis", 50), ("RabbitMQ", -100)),
                    partial_credit=True, **kwargs):
    question = QuestionFactory(kind=QuestionKind.MULTIPLE_CHOICE, partial_credit=partial_credit,
                               **({"bank": bank} if bank else {}), **kwargs)
    return _choices(question, options)


def true_false(bank=None, correct=True, **kwargs):
    question = QuestionFactory(kind=QuestionKind.TRUE_FALSE, **({"bank": bank} if bank else {}), **kwargs)
    return _choices(question, [("True", 100 if correct else 0), ("False", 0 if correct else 100)])


def short_answer(bank=None, answers=(("RabbitMQ", 100, False),), **kwargs):
    question = QuestionFactory(kind=QuestionKind.SHORT_ANSWER, **({"bank": bank} if bank else {}), **kwargs)
    for position, (text, fraction, is_regex) in enumerate(answers):
        Choice.objects.create(question=question, position=position, text=text, fraction=Decimal(fraction),
                              is_regex=is_regex)
    return question


def numeric(bank=None, values=((85.0, 1.0, 100),), **kwargs):
    question = QuestionFactory(kind=QuestionKind.NUMERIC, **({"bank": bank} if bank else {}), **kwargs)
    for position, (value, tolerance, fraction) in enumerate(values):
        Choice.objects.create(question=question, position=position, value=value, tolerance=tolerance,
                              fraction=Decimal(fraction))
    return question


def scenario(bank=None, criteria=(("Checks the broker first", 3), ("Escalates in time", 2)), **kwargs):
    question = QuestionFactory(kind=QuestionKind.SCENARIO, **({"bank": bank} if bank else {}), **kwargs)
    for position, (description, points) in enumerate(criteria):
        RubricCriterion.objects.create(question=question, position=position, description=description,
                                       max_points=points)
    return question


def quiz_with(questions, **kwargs):
    """A fixed quiz made of ``questions`` in order."""
    quiz = QuizFactory(**kwargs)
    for position, question in enumerate(questions, start=1):
        QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
    return quiz


def random_quiz(draws, **kwargs):
    """A quiz drawing ``count`` questions from each ``(category, count)``."""
    quiz = QuizFactory(selection="random", **kwargs)
    for category, count in draws:
        QuizDraw.objects.create(quiz=quiz, category=category, count=count)
    return quiz


def choice_id(question, text):
    return question.choices.get(text=text).pk
