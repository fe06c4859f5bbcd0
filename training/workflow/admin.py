"""The workflow's records in the Django admin: to read, never to edit. Every change of an
enrollment's progress, a log, a shift or the readiness checklist goes through
``training.workflow.services`` (on the site's pages or the API), which writes its ``SignOff`` and
audit event and recounts the progress; an edit here would do none of that."""

from django.contrib import admin

from training.audit.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Enrollment, ExerciseLog, ReadinessCheck, ShadowIncident, ShadowShift, SignOff, StepProgress


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ["engineer", "track", "manager", "mentor", "status", "steps_done", "steps_total", "target_date"]
    list_filter = ["status", "track"]
    list_select_related = ["engineer", "track", "manager", "mentor"]


@admin.register(StepProgress)
class StepProgressAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "step", "status", "completed_at"]
    list_filter = ["status"]


@admin.register(ExerciseLog)
class ExerciseLogAdmin(ReadOnlyAdmin):
    list_display = ["progress", "state", "submitted_at", "decided_by"]


class ShadowIncidentInline(ReadOnlyInline):
    model = ShadowIncident


@admin.register(ShadowShift)
class ShadowShiftAdmin(ReadOnlyAdmin):
    list_display = ["progress", "date", "hours", "host", "role", "state"]
    inlines = [ShadowIncidentInline]


@admin.register(ReadinessCheck)
class ReadinessCheckAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "group", "item", "checked_by", "checked_at"]


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyAdmin):
    """Read-only: sign-offs are append-only records."""

    list_display = ["at", "enrollment", "action", "by", "step", "track_version", "document_version"]
    list_filter = ["action"]
