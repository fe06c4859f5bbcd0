from django.utils.functional import SimpleLazyObject

from . import selectors


def grading(request):
    """``grading_count``: scenario answers waiting for this user to grade. Counted only when a
    template asks: the navigation shows it to reviewers only (``roles.grades``, from
    ``assessments.access.is_reviewer``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"grading_count": 0}
    return {"grading_count": SimpleLazyObject(lambda: selectors.pending_review_count(reviewer=user))}
