"""Forms of the library pages (crispy-forms, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model

from .models import DocumentCategory
from .uploads import MAX_ARCHIVE_BYTES, MAX_TEXT_BYTES, ImportForm, MarkdownFilesField


def _get_helper(*fields_and_widths, button="Search"):
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.label_class = "visually-hidden"  # one row of fields; each keeps its label for screen readers
    helper.form_class = "mb-3"
    columns = [Column(name, css_class=width) for name, width in fields_and_widths]
    columns.append(Column(Submit("", button, css_class="btn-primary w-100"), css_class="col-12 col-md-2"))
    helper.layout = Layout(Row(*columns, css_class="g-2"))
    return helper


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        required=False, max_length=200, label="Search",
        widget=forms.TextInput(attrs={"placeholder": "Search titles and text", "type": "search"}),
    )
    category = forms.ChoiceField(
        required=False, label="Category", choices=[("", "All categories"), *DocumentCategory.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _get_helper(("q", "col-12 col-md-7"), ("category", "col-12 col-md-3"))


class ScenarioSearchForm(forms.Form):
    q = forms.CharField(
        required=False, max_length=200, label="Symptom",
        widget=forms.TextInput(attrs={"placeholder": "Describe the symptom, e.g. slow, database, queue",
                                      "type": "search"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _get_helper(("q", "col-12 col-md-10"))


class VersionDiffForm(forms.Form):
    """Pick two versions of one document (only those whose text was recorded)."""

    old = forms.ChoiceField(label="From version")
    new = forms.ChoiceField(label="To version")

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"{v.number} · {v.created:%d %b %Y}") for v in versions if v.body_recorded]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("old", css_class="col-6 col-md-4"),
                Column("new", css_class="col-6 col-md-4"),
                Column(Submit("", "Compare", css_class="btn-primary w-100"),
                       css_class="col-12 col-md-4 d-flex align-items-end mb-3"),
                css_class="g-2",
            )
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old") and cleaned.get("old") == cleaned.get("new"):
            raise forms.ValidationError("Pick two different versions to compare.")
        return cleaned


class DocumentImportForm(ImportForm):
    files = MarkdownFilesField(
        label="Markdown files, or a zip of a folder of them",
        help_text=f"UTF-8 .md files of at most {MAX_TEXT_BYTES // (1024 * 1024)} MB each; a zip keeps its "
                  f"folders and may unpack to {MAX_ARCHIVE_BYTES // (1024 * 1024)} MB. The first “# ” heading "
                  "is the title, the file name the slug, a “Revision History” table the versions.",
    )
    owner = forms.CharField(
        required=False, max_length=150, label="Owner of new documents (username)",
        help_text="For files whose front matter names no owner; you, when left empty.",
    )
    major = forms.BooleanField(
        required=False, label="Changed documents get a new major version (their readers must read them again)",
    )

    def clean_owner(self):
        username = self.cleaned_data["owner"].strip()
        if not username:
            return None
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"There is no active user “{username}”.")
        return user



SCORE_CHOICES = [(1, "1 · not useful"), (2, "2"), (3, "3"), (4, "4"), (5, "5 · very useful")]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(label="How useful is it?", coerce=int, choices=SCORE_CHOICES,
                                   widget=forms.RadioSelect)


class GapReportForm(forms.Form):
    text = forms.CharField(
        label="What does it not tell you?", max_length=2000, strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "This runbook does not say how to …"}),
    )


class GapCloseForm(forms.Form):
    """Which open gaps a version of the document addresses (only versions recorded after a gap
    was reported can close it: the service says so when one is older)."""

    version = forms.ChoiceField(label="Addressed in version")
    gaps = forms.MultipleChoiceField(label="Gaps this version addresses", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, versions, gaps, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {str(version.pk): version for version in versions}
        self.fields["version"].choices = [
            (pk, f"{version.number} · {version.created:%d %b %Y}") for pk, version in self.versions.items()]
        self.fields["gaps"].choices = [(str(gap.pk), gap.text) for gap in gaps]

    def clean_version(self):
        return self.versions[self.cleaned_data["version"]]
