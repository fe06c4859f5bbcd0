import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from training.workflow.forms import PersonChoiceField, iso_date_input

from .models import MAX_BACKED_WEEKS


class FirstShiftsForm(forms.Form):
    date = forms.DateField(label="First shift on", widget=iso_date_input(), error_messages={
        "required": "Date: enter the day of the first shift.", "invalid": "Date: enter a date such as 2026-12-07."})
    time = forms.TimeField(label="Starting at", initial=datetime.time(9, 0),
                           widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}), error_messages={
                               "required": "Time: enter when the shift starts.",
                               "invalid": "Time: enter a time such as 09:00."})
    backup = PersonChoiceField(queryset=get_user_model().objects.none(), label="Backup", error_messages={
        "required": "Backup: choose who backs the engineer up.",
        "invalid_choice": "Backup: choose someone eligible for on-call on the engineer's team."},
        help_text="Someone eligible for on-call on the engineer's team now.")
    backed_weeks = forms.IntegerField(label="Weeks with the backup", min_value=1, max_value=MAX_BACKED_WEEKS,
                                      initial=2, error_messages={
                                          "required": "Weeks: enter how many weeks the backup stays.",
                                          "min_value": f"Weeks: from 1 to {MAX_BACKED_WEEKS}.",
                                          "max_value": f"Weeks: from 1 to {MAX_BACKED_WEEKS}."})

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["backup"].queryset = get_user_model().objects.filter(pk__in=[c.pk for c in candidates]).order_by(
            "first_name", "last_name", "username")

    def first_shift_at(self):
        moment = datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(moment)
