"""First on-call shifts in the Django admin: to read. They are scheduled, ticked and confirmed on
the site (``training.rota.services``), which checks who may and writes the audit event."""

from django.contrib import admin

from training.audit.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import CountdownTick, FirstShifts


class CountdownTickInline(ReadOnlyInline):
    model = CountdownTick


@admin.register(FirstShifts)
class FirstShiftsAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "first_shift_at", "backup", "backed_weeks", "on_rota_at"]
    list_select_related = ["enrollment__engineer", "enrollment__track", "backup"]
    inlines = [CountdownTickInline]
