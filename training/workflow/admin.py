from django.contrib import admin

from training.audit.admin import ReadOnlyAdmin

from .models import Enrollment, ExerciseLog, ShadowIncident, ShadowShift, SignOff, StepProgress


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["engineer", "track", "manager", "mentor", "status", "steps_done", "steps_total", "target_date"]
    list_filter = ["status", "track"]
    raw_id_fields = ["engineer", "manager", "mentor"]


@admin.register(StepProgress)
class StepProgressAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "step", "status", "completed_at"]
    list_filter = ["status"]


@admin.register(ExerciseLog)
class ExerciseLogAdmin(admin.ModelAdmin):
    list_display = ["progress", "state", "submitted_at", "decided_by"]


class ShadowIncidentInline(admin.TabularInline):
    model = ShadowIncident
    extra = 0


@admin.register(ShadowShift)
class ShadowShiftAdmin(admin.ModelAdmin):
    list_display = ["progress", "date", "hours", "host", "role", "state"]
    inlines = [ShadowIncidentInline]


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyAdmin):
    """Read-only: sign-offs are append-only records."""

    list_display = ["at", "enrollment", "action", "by", "step", "track_version", "document_version"]
    list_filter = ["action"]
