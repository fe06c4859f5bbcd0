from django import forms

from training.tracks.frontmatter import LEVEL_NAME_MAX


class GrantForm(forms.Form):
    level = forms.CharField(widget=forms.HiddenInput, max_length=LEVEL_NAME_MAX)
    comment = forms.CharField(label="Comment (optional)", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="What the engineer showed, or what the level allows them to do.")


class RevokeForm(forms.Form):
    level = forms.CharField(widget=forms.HiddenInput, max_length=LEVEL_NAME_MAX)
    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Say why: a revoked level needs a reason."})
