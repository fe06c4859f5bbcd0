from django import forms

from training import access
from training.tracks.models import Track
from training.workflow.forms import iso_date_input


class MetricsFilterForm(forms.Form):
    """The filters of the metrics page: a team (of those the viewer may report on), a track and a
    date range. Empty: everything the viewer may see."""

    team = forms.ModelChoiceField(queryset=None, required=False, empty_label="All my teams", to_field_name="slug")
    track = forms.ChoiceField(required=False)
    start = forms.DateField(label="From", required=False, widget=iso_date_input())
    end = forms.DateField(label="To", required=False, widget=iso_date_input())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = access.reportable_teams(user).order_by("name")
        if access.is_training_admin(user):
            self.fields["team"].empty_label = "All teams"
        tracks = Track.objects.current().order_by("name").values_list("slug", "name")
        self.fields["track"].choices = [("", "All tracks"), *tracks]
        for name, field in self.fields.items():
            css = "form-select" if name in ("team", "track") else "form-control"
            field.widget.attrs["class"] = css + (" is-invalid" if self.is_bound and name in self.errors else "")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end of the range comes before its start.")
        return cleaned
