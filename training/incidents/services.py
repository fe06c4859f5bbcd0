"""Recording a major incident and working through its follow-ups. The manager of the team or a
training admin records it and ticks each follow-up (who and when are kept); assigning the team a
quiz or a briefing about it is a team assignment (``training.assignments``), and ticks "needed
training scheduled"."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from training import access
from training.assignments.models import AssignmentReason
from training.assignments.services import team_assignment_create
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.errors import TrainingError

from .models import FollowUp, Incident, IncidentFollowUp, Severity

NOT_LEADER = "Only a manager of the team or a training admin records incidents and their follow-ups."


def may_lead(user, team):
    return access.reportable_teams(user).filter(pk=team.pk).exists()


@transaction.atomic
def incident_record(*, team, by, title, occurred_on, severity, summary="", documents=()):
    if not may_lead(by, team):
        raise TrainingError(NOT_LEADER)
    title = " ".join(title.split())
    if not title:
        raise TrainingError("Give the incident a title.")
    if occurred_on > timezone.localdate():
        raise TrainingError("The incident's date is in the future.")
    if severity not in Severity.values:
        raise TrainingError("Choose a severity from P1 to P4.")
    incident = Incident(team=team, title=title, occurred_on=occurred_on, severity=severity,
                        summary=summary.strip(), recorded_by=by)
    incident.full_clean()
    incident.save()
    incident.documents.set(documents)
    touched = ", ".join(sorted(d.title for d in documents)) or "no document"
    record(kind=AuditKind.INCIDENT, actor=by,
           summary=f"{incident.reference} recorded for {team.name}: {incident.title} "
                   f"({incident.get_severity_display()}, {occurred_on:%Y-%m-%d}); documents touched: {touched}")
    return incident


def _follow_up(item):
    if item not in FollowUp.values:
        raise TrainingError("That is not one of the incident's follow-ups.")
    return FollowUp(item)


@transaction.atomic
def follow_up_tick(*, incident, item, by):
    if not may_lead(by, incident.team):
        raise TrainingError(NOT_LEADER)
    item = _follow_up(item)
    try:
        with transaction.atomic():
            done = IncidentFollowUp.objects.create(incident=incident, item=item, done_by=by)
    except IntegrityError:
        raise TrainingError(f"“{item.label}” is already ticked.") from None
    record(kind=AuditKind.INCIDENT, actor=by, summary=f"{incident.reference} follow-up ticked: {item.label}")
    return done


@transaction.atomic
def follow_up_untick(*, incident, item, by):
    if not may_lead(by, incident.team):
        raise TrainingError(NOT_LEADER)
    item = _follow_up(item)
    deleted, _ = IncidentFollowUp.objects.filter(incident=incident, item=item).delete()
    if not deleted:
        raise TrainingError(f"“{item.label}” is not ticked.")
    record(kind=AuditKind.INCIDENT, actor=by, summary=f"{incident.reference} follow-up unticked: {item.label}")


@transaction.atomic
def incident_assign(*, incident, by, due_on, quiz=None, document=None):
    """Give the incident's team a quiz or a briefing about it, and tick "needed training scheduled"."""
    if not may_lead(by, incident.team):
        raise TrainingError(NOT_LEADER)
    assignment = team_assignment_create(team=incident.team, by=by, due_on=due_on, reason=AssignmentReason.INCIDENT,
                                        quiz=quiz, document=document, incident=incident)
    if not IncidentFollowUp.objects.filter(incident=incident, item=FollowUp.TRAINING).exists():
        follow_up_tick(incident=incident, item=FollowUp.TRAINING, by=by)
    return assignment
