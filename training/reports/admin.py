from django.contrib import admin

from .models import ExportJob, RenderedReport


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "requester", "team", "status", "done", "total", "finished_at"]
    list_filter = ["status"]
    raw_id_fields = ["requester"]


@admin.register(RenderedReport)
class RenderedReportAdmin(admin.ModelAdmin):
    """To look at, not to edit: a rendering is made by the worker and replaced when its data changes."""

    list_display = ["kind", "enrollment", "team", "status", "rendered_at", "changed_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["kind", "enrollment", "team", "data_hash", "status", "file", "error", "requested_by",
                       "created_at", "changed_at", "rendered_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
