"""A question's text as HTML: in the format it was written in (``[markdown]`` and ``[html]`` made
safe by the library's renderer, anything else as plain text), a missing-word question's blank
inside its sentence."""

from django import template
from django.utils.safestring import mark_safe

from ..formatting import formatted

register = template.Library()

# Stands for the blank while the text is rendered, so the sentence is rendered whole (one Markdown
# paragraph, one HTML element) and the blank lands where the answers stood. A private-use character:
# markdown-it and nh3 leave it alone, and no question is written with it.
_BLANK_MARK = "\ue000"
BLANK_HTML = ('<span class="gift-blank"><span aria-hidden="true">_____</span>'
              '<span class="visually-hidden">(blank)</span></span>')


def _safe(html):
    # Every caller passes HTML that formatted() escaped or sanitised with nh3, or a form widget.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703: escaped or sanitised by formatted()


@register.simple_tag
def question_text(question, blank=None):
    """The question's text; ``blank`` (an answer field) stands in its blank, if it has one."""
    if not question.has_blank:
        return _safe(formatted(question.text, question.text_format))
    html = formatted(question.text.replace(_BLANK_MARK, "") + _BLANK_MARK + question.text_after,
                     question.text_format)
    return _safe(html.replace(_BLANK_MARK, str(blank) if blank is not None else BLANK_HTML, 1))


@register.simple_tag
def general_feedback(question):
    """The question's general feedback (GIFT ``####``), in the question's format."""
    return _safe(formatted(question.general_feedback, question.text_format))
