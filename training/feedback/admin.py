from django.contrib import admin

from .models import StepRating


@admin.register(StepRating)
class StepRatingAdmin(admin.ModelAdmin):
    list_display = ("step", "user", "score", "rated_at")
    list_select_related = ("step", "user")
    raw_id_fields = ("user", "step")
