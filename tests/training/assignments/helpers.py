"""Arrange steps for team assignments: a two-question quiz, a member taking it (right or wrong
per question), an assignment given by the team's manager."""

import datetime

from django.utils import timezone

from assessments import services as quiz_services
from tests.assessments.factories import quiz_with, single_choice, true_false
from training.assignments import services
from training.assignments.models import AssignmentReason

TODAY = timezone.localdate()


def team_quiz(slug="quarterly-check", **kwargs):
    return quiz_with([single_choice(name="Which broker?"), true_false(name="Drain before restart?")],
                     slug=slug, title="Quarterly knowledge check", **kwargs)


def take(user, quiz, right=(True, True)):
    """``user`` sits ``quiz`` and hands it in, each question answered right or wrong."""
    attempt = quiz_services.attempt_start(user=user, quiz=quiz)
    answers = {}
    for response, ok in zip(attempt.responses.select_related("question").order_by("position"), right, strict=True):
        choices = response.question.choices.order_by("position")
        choice = choices.filter(fraction=100).first() if ok else choices.exclude(fraction=100).first()
        answers[response.pk] = {"selected": [choice.pk]}
    return quiz_services.attempt_submit(attempt=attempt, user=user, answers=answers)


def assign(team, by, *, quiz=None, document=None, due_in=14, reason=AssignmentReason.QUARTERLY, incident=None):
    """Give ``team`` the quiz (or briefing) due in ``due_in`` days (negative: already overdue,
    given on its due date)."""
    due = TODAY + datetime.timedelta(days=due_in)
    return services.team_assignment_create(team=team, by=by, due_on=due, reason=reason, quiz=quiz,
                                           document=document, incident=incident, today=min(due, TODAY))
