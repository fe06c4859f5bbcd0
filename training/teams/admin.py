from django.contrib import admin

from .models import Team, person_name


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "manager_names"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["managers", "members", "mentors", "hosts"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("managers")

    @admin.display(description="Managers")
    def manager_names(self, team):
        return ", ".join(person_name(user) for user in team.managers.all())
