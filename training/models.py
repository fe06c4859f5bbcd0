"""Every model of the training app, for Django: the app label stays ``training`` and the
migrations stay where they were, while each model lives in the package of its capability.
Code imports a model from its own package (``training.workflow.models``), never from here."""

from training.api.models import ApiToken
from training.assignments.models import TeamAssignment
from training.audit.models import AuditChainHead, AuditEvent
from training.certification.models import (
    CalendarFeed,
    Certificate,
    CertificationReview,
    EligibilityChange,
    ReminderLog,
    ReReadItem,
)
from training.checkins.models import CheckIn, CheckInAction
from training.credentials.models import StatusList
from training.feedback.models import Leave, ReviewRotation, StepRating
from training.incidents.models import Incident, IncidentFollowUp
from training.levels.models import LevelSignOff
from training.people.models import DirectoryAccount, DirectoryGroup, DirectoryToken, Invitation
from training.reports.models import ExportJob, RenderedReport
from training.rota.models import CountdownTick, FirstShifts
from training.site.models import UserSession
from training.teams.models import Team
from training.tracks.models import Exercise, Stage, Step, Track
from training.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription
from training.workflow.models import (
    Enrollment,
    ExerciseLog,
    ReadinessCheck,
    ShadowIncident,
    ShadowShift,
    SignOff,
    StepProgress,
)

__all__ = [
    "ApiToken", "AuditChainHead", "AuditEvent", "CalendarFeed", "Certificate", "CertificationReview", "CheckIn",
    "CheckInAction", "CountdownTick", "DirectoryAccount", "DirectoryGroup", "EligibilityChange",
    "DirectoryToken", "Enrollment", "Exercise", "ExerciseLog", "ExportJob", "FirstShifts", "Incident",
    "IncidentFollowUp", "Invitation", "Leave", "LevelSignOff", "ReadinessCheck",
    "ReReadItem", "ReminderLog", "RenderedReport", "ReviewRotation", "ShadowIncident", "ShadowShift", "SignOff",
    "StatusList", "Stage", "Step", "StepProgress", "StepRating",
    "Team", "TeamAssignment", "Track", "UserSession", "WebhookAttempt", "WebhookDelivery", "WebhookEvent",
    "WebhookSubscription",
]
