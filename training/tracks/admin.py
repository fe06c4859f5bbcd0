from django.contrib import admin

from .models import Exercise, Stage, Step, Track


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "version", "author_version", "is_current", "validity_months"]
    list_filter = ["is_current"]
    inlines = [StageInline]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["title", "track", "kind", "order", "required", "linked"]
    list_filter = ["kind", "linked", "track"]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "duration_minutes"]
