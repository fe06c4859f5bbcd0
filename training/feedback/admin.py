from django.contrib import admin

from .models import Leave, ReviewRotation, StepRating


@admin.register(StepRating)
class StepRatingAdmin(admin.ModelAdmin):
    list_display = ("step", "user", "score", "rated_at")
    list_select_related = ("step", "user")
    raw_id_fields = ("user", "step")


@admin.register(ReviewRotation)
class ReviewRotationAdmin(admin.ModelAdmin):
    """Where a training admin sets a team's review rotation up: the team and its documents. Whose
    turn it is shows in the library's review queue."""

    list_display = ("team", "last_reviewer", "updated_at")
    list_select_related = ("team", "last_reviewer")
    filter_horizontal = ("documents",)
    raw_id_fields = ("last_reviewer",)


@admin.register(Leave)
class LeaveAdmin(admin.ModelAdmin):
    list_display = ("user", "starts", "ends", "note")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
