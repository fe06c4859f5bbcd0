from django import forms
from django.utils import timezone

from training.workflow.forms import iso_date_input

from .models import CONFIDENCE, Owner

NEW_ACTIONS = 3  # blank action rows offered on the form


def confidence_field(label):
    return forms.TypedChoiceField(
        label=label, choices=CONFIDENCE, coerce=int, widget=forms.RadioSelect,
        help_text="1: not at all confident, 5: ready for it.",
        error_messages={"required": "Confidence: pick a rating from 1 to 5."})


class CheckInForm(forms.Form):
    held_at = forms.DateField(label="Held on", widget=iso_date_input(), initial=timezone.localdate)
    mentor_confidence = confidence_field("Your confidence in the engineer")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20000,
                            help_text="What you talked about: how the week went, what was hard.")
    carried = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False,
                                        label="Actions from the last check-in (tick those done)")

    def __init__(self, *args, carried=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.carried_actions = list(carried)
        self.fields["carried"].choices = [(str(a.pk), a.text) for a in self.carried_actions]
        for i in range(NEW_ACTIONS):
            self.fields[f"action_{i}"] = forms.CharField(label=f"Action {i + 1}", required=False, max_length=300)
            self.fields[f"owner_{i}"] = forms.ChoiceField(label="Owner", choices=Owner.choices, initial=Owner.ENGINEER)

    def clean_held_at(self):
        held_at = self.cleaned_data["held_at"]
        if held_at > timezone.localdate():
            raise forms.ValidationError("The check-in date is in the future.")
        return held_at

    @property
    def action_rows(self):
        """``(text field, owner field)`` per blank action row, for the template."""
        return [(self[f"action_{i}"], self[f"owner_{i}"]) for i in range(NEW_ACTIONS)]

    @property
    def carried_rows(self):
        """``(action, ticked)`` per carried action, ticked as posted."""
        ticked = set(self["carried"].value() or [])
        return [(a, str(a.pk) in ticked) for a in self.carried_actions]

    def actions(self):
        return [(self.cleaned_data[f"action_{i}"], self.cleaned_data[f"owner_{i}"]) for i in range(NEW_ACTIONS)]

    def carried_done(self):
        return {int(pk) for pk in self.cleaned_data["carried"]}


class ConfirmForm(forms.Form):
    confidence = confidence_field("Your confidence")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20000,
                            label="Your notes", help_text="Anything you want on the record: what would help next week.")
