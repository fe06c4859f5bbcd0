from django import forms
from django.contrib.auth import get_user_model

from .models import AuditKind


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Every kind"), *AuditKind.choices], required=False)
    person = forms.CharField(required=False, max_length=150, label="Person (username)")
    # ISO values: the only format an <input type="date"> takes.
    since = forms.DateField(required=False, label="From",
                            widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To",
                            widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            small = "form-select form-select-sm" if name == "kind" else "form-control form-control-sm"
            field.widget.attrs["class"] = small

    def clean_person(self):
        username = self.cleaned_data["person"].strip()
        if not username:
            return None
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise forms.ValidationError("No user with that username.")
        return user
