"""Check-ins in the Django admin: to read. They are recorded and confirmed on the site
(``training.checkins.services``), which checks who may and writes the audit event."""

from django.contrib import admin

from training.audit.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import CheckIn, CheckInAction


class CheckInActionInline(ReadOnlyInline):
    model = CheckInAction


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "week", "held_at", "held_by", "held_as", "mentor_confidence", "engineer_confidence"]
    list_filter = ["held_as"]
    list_select_related = ["enrollment__engineer", "enrollment__track", "held_by"]
    inlines = [CheckInActionInline]
