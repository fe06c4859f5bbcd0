"""Arrange steps for incidents, and the incident and assignment the access matrix's world needs
(made the first time a row asks for them)."""

from tests.training.assignments.helpers import TODAY, assign
from training.incidents import services
from training.incidents.models import Severity


def record(team, by, *, title="RabbitMQ broker down", documents=(), occurred_on=TODAY, severity=Severity.P1):
    return services.incident_record(team=team, by=by, title=title, occurred_on=occurred_on, severity=severity,
                                    summary="The broker ran out of disk.\nQueues stalled for 40 minutes.",
                                    documents=list(documents))


def world_incident(w):
    if getattr(w, "incident", None) is None:
        w.incident = record(w.team, w.manager, documents=[w.document])
    return w.incident


def world_assignment(w):
    if getattr(w, "team_assignment", None) is None:
        w.team_assignment = assign(w.team, w.manager, quiz=w.quiz)
    return w.team_assignment
