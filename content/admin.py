"""Django admin for small edits. Saving a document goes through the services, so a changed title
or text adds a version and every earlier version stays."""

from django import forms
from django.contrib import admin

from . import services
from .docfiles import normalize_body
from .models import (
    Document,
    DocumentVersion,
    LearningPath,
    LearningPathItem,
    ReadAcknowledgement,
    Scenario,
    ScenarioLink,
)
from .versions import ContentError, tree_check


class DocumentAdminForm(forms.ModelForm):
    change_note = forms.CharField(
        required=False, max_length=500, help_text="Shown in the version history when the text changes."
    )
    major_change = forms.BooleanField(
        required=False, help_text="A major version: everyone who read an older one must re-read it."
    )

    class Meta:
        model = Document
        fields = [
            "title", "slug", "category", "purpose", "owner", "review_cadence", "last_reviewed", "body",
        ]

    def clean(self):
        """A decision tree's questions are checked here, so a broken one is a form error, not a crash."""
        data = super().clean()
        try:
            tree_check(category=data.get("category"), body=normalize_body(data.get("body") or ""))
        except ContentError as error:
            self.add_error("body", str(error))
        return data


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    fields = ["number", "created", "change_note", "body_recorded"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentAdminForm
    list_display = ["title", "slug", "category", "current_version", "review_due", "owner"]
    list_filter = ["category", "review_cadence"]
    search_fields = ["title", "slug", "purpose"]
    readonly_fields = ["reading_minutes", "review_due", "current_version", "source_path"]
    inlines = [DocumentVersionInline]
    list_select_related = ["current_version", "owner"]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in DocumentAdminForm.Meta.fields if name != "slug"}
        note = form.cleaned_data.get("change_note", "")
        if change:
            document = Document.objects.get(pk=obj.pk)
            if form.cleaned_data["slug"] != document.slug:
                Document.objects.filter(pk=obj.pk).update(slug=form.cleaned_data["slug"])
                document.slug = form.cleaned_data["slug"]
            services.document_update(
                document=document, change_note=note, major=form.cleaned_data.get("major_change", False), **data
            )
        else:
            document = services.document_create(
                slug=form.cleaned_data["slug"], change_note=note or "First version", **data
            )
        obj.pk = document.pk
        obj._state.adding = False
        obj.refresh_from_db()


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin):
    list_display = ["title", "role", "position"]
    prepopulated_fields = {"slug": ["title"]}

    class ItemInline(admin.TabularInline):
        model = LearningPathItem
        fields = ["position", "document", "section", "minutes", "note"]
        extra = 0
        autocomplete_fields = ["document"]

    inlines = [ItemInline]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["symptom"]
    search_fields = ["symptom", "description"]
    prepopulated_fields = {"slug": ["symptom"]}

    class LinkInline(admin.TabularInline):
        model = ScenarioLink
        fields = ["position", "document", "section", "note"]
        extra = 0
        autocomplete_fields = ["document"]

    inlines = [LinkInline]


@admin.register(ReadAcknowledgement)
class ReadAcknowledgementAdmin(admin.ModelAdmin):
    """Read-only, even for a superuser: an acknowledgement is the evidence that a person read a
    version (a training step completes on it), made only by the person on the document's page."""

    list_display = ["user", "document", "version", "acknowledged_at"]
    list_select_related = ["user", "document", "version"]
    readonly_fields = ["user", "document", "version", "acknowledged_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
