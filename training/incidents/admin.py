from django.contrib import admin

from .models import Incident


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Read-only: incidents are recorded and followed up on their pages (``services``)."""

    list_display = ["__str__", "team", "severity", "occurred_on", "recorded_by"]
    list_filter = ["severity", "team"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
