"""Who may see or change what, for the training app: the one place views and services ask.

Roles (DESIGN.md): engineer, mentor, shadow host, manager, training admin, anonymous.
Object visibility is a QuerySet method (``Enrollment.objects.visible_to``); a URL naming an
object the user may not see answers 404. These predicates answer the role questions.
"""

import ipaddress
from functools import wraps

from allauth.account.authentication import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from training.teams.models import Team

TRAINING_ADMIN_PERM = "training.manage_training"
TRAINING_ADMINS_GROUP = "Training admins"
# Each app defines its own authoring permission (apps stay independent); a training admin has all.
TRAINING_ADMIN_PERMISSIONS = [
    ("training", "manage_training"),
    ("content", "manage_content"),
    ("assessments", "manage_assessments"),
]


def training_admin_permissions():
    query = Q(pk__in=[])
    for app_label, codename in TRAINING_ADMIN_PERMISSIONS:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def training_admins_group():
    """The group that makes its members training admins (every app's authoring permission)."""
    group, _ = Group.objects.get_or_create(name=TRAINING_ADMINS_GROUP)
    group.permissions.add(*training_admin_permissions())
    return group


def is_training_admin(user):
    return user.is_authenticated and user.has_perm(TRAINING_ADMIN_PERM)


def is_manager(user):
    return user.is_authenticated and Team.objects.managed_by(user).exists()


def team_members_managed_by(user):
    """Engineers whose manager is ``user`` (a QuerySet of users)."""
    return get_user_model().objects.filter(teams__managers=user).distinct()


def teams_visible_to(user):
    """Teams ``user`` may see: those they manage, belong to, mentor or host for; a training
    admin, every team."""
    if not user.is_authenticated:
        return Team.objects.none()
    if is_training_admin(user):
        return Team.objects.all()
    ids = Team.objects.filter(Q(managers=user) | Q(members=user) | Q(mentors=user) | Q(hosts=user)).values("pk")
    return Team.objects.filter(pk__in=ids)


def people_visible_to(user):
    """People ``user`` may see: themself and the people of the teams they may see; a training
    admin, everyone."""
    User = get_user_model()
    if not user.is_authenticated:
        return User.objects.none()
    if is_training_admin(user):
        return User.objects.all()
    teams = teams_visible_to(user).values("pk")
    ids = User.objects.filter(Q(pk=user.pk) | Q(teams__in=teams) | Q(managed_teams__in=teams)
                              | Q(mentor_of_teams__in=teams) | Q(host_of_teams__in=teams)).values("pk")
    return User.objects.filter(pk__in=ids)


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


def may_hold_checkin(user, enrollment):
    """Record a weekly check-in of the enrollment: its mentor, its manager or a training admin;
    never the engineer (they add their own rating to it)."""
    if not user.is_authenticated or user.pk == enrollment.engineer_id:
        return False
    return may_witness(user, enrollment) or is_training_admin(user)


def may_schedule_first_shifts(user, enrollment):
    """Schedule an engineer's first on-call shifts with a backup, change them and confirm the
    engineer on the rota: their manager or a training admin; never the engineer."""
    if not user.is_authenticated or user.pk == enrollment.engineer_id:
        return False
    return may_manage(user, enrollment) or is_training_admin(user)


def may_enrol(user, engineer):
    if not user.is_authenticated or user.pk == engineer.pk:
        return False
    return manages_engineer(user, engineer) or is_training_admin(user)


def is_engineer_of(user, enrollment):
    return user.is_authenticated and user.pk == enrollment.engineer_id


def may_record_shift(user, enrollment):
    """Log a shadow shift of the enrollment: the engineer on their page; through the API (the
    paging system), also their manager or a training admin. The host still confirms it."""
    return is_engineer_of(user, enrollment) or may_manage(user, enrollment) or is_training_admin(user)


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
        # Three lists of ids, each read from an index: joined and DISTINCT, the OR read every
        # user's enrollments and teams (10-30 ms at 2,000 engineers, on every page's navigation).
        members = Team.members.through.objects.filter(team__managers=reviewer).values("user_id")
        return User.objects.filter(
            Q(pk__in=reviewer.mentored_enrollments.values("engineer_id"))
            | Q(pk__in=reviewer.managed_enrollments.values("engineer_id")) | Q(pk__in=members)
        ).exclude(pk=reviewer.pk)

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


def may_see_metrics(user):
    """The programme metrics page: managers (the figures of the teams they manage,
    ``reportable_teams``) and training admins (every team's); nobody else."""
    return is_manager(user) or is_training_admin(user)


def may_revoke_certificates(user):
    return is_training_admin(user)


# --- Re-authentication before the gravest decisions ---------------------------------------------

REAUTH_AFTER_SECONDS = 15 * 60
REAUTH_SESSION_KEY = "_shiftready_reauth_at"


def has_second_factor(user):
    """A TOTP app, a passkey or security key (allauth's MFA; recovery codes alone do not count)."""
    return user.is_authenticated and is_mfa_enabled(user, types=["totp", "webauthn"])


def _last_confirmed(request):
    """When the user last proved who they are: the login, our own password prompt, or any
    authentication allauth recorded in the session (a password, a TOTP code, a passkey)."""
    moments = [request.session.get(REAUTH_SESSION_KEY) or 0]
    if request.user.last_login is not None:
        moments.append(request.user.last_login.timestamp())
    moments += [record.get("at", 0) for record in get_authentication_records(request, request.user)]
    return max(moments)


def needs_reauth(request):
    """The final sign-off and a revocation ask who it is again when the user logged in (or last
    confirmed it was them) more than 15 minutes ago: a session left open on a shared screen must
    not be enough to certify or de-certify anyone."""
    if not request.user.is_authenticated:
        return True
    return timezone.now().timestamp() - _last_confirmed(request) > REAUTH_AFTER_SECONDS


def reauth_refusal(request):
    """``None`` when the request may go ahead; else why not.

    The prompt offers the password, checked here through ``authenticate`` so that django-axes
    counts a wrong one as a failed login and, once the account is locked out, answers with its
    lockout page (429); a right password counts as a fresh login for 15 minutes. A person with a
    second factor may confirm with it instead (``reauth=second_factor``): allauth keeps this POST,
    asks for a TOTP code or the passkey, and replays the POST once they are confirmed."""
    if not needs_reauth(request):
        return None
    if request.POST.get("reauth") == "second_factor" and has_second_factor(request.user):
        raise ReauthenticationRequired
    password = request.POST.get("password", "")
    if not password:
        return "You logged in more than 15 minutes ago: enter your password to confirm."
    confirmed = authenticate(request, username=request.user.get_username(), password=password)
    if confirmed is None or confirmed.pk != request.user.pk:
        return "That password is not right: nothing was changed."
    request.session[REAUTH_SESSION_KEY] = timezone.now().timestamp()
    return None


# --- Where a request comes from --------------------------------------------------------------


def _address(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address, for the lockout (django-axes), the rate limits (allauth) and the
    audit log. ``REMOTE_ADDR``, unless ``TRUSTED_PROXY_COUNT`` says how many reverse proxies stand
    in front: each appends the address it saw to ``X-Forwarded-For``, so the N-th from the right
    is the one the outermost trusted proxy saw. Anything further left is whatever the client
    wrote and is never believed; a header too short for N proxies is ignored."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count and (address := _address(hops[-count])):
            return address
    return _address(request.META.get("REMOTE_ADDR", "")) or None

