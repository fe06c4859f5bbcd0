"""The Django admin of the training app: each package registers its own models. Training records
(progress, logs, shifts, sign-offs, readiness, certificates, eligibility, API tokens, webhook
deliveries, the audit log) are read-only there: they change only through the services."""

from training.api import admin as api_admin
from training.assignments import admin as assignments_admin
from training.audit import admin as audit_admin
from training.certification import admin as certification_admin
from training.checkins import admin as checkins_admin
from training.feedback import admin as feedback_admin
from training.incidents import admin as incidents_admin
from training.levels import admin as levels_admin
from training.reports import admin as reports_admin
from training.rota import admin as rota_admin
from training.teams import admin as teams_admin
from training.tracks import admin as tracks_admin
from training.webhooks import admin as webhooks_admin
from training.workflow import admin as workflow_admin

__all__ = ["api_admin", "audit_admin", "certification_admin", "checkins_admin", "feedback_admin", "reports_admin",
           "levels_admin", "rota_admin", "teams_admin", "tracks_admin", "webhooks_admin", "workflow_admin",
           "incidents_admin", "assignments_admin"]
