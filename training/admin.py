"""The Django admin of the training app: each package registers its own models."""

from training.audit import admin as audit_admin
from training.certification import admin as certification_admin
from training.reports import admin as reports_admin
from training.teams import admin as teams_admin
from training.tracks import admin as tracks_admin
from training.workflow import admin as workflow_admin

__all__ = ["audit_admin", "certification_admin", "reports_admin", "teams_admin", "tracks_admin", "workflow_admin"]
