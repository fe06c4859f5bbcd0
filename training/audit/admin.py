from django.contrib import admin

from training import access

from .models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records changed only through the site's services (or never): view, never edit. The
    admin's add, change and delete pages answer 403 even to a superuser; a correction is made on
    the site, through the service that writes its sign-off and audit event."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """The rows of a read-only record shown on its page: none added, changed or deleted."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: audit events are written by ``training.audit.recorder`` and never changed."""

    list_display = ["at", "kind", "actor_name", "summary", "origin", "ip"]
    list_filter = ["kind", "origin"]
    search_fields = ["actor_name", "summary"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_view_permission(self, request, obj=None):
        return access.is_training_admin(request.user) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return self.has_view_permission(request)
