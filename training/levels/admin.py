"""Readiness level decisions in the Django admin: to read. They are granted and revoked on the
site (``training.levels.services``), which checks who may and writes the audit event."""

from django.contrib import admin

from training.audit.admin import ReadOnlyAdmin

from .models import LevelSignOff


@admin.register(LevelSignOff)
class LevelSignOffAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "level", "action", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["enrollment__engineer", "enrollment__track", "by"]
