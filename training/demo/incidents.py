"""The demo's major incident and quarterly team assessment: the RabbitMQ broker ran out of disk
nine days ago (P1), touching the runbooks, the decision tree and the incident guide; the root
cause analysis is written and the runbooks updated, the rest of the follow-ups wait. Platform
Operations has its quarterly knowledge check due in ten days: Bob (certified) and Mei have taken
it, the others have not yet. Made once: running again leaves them as they are."""

import datetime

from django.utils import timezone

from assessments.models import Quiz
from assessments.services import attempt_start, attempt_submit
from content.models import Document
from training.assignments.models import AssignmentReason, TeamAssignment
from training.assignments.services import team_assignment_create
from training.incidents import services
from training.incidents.models import FollowUp, Incident, Severity
from training.teams.models import Team

TITLE = "RabbitMQ broker down: a full disk stalled every queue"
QUARTERLY_QUIZ = "week-3-knowledge-check"  # unlimited attempts: certified engineers may sit it again


def _sit(user, quiz, *, wrong=()):
    """``user`` takes ``quiz``: every objective question right but those at the positions in ``wrong``."""
    attempt = attempt_start(user=user, quiz=quiz)
    answers = {}
    for response in attempt.responses.select_related("question").prefetch_related("question__choices"):
        question, choices = response.question, list(response.question.choices.all())
        miss = response.position in wrong
        if question.has_choices:
            ranked = sorted(choices, key=lambda c: c.fraction, reverse=not miss)
            right = [c.pk for c in choices if c.fraction > 0]
            answers[response.pk] = {"selected": right if question.kind == "multiple" and not miss else [ranked[0].pk]}
        elif choices:
            # A number, the model answer, or the first answer accepted word for word (never a pattern).
            literal = [c.text for c in choices if not c.is_regex and c.text]
            text = str(choices[0].value) if choices[0].value is not None else (
                question.model_answer or next(iter(literal), ""))
            answers[response.pk] = {"text": "I do not know" if miss else text}
    attempt_submit(attempt=attempt, user=user, answers=answers)


def load_incidents(people):
    team = Team.objects.get(slug="platform-ops")
    manager = people["manager"]
    if not Incident.objects.filter(team=team, title=TITLE).exists():
        documents = Document.objects.filter(slug__in=["operational-runbooks", "troubleshooting-decision-tree",
                                                      "incident-response-guide"])
        incident = services.incident_record(
            team=team, by=manager, title=TITLE, severity=Severity.P1,
            occurred_on=timezone.localdate() - datetime.timedelta(days=9), documents=list(documents),
            summary="The broker's disk filled with unacknowledged messages from a stuck agent; publishers "
                    "blocked and no task moved for 42 minutes. Freed the disk, restarted the agent, drained "
                    "the dead-letter queue.")
        for item in (FollowUp.RCA, FollowUp.RUNBOOKS):
            services.follow_up_tick(incident=incident, item=item, by=manager)
    quiz = Quiz.objects.filter(slug=QUARTERLY_QUIZ).first()
    if quiz is None or TeamAssignment.objects.filter(team=team, reason=AssignmentReason.QUARTERLY).exists():
        return
    team_assignment_create(team=team, by=manager, quiz=quiz, reason=AssignmentReason.QUARTERLY,
                           due_on=timezone.localdate() + datetime.timedelta(days=10))
    _sit(people["bob"], quiz)
    _sit(people["mentor"], quiz, wrong={2, 5})
