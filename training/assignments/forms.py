from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from assessments.models import Quiz
from content.models import Document
from training.workflow.forms import iso_date_input


class BriefingForm(forms.Form):
    """A quiz or a document to read, and the due date (an incident's page: its team, its reason)."""

    quiz = forms.ModelChoiceField(queryset=Quiz.objects.published().order_by("title"), required=False,
                                  empty_label="— no quiz —", help_text="A knowledge check every member takes.")
    document = forms.ModelChoiceField(
        queryset=Document.objects.filter(current_version__isnull=False).order_by("title"), required=False,
        empty_label="— no document —", label="Or a briefing to read",
        help_text="Every member reads its current version (or a later one).")
    due_on = forms.DateField(label="Due on", widget=iso_date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        if bool(data.get("quiz")) == bool(data.get("document")):
            raise forms.ValidationError("Choose one quiz to take or one document to read.")
        return data

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError("The due date has passed: choose today or a later day.")
        return due_on


class AssignmentForm(BriefingForm):
    """The quarterly team assessment: a team as well."""

    team = forms.ModelChoiceField(queryset=None, empty_label=None)

    field_order = ["team", "quiz", "document", "due_on"]

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.order_fields(self.field_order)
