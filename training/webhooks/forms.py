from crispy_forms.helper import FormHelper
from django import forms

from training.teams.models import Team

from .models import EVENT_TYPES, Kind
from .services import MAX_OVERLAP_HOURS


class SubscriptionForm(forms.Form):
    url = forms.CharField(label="URL", max_length=500, help_text="https://, on a public address.")
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.STANDARD,
                             help_text="Slack and Teams get a readable message instead of the signed JSON.")
    all_events = forms.BooleanField(required=False, initial=True, label="Every event (and those added later)")
    events = forms.MultipleChoiceField(choices=[(name, f"{name}: {text}") for name, text in EVENT_TYPES.items()],
                                       widget=forms.CheckboxSelectMultiple, required=False,
                                       label="Or only these events")
    team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), required=False, empty_label="Every team",
                                  help_text="Only events about this team's people.")
    description = forms.CharField(max_length=200, required=False, help_text="What receives it, for whom.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        if not data.get("all_events") and not data.get("events"):
            self.add_error("events", "Choose at least one event, or every event.")
        return data

    def event_names(self):
        return ["*"] if self.cleaned_data["all_events"] else self.cleaned_data["events"]


class RotateForm(forms.Form):
    overlap_hours = forms.IntegerField(min_value=0, max_value=MAX_OVERLAP_HOURS, initial=24,
                                       label="Hours the old secret stays valid")
