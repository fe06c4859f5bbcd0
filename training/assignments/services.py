"""Giving a team an assignment: a quiz or a briefing to read, for every member, by a due date.
The manager of the team or a training admin gives it; the members then take the quiz or read
the document as they would anyway (``selectors`` reads whether they did)."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from content.models import Document
from training import access
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.errors import TrainingError
from training.teams.models import person_name

from .models import AssignmentReason, TeamAssignment

NOT_LEADER = "Only a manager of the team or a training admin gives the team an assignment."


def may_assign(user, team):
    return access.reportable_teams(user).filter(pk=team.pk).exists()


@transaction.atomic
def team_assignment_create(*, team, by, due_on, reason, quiz=None, document=None, incident=None, today=None):
    """Assign ``quiz`` or the current version of ``document`` to every member of ``team``, due on
    ``due_on``; ``incident``: the incident it follows up."""
    today = today or timezone.localdate()
    if not may_assign(by, team):
        raise TrainingError(NOT_LEADER)
    if reason not in AssignmentReason.values:
        raise TrainingError("Say why: a quarterly team assessment or an incident follow-up.")
    if (quiz is None) == (document is None):
        raise TrainingError("Choose one quiz to take or one document to read.")
    if incident is not None and (incident.team_id != team.pk or reason != AssignmentReason.INCIDENT):
        raise TrainingError("An incident's follow-up goes to the incident's team.")
    if due_on < today:
        raise TrainingError(f"The due date {due_on:%d %b %Y} has passed: choose today or a later day.")
    if quiz is not None and not quiz.is_published:
        raise TrainingError(f"The quiz “{quiz.title}” is not published: publish it before assigning it.")
    version = None
    if document is not None:
        version = Document.objects.select_related("current_version").get(pk=document.pk).current_version
        if version is None:
            raise TrainingError(f"“{document.title}” has no version to read yet.")
    if not team.members.exists():
        raise TrainingError(f"Nobody is a member of {team.name} yet: there is no one to assign it to.")
    if quiz is not None and quiz.max_attempts is not None:
        spent = [person_name(user) for user in team.members.annotate(
            used=Count("quiz_attempts", filter=Q(quiz_attempts__quiz=quiz))).filter(used__gte=quiz.max_attempts)]
        if spent:
            raise TrainingError(f"{', '.join(sorted(spent))} used all {quiz.max_attempts} attempts at “{quiz.title}” "
                                "and could not take it again: choose another quiz, or allow more attempts.")
    same = TeamAssignment.objects.filter(team=team, due_on__gte=today)
    same = same.filter(quiz=quiz) if quiz is not None else same.filter(document=document)
    if (already := same.first()) is not None:
        raise TrainingError(f"“{already.title}” is already assigned to {team.name}, due on "
                            f"{already.due_on:%d %b %Y}.")
    assignment = TeamAssignment(team=team, quiz=quiz, document=document, due_on=due_on, reason=reason,
                                document_version=version,
                                incident=incident, created_by=by)
    assignment.full_clean()
    assignment.save()
    what = f"the quiz “{quiz.title}”" if quiz is not None else (
        f"the briefing “{document.title}” (version {assignment.document_version.number})")
    record(kind=AuditKind.ASSIGNMENT, actor=by,
           summary=f"{assignment.get_reason_display().lower()} for {team.name}: {what}, due on {due_on:%Y-%m-%d}"
                   + (f", after {incident.reference} {incident.title}" if incident is not None else ""))
    return assignment
