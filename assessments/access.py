"""Who may see or change what in assessments: the one place views ask.

Assessments knows nothing of teams or enrollments (apps depend one way), so who may grade whose
scenario answers comes from the policy class named in ``settings.ASSESSMENTS_REVIEWER_POLICY``:
``reviewable_users(reviewer)`` returns a QuerySet of users, ``may_review(reviewer, candidate)`` a
bool. A holder of ``assessments.manage_assessments`` may grade everyone but themselves.
"""

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.module_loading import import_string

MANAGE_PERM = "assessments.manage_assessments"


@cache
def _policy_class(path):
    return import_string(path)


def reviewer_policy():
    return _policy_class(settings.ASSESSMENTS_REVIEWER_POLICY)


def can_manage(user):
    """Training admin for assessments: author quizzes, see item statistics, grade anyone."""
    return user.is_authenticated and user.has_perm(MANAGE_PERM)


def reviewable_users(reviewer):
    """QuerySet of users whose attempts ``reviewer`` may grade."""
    User = get_user_model()
    if not reviewer.is_authenticated:
        return User.objects.none()
    if can_manage(reviewer):
        return User.objects.exclude(pk=reviewer.pk)
    return reviewer_policy().reviewable_users(reviewer)


def may_review(reviewer, attempt):
    """May ``reviewer`` score the scenario answers of ``attempt``? Never their own."""
    if not reviewer.is_authenticated or reviewer.pk == attempt.user_id:
        return False
    if can_manage(reviewer):
        return True
    return bool(reviewer_policy().may_review(reviewer, attempt.user))


def is_reviewer(user):
    """Does ``user`` grade anyone at all (shows the Grading entry)?"""
    if not user.is_authenticated:
        return False
    return can_manage(user) or reviewable_users(user).exists()


def may_take(user, quiz):
    return user.is_authenticated and (quiz.is_published or can_manage(user))
