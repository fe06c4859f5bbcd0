from django.contrib import admin

from .models import Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "manager"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
