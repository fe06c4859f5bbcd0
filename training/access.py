"""Who may see or change what, for the training app: the one place views ask.

Roles (DESIGN.md): engineer, mentor, shadow host, manager, training admin, anonymous.
Object visibility is a QuerySet method (``visible_to``); these helpers answer the role questions
the navigation and the views need.
"""

from django.contrib.auth import get_user_model

from .models import Team

TRAINING_ADMIN_PERM = "training.manage_training"


def is_training_admin(user):
    return user.is_authenticated and user.has_perm(TRAINING_ADMIN_PERM)


def is_manager(user):
    return user.is_authenticated and Team.objects.managed_by(user).exists()


def team_members_managed_by(user):
    """Engineers whose manager is ``user`` (a QuerySet of users)."""
    return get_user_model().objects.filter(teams__manager=user).distinct()


class AttemptReviewPolicy:
    """Tells the assessments app who may grade whose scenario answers.

    Assessments knows nothing of teams or enrollments (apps depend one way), so it asks the
    policy named in ``settings.ASSESSMENTS_REVIEWER_POLICY``.
    """

    @staticmethod
    def reviewable_users(reviewer):
        """QuerySet of users whose attempts ``reviewer`` may grade."""
        User = get_user_model()
        if is_training_admin(reviewer):
            return User.objects.all()
        return team_members_managed_by(reviewer).exclude(pk=reviewer.pk)

    @classmethod
    def may_review(cls, reviewer, candidate):
        if not reviewer.is_authenticated or reviewer.pk == candidate.pk:
            return False
        return cls.reviewable_users(reviewer).filter(pk=candidate.pk).exists()


def require(predicate):
    """View decorator: 403 unless ``predicate(request.user)`` holds."""
    from functools import wraps

    from django.core.exceptions import PermissionDenied

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


manager_required = require(is_manager)
training_admin_required = require(is_training_admin)
