from django.contrib import admin

from .models import (
    Attempt,
    Category,
    Choice,
    CriterionScore,
    Question,
    QuestionBank,
    Quiz,
    QuizDraw,
    QuizQuestion,
    Response,
    RubricCriterion,
)
from .services import question_rubric_settle


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


@admin.register(QuestionBank)
class QuestionBankAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [CategoryInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["position", "text", "match_text", "fraction", "feedback", "is_regex", "value", "tolerance"]


class RubricCriterionInline(admin.TabularInline):
    model = RubricCriterion
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["name", "bank", "category", "kind", "points", "needs_rubric"]
    list_filter = ["bank", "kind", "needs_rubric", "category"]
    search_fields = ["name", "text", "text_after"]
    list_select_related = ["bank", "category"]
    inlines = [ChoiceInline, RubricCriterionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        question_rubric_settle(question=form.instance)


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    extra = 0
    autocomplete_fields = ["question"]


class QuizDrawInline(admin.TabularInline):
    model = QuizDraw
    extra = 0


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "selection", "pass_mark", "max_attempts", "time_limit_minutes", "is_published"]
    list_filter = ["is_published", "selection"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuizQuestionInline, QuizDrawInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Graded work is evidence: the admin shows it and changes nothing, even for a superuser. An
    attempt changes only through the services (start, submit, review), which grade it and
    announce the grade (``signals.attempt_graded``)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    can_delete = False
    fields = ["position", "question", "selected", "text", "points", "max_points", "reviewer_comment"]
    readonly_fields = fields
    has_add_permission = ReadOnlyAdmin.has_add_permission
    has_change_permission = ReadOnlyAdmin.has_change_permission
    has_delete_permission = ReadOnlyAdmin.has_delete_permission


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ["user", "quiz", "number", "status", "score_percent", "passed", "is_late", "submitted_at"]
    list_filter = ["status", "passed", "is_late", "quiz"]
    search_fields = ["user__username", "quiz__title"]
    list_select_related = ["user", "quiz"]
    inlines = [ResponseInline]


@admin.register(CriterionScore)
class CriterionScoreAdmin(ReadOnlyAdmin):
    list_display = ["response", "criterion", "points"]
