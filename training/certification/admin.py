from django.contrib import admin

from training.audit.admin import ReadOnlyAdmin

from .models import Certificate, EligibilityChange


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    """Read-only: a certificate is issued by the final sign-off and revoked through the site (a
    training admin, with a reason), so that every change writes its sign-off record."""

    list_display = ["code", "engineer_name", "track", "track_version", "issued_on", "expires_on", "revoked_at"]
    list_filter = ["track"]
    search_fields = ["code", "engineer_name", "engineer__username"]


@admin.register(EligibilityChange)
class EligibilityChangeAdmin(ReadOnlyAdmin):
    """Read-only: written by ``eligibility.eligibility_sync`` alone, and announced by webhooks."""

    list_display = ["at", "team", "engineer", "eligible", "reason"]
    list_filter = ["eligible", "team"]
    list_select_related = ["team", "engineer"]
