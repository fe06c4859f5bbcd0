import functools

from django import template
from django.urls import get_script_prefix, reverse

from training.teams.models import person_name
from training.tracks.estimates import duration as duration_text

register = template.Library()

STATUS_CLASSES = {
    "not_started": "text-bg-light border", "in_progress": "text-bg-info", "submitted": "text-bg-warning",
    "returned": "text-bg-danger", "done": "text-bg-success",
    "pending": "text-bg-warning", "confirmed": "text-bg-success", "disputed": "text-bg-danger",
    "verified": "text-bg-success", "active": "text-bg-primary", "ready": "text-bg-success",
    "withdrawn": "text-bg-secondary",
}

_MARK = 987654320  # stands for an argument while the URL is reversed once (a number no URL holds)


@register.filter
def person(user):
    if user is None:
        return "—"
    return person_name(user)


@register.filter
def duration(minutes):
    """A step's or track's estimate in minutes as people say it: "1 h 30 min"."""
    return duration_text(minutes)


@register.filter
def status_class(status):
    return STATUS_CLASSES.get(str(status), "text-bg-secondary")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@functools.lru_cache(maxsize=256)
def _url_format(name, arguments, prefix, urlconf):
    """The URL ``name`` reversed once, as a format string with a field per argument."""
    marks = [str(_MARK + i) for i in range(arguments)]
    url = reverse(name, args=marks, urlconf=urlconf).replace("{", "{{").replace("}", "}}")
    for index, mark in enumerate(marks):
        if url.count(mark) != 1:
            raise ValueError(f"{name}: cannot stand for argument {index} once")
        url = url.replace(mark, f"{{{index}}}")
    return url


@register.simple_tag(takes_context=True)
def pk_url(context, name, *pks):
    """``{% url name pk %}`` for URLs of integer primary keys, as lists ask it once per row:
    reversed once per process (script prefix and URLconf) instead, the keys put in place. The
    URLconf is the request's own when it has one (as the request handler sets it for ``reverse``)."""
    urlconf = getattr(context.get("request"), "urlconf", None)
    return _url_format(name, len(pks), get_script_prefix(), urlconf).format(*(int(pk) for pk in pks))
