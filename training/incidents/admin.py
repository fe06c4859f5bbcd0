from django.contrib import admin

from training.audit.admin import ReadOnlyAdmin

from .models import Incident


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    """Read-only: incidents are recorded and followed up on their pages (``services``)."""

    list_display = ["__str__", "team", "severity", "occurred_on", "recorded_by"]
    list_filter = ["severity", "team"]
