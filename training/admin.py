from django.contrib import admin

from .models import (
    AuditEvent,
    Certificate,
    Enrollment,
    Exercise,
    ExerciseLog,
    ExportJob,
    ShadowIncident,
    ShadowShift,
    SignOff,
    Stage,
    Step,
    StepProgress,
    Team,
    Track,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records changed only through the site's services (or never): view, never edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "manager"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "version", "is_current", "validity_months"]
    list_filter = ["is_current"]
    inlines = [StageInline]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["title", "track", "kind", "order", "required"]
    list_filter = ["kind", "track"]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "duration_minutes"]


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


# --- Certificates and exports: read-only here; issue by sign-off, revoke on the record page ----


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    """Read-only: a certificate is issued by the final sign-off and revoked through the site (a
    training admin, with a reason), so that every change writes its sign-off record."""

    list_display = ["code", "engineer_name", "track", "track_version", "issued_on", "expires_on", "revoked_at"]
    list_filter = ["track"]
    search_fields = ["code", "engineer_name", "engineer__username"]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "requester", "team", "status", "done", "total", "finished_at"]
    list_filter = ["status"]
    raw_id_fields = ["requester"]



@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: audit events are written by ``training.audit`` and never changed."""

    list_display = ["at", "kind", "actor_name", "summary", "origin", "ip"]
    list_filter = ["kind", "origin"]
    search_fields = ["actor_name", "summary"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_view_permission(self, request, obj=None):
        from .access import is_training_admin

        return is_training_admin(request.user) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return self.has_view_permission(request)
