from crispy_forms.helper import FormHelper
from django import forms

from .certificates import MAX_UPLOAD_BYTES
from .models import ReviewOutcome


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(choices=ReviewOutcome.choices, widget=forms.RadioSelect, initial=ReviewOutcome.FINE)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                            help_text="Required for a refresh or a revocation; a revocation shows it as the reason.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        if data.get("outcome") not in (None, ReviewOutcome.FINE) and not data.get("notes", "").strip():
            self.add_error("notes", "Notes: say why; a refresh or a revocation needs them.")
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text="Shown on the public verification page.",
                             error_messages={"required": "Reason: say why the certificate is revoked."})


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label="Certificate PDF or credential",
                           error_messages={"required": "Choose the certificate PDF or credential file to check."})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("That file is larger than 5 MB: a certificate PDF is much smaller.")
        if upload.size == 0:
            raise forms.ValidationError("That file is empty.")
        return upload
