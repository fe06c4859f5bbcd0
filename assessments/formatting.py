"""Question text in the format it was written in (GIFT's ``[moodle]`` ``[plain]`` ``[markdown]``
``[html]``), as safe HTML for the question and its general feedback, and as plain words for the
options, pairs and per-answer feedback (radio labels and lists cannot hold markup)."""

import html

from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape, strip_tags

from content.rendering import render_markdown, sanitize

from .models import TextFormat

MARKUP = {TextFormat.MARKDOWN, TextFormat.HTML}


def formatted(text, text_format):
    """Safe HTML of ``text`` written in ``text_format``: Markdown through the library's renderer,
    HTML through its sanitiser (nh3), anything else escaped as plain text."""
    if text_format == TextFormat.MARKDOWN:
        return render_markdown(text).html
    if text_format == TextFormat.HTML:
        return sanitize(text)
    return linebreaksbr(escape(text))


def plain(text, text_format):
    """``text`` as the words a reader sees: the markup of a Markdown or HTML question left out."""
    if text_format not in MARKUP or not text:
        return text
    return " ".join(html.unescape(strip_tags(formatted(text, text_format))).split())
