"""Who may see or change what, for the training app: the one place views and services ask.

Roles (DESIGN.md): engineer, mentor, shadow host, manager, training admin, anonymous.
Object visibility is a QuerySet method (``Enrollment.objects.visible_to``); a URL naming an
object the user may not see answers 404. These predicates answer the role questions.
"""

from functools import wraps

from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from training.teams.models import Team

TRAINING_ADMIN_PERM = "training.manage_training"


def is_training_admin(user):
    return user.is_authenticated and user.has_perm(TRAINING_ADMIN_PERM)


def is_manager(user):
    return user.is_authenticated and Team.objects.managed_by(user).exists()


def team_members_managed_by(user):
    """Engineers whose manager is ``user`` (a QuerySet of users)."""
    return get_user_model().objects.filter(teams__managers=user).distinct()


def manages_engineer(user, engineer):
    return user.is_authenticated and Team.objects.filter(managers=user, members=engineer).exists()


def may_manage(user, enrollment):
    """Manager of the enrollment (named on it, or manager of the engineer's team); never the
    engineer themself."""
    if not user.is_authenticated or user.pk == enrollment.engineer_id:
        return False
    return enrollment.manager_id == user.pk or manages_engineer(user, enrollment.engineer)


def may_witness(user, enrollment):
    """Verify exercise logs: the mentor or a manager of the enrollment, never the engineer."""
    if not user.is_authenticated or user.pk == enrollment.engineer_id:
        return False
    return enrollment.mentor_id == user.pk or may_manage(user, enrollment)


def may_enrol(user, engineer):
    if not user.is_authenticated or user.pk == engineer.pk:
        return False
    return manages_engineer(user, engineer) or is_training_admin(user)


def is_engineer_of(user, enrollment):
    return user.is_authenticated and user.pk == enrollment.engineer_id


class AttemptReviewPolicy:
    """Tells the assessments app who may grade whose scenario answers: the mentor or manager of
    an active enrollment of the engineer, or a training admin.

    Assessments knows nothing of teams or enrollments (apps depend one way), so it asks the
    policy named in ``settings.ASSESSMENTS_REVIEWER_POLICY``.
    """

    @staticmethod
    def reviewable_users(reviewer):
        """QuerySet of users whose attempts ``reviewer`` may grade."""
        User = get_user_model()
        if not reviewer.is_authenticated:
            return User.objects.none()
        if is_training_admin(reviewer):
            return User.objects.exclude(pk=reviewer.pk)
        # Mentor or named manager of one of their enrollments, or manager of one of their teams
        # (the enrollments' own manager condition, ``managed_by_q``, read from the user's side).
        return User.objects.filter(
            Q(enrollments__mentor=reviewer) | Q(enrollments__manager=reviewer) | Q(teams__managers=reviewer)
        ).exclude(pk=reviewer.pk).distinct()

    @classmethod
    def may_review(cls, reviewer, candidate):
        if not reviewer.is_authenticated or reviewer.pk == candidate.pk:
            return False
        return cls.reviewable_users(reviewer).filter(pk=candidate.pk).exists()


def require(predicate):
    """View decorator: 403 unless ``predicate(request.user)`` holds."""

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


# --- Certificates, reports and exports ---------------------------------------------------------


def reportable_teams(user):
    """Teams whose reports and bulk exports ``user`` may have: those they manage; a training
    admin, every team."""
    if not user.is_authenticated:
        return Team.objects.none()
    if is_training_admin(user):
        return Team.objects.all()
    return Team.objects.managed_by(user)


def may_revoke_certificates(user):
    return is_training_admin(user)


# --- Re-authentication before the gravest decisions ---------------------------------------------

REAUTH_AFTER_SECONDS = 15 * 60
REAUTH_SESSION_KEY = "_shiftready_reauth_at"


def needs_reauth(request):
    """The final sign-off and a revocation ask for the password again when the user logged in
    (or last confirmed their password) more than 15 minutes ago: a session left open on a
    shared screen must not be enough to certify or de-certify anyone."""
    user = request.user
    if not user.is_authenticated:
        return True
    now = timezone.now().timestamp()
    moments = [request.session.get(REAUTH_SESSION_KEY) or 0]
    if user.last_login is not None:
        moments.append(user.last_login.timestamp())
    return now - max(moments) > REAUTH_AFTER_SECONDS


def reauth_refusal(request):
    """``None`` when the request may go ahead; else why not. Reads the ``password`` field of the
    POST and checks it server-side through ``authenticate``, so django-axes counts a wrong one as a
    failed login and, once the account is locked out, answers with its lockout page (429) instead;
    a right password counts as a fresh login for 15 minutes."""
    if not needs_reauth(request):
        return None
    password = request.POST.get("password", "")
    if not password:
        return "You logged in more than 15 minutes ago: enter your password to confirm."
    confirmed = authenticate(request, username=request.user.get_username(), password=password)
    if confirmed is None or confirmed.pk != request.user.pk:
        return "That password is not right: nothing was changed."
    request.session[REAUTH_SESSION_KEY] = timezone.now().timestamp()
    return None
