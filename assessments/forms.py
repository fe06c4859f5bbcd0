"""Forms: one answer field per question of a sitting, and the reviewer's rubric scores."""

from crispy_forms.helper import FormHelper
from django import forms

from content.uploads import ImportForm, TextFileField

from .formatting import plain
from .models import QuestionBank, QuestionKind


def answer_field_name(response):
    return f"q{response.pk}"


def shown_field_name(response):
    """Hidden marker sent with every question, so "all boxes unticked" differs from "not sent"."""
    return f"q{response.pk}_shown"


class AnswerForm(forms.Form):
    """The answer to one question of an attempt. Carries no grading information: choice values
    are opaque ids, in the order drawn for this attempt."""

    def __init__(self, response, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.response = response
        self.field_name = answer_field_name(response)
        question = response.question
        by_id = {choice.pk: choice for choice in question.choices.all()}
        options = [(str(pk), plain(by_id[pk].text, question.text_format)) for pk in response.choice_order
                   if pk in by_id]
        label = f"Your answer to question {response.position}"
        kind = question.kind
        self.pairs = []  # matching: (item text, its field), one per item
        # A missing-word question answered in words or a number: the box stands in the sentence.
        self.inline = question.has_blank and kind in (QuestionKind.SHORT_ANSWER, QuestionKind.NUMERIC)
        if kind == QuestionKind.MATCHING:
            self._add_matching_fields(response, by_id)
            return
        if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.TRUE_FALSE):
            field = forms.ChoiceField(choices=options, widget=forms.RadioSelect, required=False,
                                      initial=str(response.selected[0]) if response.selected else None)
        elif kind == QuestionKind.MULTIPLE_CHOICE:
            field = forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple,
                                              required=False, initial=[str(pk) for pk in response.selected],
                                              help_text="Choose every option that applies.")
        elif kind == QuestionKind.NUMERIC:
            field = forms.CharField(required=False, max_length=50, initial=response.text,
                                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        elif kind == QuestionKind.SHORT_ANSWER:
            field = forms.CharField(required=False, max_length=500, initial=response.text,
                                    widget=forms.TextInput(attrs={"autocomplete": "off"}))
        else:
            field = forms.CharField(required=False, max_length=5000, initial=response.text,
                                    widget=forms.Textarea(attrs={"rows": 8}),
                                    help_text="A reviewer scores this answer against the scenario's rubric.")
        field.label = label
        if self.inline:
            field.widget.attrs.update({"aria-label": f"{label} (the blank)", "size": "14",
                                       "class": "form-control d-inline-block w-auto gift-blank-input"})
        self.fields[self.field_name] = field
        self._helper()

    def _helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _add_matching_fields(self, response, by_id):
        """One list per item, offering every right-hand answer in the order drawn for the sitting."""
        chosen = {item: answer for item, answer in response.selected}
        text_format = response.question.text_format
        options = [("", "Choose…")] + [(str(pk), plain(by_id[pk].match_text, text_format))
                                       for pk in response.choice_order if pk in by_id]
        items = [choice for choice in by_id.values() if choice.text]
        items.sort(key=lambda choice: (choice.position, choice.pk))
        for item in items:
            name = f"{answer_field_name(response)}_{item.pk}"
            self.fields[name] = forms.ChoiceField(
                choices=options, required=False, label=plain(item.text, text_format),
                initial=str(chosen[item.pk]) if item.pk in chosen else "",
            )
            self.pairs.append((item, name))
        self.field_name = self.pairs[0][1] if self.pairs else self.field_name
        self._helper()

    @property
    def answer_field(self):
        return self[self.field_name]

    @property
    def shown_name(self):
        return shown_field_name(self.response)

    @property
    def pair_fields(self):
        return [self[name] for _item, name in self.pairs]

    @property
    def param_names(self):
        """The fields an autosave sends (htmx ``hx-params``)."""
        return ",".join(name for _item, name in self.pairs) or self.field_name

    def answer(self):
        if self.pairs:
            return {"selected": [[item.pk, int(self.cleaned_data[name])] for item, name in self.pairs
                                 if self.cleaned_data.get(name)]}
        value = self.cleaned_data.get(self.field_name)
        if self.response.question.has_choices:
            if value in (None, ""):
                return {"selected": []}
            values = value if isinstance(value, list) else [value]
            return {"selected": [int(v) for v in values]}
        return {"text": value or ""}


def criterion_field_name(response, criterion):
    return f"r{response.pk}_c{criterion.pk}"


def comment_field_name(response):
    return f"r{response.pk}_comment"


class ReviewForm(forms.Form):
    """Points for each rubric criterion of each scenario answer waiting for review, and a comment."""

    def __init__(self, responses, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for response in responses:
            names = []
            for criterion in response.question.criteria.all():
                name = criterion_field_name(response, criterion)
                self.fields[name] = forms.IntegerField(
                    label=f"{criterion.description} (0–{criterion.max_points})",
                    min_value=0, max_value=criterion.max_points,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
                names.append((criterion, name))
            comment = comment_field_name(response)
            self.fields[comment] = forms.CharField(
                label="Comment for the engineer", required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.groups.append({"response": response, "criteria": [self[name] for _c, name in names],
                                "comment": self[comment], "_names": names})
        self.helper = FormHelper()
        self.helper.form_tag = False

    def scores(self):
        return {
            group["response"].pk: {criterion.pk: self.cleaned_data[name] for criterion, name in group["_names"]}
            for group in self.groups
        }

    def comments(self):
        return {group["response"].pk: self.cleaned_data[comment_field_name(group["response"])]
                for group in self.groups}


class QuestionImportForm(ImportForm):
    bank = forms.CharField(
        max_length=QuestionBank._meta.get_field("name").max_length, label="Question bank",
        widget=forms.TextInput(attrs={"list": "bank-names", "autocomplete": "off"}),
        help_text="The name of a bank adds the questions to it; a new name creates the bank.",
    )
    file = TextFileField(suffixes=(".gift", ".txt"), label="GIFT file",
                         help_text="UTF-8, at most 1 MB: a Moodle export or a file written by hand.")

