from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model

from content.uploads import ImportForm, TextFileField
from training.teams.models import ReviewCadence, Team, person_name

from .models import Role


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{person_name(obj)} ({obj.get_username()})"


def _no_tag(form):
    form.helper = FormHelper()
    form.helper.form_tag = False
    return form


class PersonForm(forms.Form):
    username = forms.CharField(max_length=150)
    email = forms.EmailField()
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), required=False,
                                  help_text="Needed for every role but training admin.")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.ENGINEER)
    invite = forms.BooleanField(required=False, initial=True, label="Email an invitation (a link to set a password, "
                                                                      "valid 7 days)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_tag(self)

    def clean(self):
        data = super().clean()
        if data.get("role") and data["role"] != Role.TRAINING_ADMIN and not data.get("team"):
            self.add_error("team", "Choose the team: every role but training admin is on a team.")
        return data


class PersonDetailsForm(forms.Form):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_tag(self)


class PlaceForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), required=False)
    role = forms.ChoiceField(choices=Role.choices)

    def clean(self):
        data = super().clean()
        if data.get("role") and data["role"] != Role.TRAINING_ADMIN and not data.get("team"):
            self.add_error("team", "Choose the team.")
        return data


class MoveForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), label="Move to team")


class DeactivateForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False, help_text="Kept in the audit log.")


class TeamForm(forms.Form):
    name = forms.CharField(max_length=120)
    slug = forms.SlugField(max_length=120, help_text="In addresses and the directory's group map.")
    review_cadence = forms.ChoiceField(choices=ReviewCadence.choices, initial=ReviewCadence.NONE)
    managers = PersonChoices(queryset=get_user_model().objects.none(), help_text="At least one.")
    members = PersonChoices(queryset=get_user_model().objects.none(), required=False, label="Engineers (members)")
    mentors = PersonChoices(queryset=get_user_model().objects.none(), required=False)
    hosts = PersonChoices(queryset=get_user_model().objects.none(), required=False, label="Shadow hosts")

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")
        for name in ("managers", "members", "mentors", "hosts"):
            self.fields[name].queryset = people
            self.fields[name].widget.attrs["size"] = 8
        self.team = team
        _no_tag(self)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = Team.objects.filter(slug=slug)
        if self.team is not None and self.team.pk:
            taken = taken.exclude(pk=self.team.pk)
        if taken.exists():
            raise forms.ValidationError("Another team has this slug.")
        return slug

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Team.objects.filter(name__iexact=name)
        if self.team is not None and self.team.pk:
            taken = taken.exclude(pk=self.team.pk)
        if taken.exists():
            raise forms.ValidationError("Another team has this name.")
        return name


class PeopleImportForm(ImportForm):
    """A CSV of people (username,email,name,team,role)."""

    file = TextFileField(suffixes=(".csv",), label="CSV file",
                         help_text="UTF-8, at most 1 MB; header username,email,name,team,role.")
    invite = forms.BooleanField(required=False, initial=True, label="Email an invitation to every new person")


class InvitationAcceptForm(forms.Form):
    password1 = forms.CharField(label="New password",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="The same password again",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "The two passwords differ.")
        return data
