from django.contrib import admin

from training.audit.admin import ReadOnlyAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Read-only: tokens are made and revoked on the API tokens page or with ``manage.py
    api_token``, which record the change in the audit log. The hash is not shown."""

    list_display = ["name", "kind", "user", "hint", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    exclude = ["token_hash"]
