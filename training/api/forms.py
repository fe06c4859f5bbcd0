from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Scope

EXPIRY_CHOICES = [("30", "30 days"), ("90", "90 days"), ("365", "A year")]


class PersonalTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What will use it, e.g. “my rota script”.")
    days = forms.TypedChoiceField(choices=EXPIRY_CHOICES, coerce=int, initial="90", label="Expires after")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def expires_at(self):
        return timezone.now() + timezone.timedelta(days=self.cleaned_data["days"])


class ServiceTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="The system that will use it, e.g. “paging-sync”.")
    scopes = forms.MultipleChoiceField(choices=Scope.choices, widget=forms.CheckboxSelectMultiple,
                                       initial=[Scope.READ])
    acting_as = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, label="Acts as",
        help_text="Empty: a service account made for the token, which sees everything its scopes allow. "
                  "A person: the token sees and does only what they may.")
    expires_on = forms.DateField(required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                                 help_text="Empty: never expires (revoke it when the system goes).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acting_as"].queryset = get_user_model().objects.filter(is_active=True).order_by(
            "first_name", "last_name", "username")
        self.fields["acting_as"].label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.username})"
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError("Choose a day after today.")
        return day

    def expires_at(self):
        day = self.cleaned_data["expires_on"]
        if day is None:
            return None
        return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
