from django.contrib import admin

from .models import TeamAssignment


@admin.register(TeamAssignment)
class TeamAssignmentAdmin(admin.ModelAdmin):
    """Read-only: an assignment is given on its page (``services``), which checks and records it."""

    list_display = ["__str__", "team", "reason", "due_on", "created_by"]
    list_filter = ["reason", "team"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
