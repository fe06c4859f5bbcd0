from django.contrib import admin

from training.audit.admin import ReadOnlyAdmin

from .models import TeamAssignment


@admin.register(TeamAssignment)
class TeamAssignmentAdmin(ReadOnlyAdmin):
    """Read-only: an assignment is given on its page (``services``), which checks and records it."""

    list_display = ["__str__", "team", "reason", "due_on", "created_by"]
    list_filter = ["reason", "team"]
