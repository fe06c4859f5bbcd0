from django import template

from training.teams.models import person_name

register = template.Library()

STATUS_CLASSES = {
    "not_started": "text-bg-light border", "in_progress": "text-bg-info", "submitted": "text-bg-warning",
    "returned": "text-bg-danger", "done": "text-bg-success",
    "pending": "text-bg-warning", "confirmed": "text-bg-success", "disputed": "text-bg-danger",
    "verified": "text-bg-success", "active": "text-bg-primary", "ready": "text-bg-success",
    "withdrawn": "text-bg-secondary",
}


@register.filter
def person(user):
    if user is None:
        return "—"
    return person_name(user)


@register.filter
def status_class(status):
    return STATUS_CLASSES.get(str(status), "text-bg-secondary")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
