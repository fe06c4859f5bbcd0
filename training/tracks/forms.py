from django import forms

from content.uploads import ImportForm, TextFileField


class TrackImportForm(ImportForm):
    """A track file or an exercise file, uploaded (the commands ``import_track`` and
    ``import_exercises`` do the same from a shell)."""

    TRACK, EXERCISES = "track", "exercises"
    field_order = ["kind", "file", "strict"]
    kind = forms.ChoiceField(
        choices=[(TRACK, "Track file: stages, steps, readiness checklist"),
                 (EXERCISES, "Exercise file: hands-on exercises the tracks refer to")],
        initial=TRACK, widget=forms.RadioSelect, label="What the file holds",
    )
    strict = forms.BooleanField(
        required=False, label="Strict: refuse the file if a step's document, exercise or quiz is not found",
        help_text="Otherwise such a step is imported unlinked, with a warning, and you link it on the track's page.",
    )
    file = TextFileField(suffixes=(".md", ".markdown"), label="File",
                         help_text="Markdown with front matter, UTF-8, at most 1 MB. Import the documents, "
                                   "exercises and quizzes a track refers to first.")
