from . import access, selectors


def grading(request):
    """``grading_count``: scenario answers waiting for this user to grade, or None for users who
    grade no one (the navigation shows "Grading" only when it is not None)."""
    user = getattr(request, "user", None)
    if user is None or not access.is_reviewer(user):
        return {"grading_count": None}
    return {"grading_count": selectors.pending_review_count(reviewer=user)}
