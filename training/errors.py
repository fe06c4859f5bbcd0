"""The one exception a refused action raises in the training app, and how a view turns it into
a message."""

from django.contrib import messages


class TrainingError(Exception):
    """A refused action; the view turns it into a message."""


def attempt(request, action, success):
    """Run a service call; a refusal becomes an error message, success the ``success`` message.
    Returns the result, or None when refused."""
    try:
        result = action()
    except TrainingError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, success)
    return result


def attempt_form(request, form, action, success):
    """``attempt`` for a form that its page shows again when refused: the refusal goes on the
    form (above its fields, beside each field's own errors) rather than into a message, and the
    values typed stay in the form. Returns the result, or None when refused."""
    try:
        result = action()
    except TrainingError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, success)
    return result


def form_refused(request, form):
    """Every error of a form posted from a page that redirects back, as one error message."""
    messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
