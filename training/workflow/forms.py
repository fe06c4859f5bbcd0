from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from training.teams.models import person_name
from training.tracks.models import Track

from .models import Severity, ShiftRole


def person_label(user):
    return person_name(user)


def iso_date_input():
    """An ``<input type="date">`` whose value is ISO 8601, the only format browsers accept there
    (the site's locale would render 29/11/2026, which the browser drops, blank and complaining)."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class EnrollForm(forms.Form):
    engineer = PersonChoiceField(queryset=get_user_model().objects.none())
    track = forms.ModelChoiceField(queryset=Track.objects.current().order_by("name"))
    mentor = PersonChoiceField(queryset=get_user_model().objects.none(), required=False,
                               help_text="Verifies exercise logs; leave empty to do it yourself.")
    target_date = forms.DateField(required=False, widget=iso_date_input(),
                                  help_text="When the engineer should be ready for on-call.")

    def __init__(self, *args, engineers, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineer"].queryset = engineers
        self.fields["mentor"].queryset = mentors
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        if data.get("mentor") and data.get("engineer") and data["mentor"] == data["engineer"]:
            self.add_error("mentor", "An engineer cannot be their own mentor.")
        if data.get("target_date") and data["target_date"] < timezone.localdate():
            self.add_error("target_date", "The target date is in the past.")
        return data


class ExerciseLogForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=20000,
                            help_text="What you did and what you saw: commands, IDs, observations.",
                            error_messages={"required": "Notes: describe what you did; they are your evidence."})
    ticks = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False,
                                      label="Sign-off checklist")

    def __init__(self, *args, checklist, returned=None, **kwargs):
        """``returned``: the log last returned to the engineer; the form opens with its notes
        and ticks, to fix rather than to write again."""
        if returned is not None and "initial" not in kwargs:
            kwargs["initial"] = {"notes": returned.notes, "ticks": [str(t) for t in returned.checklist_ticks]}
        super().__init__(*args, **kwargs)
        self.fields["ticks"].choices = [(str(i), text) for i, text in enumerate(checklist)]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_ticks(self):
        ticks = self.cleaned_data["ticks"]
        if len(ticks) != len(self.fields["ticks"].choices):
            raise forms.ValidationError("Sign-off checklist: tick every item before you submit.")
        return [int(t) for t in ticks]


class ShadowShiftForm(forms.Form):
    date = forms.DateField(widget=iso_date_input(), initial=timezone.localdate, error_messages={
        "required": "Date: enter the day of the shift.", "invalid": "Date: enter a date such as 2026-11-29."})
    hours = forms.DecimalField(min_value=0.5, max_value=24, decimal_places=1, max_digits=4, error_messages={
        "required": "Hours: enter how long the shift was.", "invalid": "Hours: enter a number such as 3.5.",
        "min_value": "Hours: at least half an hour (0.5).", "max_value": "Hours: at most 24 in one shift.",
        "max_decimal_places": "Hours: to one decimal place, such as 3.5.",
        "max_digits": "Hours: at most 24 in one shift."})
    host = PersonChoiceField(queryset=get_user_model().objects.none(), label="On-call engineer you shadowed",
                             help_text="People eligible for on-call on your team, and its listed shadow hosts.",
                             error_messages={"required": "On-call engineer: choose who you shadowed.",
                                             "invalid_choice": "On-call engineer: choose someone from the list."})
    role = forms.ChoiceField(choices=ShiftRole.choices, initial=ShiftRole.OBSERVE,
                             error_messages={"required": "Role: choose observe, assist or lead.",
                                             "invalid_choice": "Role: choose observe, assist or lead."})
    incidents = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000,
        help_text="One per line: reference, severity (P1–P4), short summary. "
                  "E.g. INC-1042, P2, RabbitMQ queue backlog",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("Date: a shadow shift cannot be in the future.")
        return date

    def clean_incidents(self):
        incidents = []
        for number, line in enumerate(self.cleaned_data["incidents"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(",", 2)]
            if len(parts) < 2 or parts[1].upper() not in Severity.values or not parts[0]:
                raise forms.ValidationError(
                    f"Incidents, line {number}: write “reference, severity, summary” with a severity of P1 to P4."
                )
            incidents.append({"reference": parts[0][:60], "severity": parts[1].upper(),
                              "summary": (parts[2] if len(parts) > 2 else "")[:300]})
        return incidents


class CommentForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class DecisionForm(CommentForm):
    """A decision in the sign-off queue: returning a log or disputing a shift needs a comment."""

    decision = forms.CharField(required=False)
    NEEDS_COMMENT = {"return": "Comment: say what needs fixing; a returned log needs one.",
                     "dispute": "Comment: say what is wrong; a disputed shift needs one."}

    def clean(self):
        data = super().clean()
        needs = self.NEEDS_COMMENT.get(data.get("decision"))
        if needs and "comment" in data and not data["comment"].strip():
            self.add_error("comment", needs)
        return data


class ReadinessForm(forms.Form):
    """The manager's ticks: a box per judgement item. An item the system knows from its evidence
    (``workflow.readiness``) has no box to tick: it shows ticked, or not, with its steps."""

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.states = states
        for state in states:
            if not state.by_evidence:
                self.fields[f"item_{state.index}"] = forms.BooleanField(required=False, label=state.item.label)

    def checked(self):
        return [state.item.pair for state in self.states
                if not state.by_evidence and self.cleaned_data.get(f"item_{state.index}")]

    def grouped(self):
        """``(group, [(state, bound field or None)])`` in the checklist's order."""
        groups = {}
        for state in self.states:
            field = None if state.by_evidence else self[f"item_{state.index}"]
            groups.setdefault(state.item.group, []).append((state, field))
        return groups.items()
