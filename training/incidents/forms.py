from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone

from content.models import Document
from training.workflow.forms import iso_date_input

from .models import FollowUp, Severity


class IncidentForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, empty_label=None)
    title = forms.CharField(max_length=200, help_text="What broke, as the team calls it: “RabbitMQ broker down”.")
    occurred_on = forms.DateField(label="Date", widget=iso_date_input(), initial=timezone.localdate)
    severity = forms.ChoiceField(choices=Severity.choices)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20000,
                              help_text="What happened and what was learnt, in a few lines.")
    documents = forms.ModelMultipleChoiceField(
        queryset=Document.objects.order_by("title"), required=False, widget=forms.CheckboxSelectMultiple,
        label="Documents it touched", help_text="The runbooks, decision trees and guides the responders used "
                                                 "or that must change because of it.")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_occurred_on(self):
        occurred_on = self.cleaned_data["occurred_on"]
        if occurred_on > timezone.localdate():
            raise forms.ValidationError("The incident's date is in the future.")
        return occurred_on


class FollowUpForm(forms.Form):
    item = forms.ChoiceField(choices=FollowUp.choices)
    done = forms.TypedChoiceField(choices=[("1", "tick"), ("0", "untick")], coerce=lambda v: v == "1")
