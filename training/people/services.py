"""Every change to people and teams a training admin (or the directory) makes: creating people,
invitations, places on teams, deactivating a leaver, a CSV of people. Each in a transaction,
each in the audit log (what the receivers of ``training.audit`` do not already record)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from training import access
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.certification.eligibility import eligibility_sync
from training.errors import TrainingError
from training.teams.models import Team, person_name
from training.workflow.models import Enrollment, EnrollmentStatus

from .groupmap import Assignment, grant, withdraw
from .models import Invitation, Role, new_token, token_digest

INVITATION_DAYS = 7


def _require_admin(by):
    if by is not None and not access.is_training_admin(by):
        raise TrainingError("Only a training admin can change people and teams.")


def _check_username(username, *, exclude=None):
    User = get_user_model()
    field = User._meta.get_field(User.USERNAME_FIELD)
    try:
        field.run_validators(username)
    except ValidationError as exc:
        raise TrainingError(f"The username “{username}” is not valid: {' '.join(exc.messages)}") from exc
    taken = User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username})
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise TrainingError(f"The username “{username}” is taken.")


def _check_email(email, *, exclude=None):
    taken = get_user_model().objects.filter(email__iexact=email)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise TrainingError(f"Another person already has the email address {email}.")


@transaction.atomic
def person_create(*, username, email, first_name="", last_name="", team=None, role=Role.ENGINEER, by=None,
                  invite=True):
    """Make a person's account (no password yet) and, with ``invite``, email them a one-time link
    to set one (or to sign in with single sign-on). Returns ``(user, invitation or None)``."""
    _require_admin(by)
    username, email = username.strip(), email.strip().lower()
    if not username or not email:
        raise TrainingError("A person needs a username and an email address.")
    _check_username(username)
    _check_email(email)
    if role != Role.TRAINING_ADMIN and team is None:
        raise TrainingError("Choose the team of the person (or make them a training admin).")
    user = get_user_model()(username=username, email=email, first_name=first_name.strip(),
                            last_name=last_name.strip(), is_active=True)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record(kind=AuditKind.ROLE_CHANGE, subject=user, actor=by,
           summary=f"person {username} ({email}) created{' and invited' if invite else ''}")
    place(user=user, team=team, role=role, by=None)
    invitation = invitation_send(user=user, by=by) if invite else None
    return user, invitation


def place(*, user, team, role, by):
    """Give ``user`` a role: on ``team``, or training admin (no team)."""
    _require_admin(by)
    grant(user, Assignment(team.slug if team else None, role), {team.slug: team} if team else {})


def unplace(*, user, team, role, by):
    _require_admin(by)
    withdraw(user, Assignment(team.slug if team else None, role), {team.slug: team} if team else {})


@transaction.atomic
def person_move(*, user, team, by):
    """Move an engineer to ``team``: they leave every other team they are a member of."""
    _require_admin(by)
    for other in user.teams.exclude(pk=team.pk):
        other.members.remove(user)
    team.members.add(user)


@transaction.atomic
def person_update(*, user, first_name, last_name, email, by):
    _require_admin(by)
    email = email.strip().lower()
    _check_email(email, exclude=user)
    before = (user.first_name, user.last_name, user.email)
    user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "email"])
    changes = [f"{label} {old or '(empty)'} → {new or '(empty)'}" for label, old, new in
               zip(("first name", "last name", "email"), before, (user.first_name, user.last_name, user.email),
                   strict=True) if old != new]
    if changes:
        record(kind=AuditKind.ROLE_CHANGE, subject=user, actor=by,
               summary=f"{user.get_username()}: {', '.join(changes)}")
    return user


# --- Invitations ---------------------------------------------------------------------------------


def invitation_link(token):
    return settings.SITE_URL + reverse("people:invitation_accept", args=[token])


@transaction.atomic
def invitation_send(*, user, by):
    """A new one-time link for ``user`` (any earlier open one stops working), emailed to them."""
    if not user.email:
        raise TrainingError(f"{person_name(user)} has no email address to send the invitation to.")
    if not user.is_active:
        raise TrainingError(f"{person_name(user)} is deactivated: reactivate them first.")
    now = timezone.now()
    Invitation.objects.open().filter(user=user).update(revoked_at=now)
    token = new_token("inv")
    invitation = Invitation.objects.create(
        user=user, email=user.email, token_hash=token_digest(token), invited_by=by or user,
        created_at=now, expires_at=now + datetime.timedelta(days=INVITATION_DAYS))
    invitation.token = token  # shown once: in the email (and to the caller)
    link = invitation_link(token)
    inviter = person_name(by) if by else "Your training admin"
    sso = (f"\nYour company signs you in with {settings.OIDC_LABEL}: open the link and choose it, or set a "
           "password there.\n" if settings.OIDC_ISSUER else "")
    transaction.on_commit(lambda: send_mail(
        "[Shiftready] You are invited to Shiftready",
        f"Hello {person_name(user)},\n\n{inviter} invited you to Shiftready, where your on-call training and "
        f"certification live. Your username is {user.get_username()}.\n\nSet your password here (the link works "
        f"once, for {INVITATION_DAYS} days):\n{link}\n{sso}",
        settings.DEFAULT_FROM_EMAIL, [user.email]))
    record(kind=AuditKind.ROLE_CHANGE, subject=user, actor=by,
           summary=f"invitation sent to {user.get_username()} ({user.email}), valid until "
                   f"{timezone.localtime(invitation.expires_at):%Y-%m-%d %H:%M}")
    return invitation


def invitation_by_token(token):
    """The invitation a link names, open or not (the page says why a closed one does not work)."""
    return Invitation.objects.select_related("user").filter(token_hash=token_digest(token or "")).first()


def invitation_problem(invitation):
    """Why ``invitation`` cannot be used, or ""."""
    if invitation is None:
        return "This invitation link is not valid. Ask your training admin for a new one."
    if invitation.accepted_at:
        return "This invitation was already used. Log in with your username and password."
    if invitation.revoked_at:
        return "This invitation was replaced by a newer one: use the link in the latest email."
    if invitation.expires_at <= timezone.now():
        return "This invitation has expired (links work for 7 days). Ask your training admin for a new one."
    if not invitation.user.is_active:
        return "This account is deactivated. Ask your training admin."
    return ""


@transaction.atomic
def invitation_accept(*, invitation, password):
    """Set the password of the invited person; the link stops working."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise TrainingError(problem)
    user = invitation.user
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise TrainingError(" ".join(exc.messages)) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(kind=AuditKind.ROLE_CHANGE, subject=user, actor=user,
           summary=f"invitation accepted by {user.get_username()}: password set")
    return user


def invitations_close_for(user):
    """A person who signed in (single sign-on) no longer needs their invitation."""
    Invitation.objects.open().filter(user=user).update(accepted_at=timezone.now())


# --- Leavers -------------------------------------------------------------------------------------


@transaction.atomic
def person_deactivate(*, user, by, reason=""):
    """A leaver: their sessions end at once (``training.site.security``), they stop counting as
    a manager, mentor or host anywhere, and stop being the mentor of open enrollments. Their
    training record (enrollments, sign-offs, certificates) stays as it was."""
    _require_admin(by)
    if by is not None and by.pk == user.pk:
        raise TrainingError("You cannot deactivate yourself.")
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    for field in ("managers", "mentors", "hosts"):
        for team in Team.objects.filter(**{field: user}):
            getattr(team, field).remove(user)
    mentored = list(Enrollment.objects.filter(mentor=user, status=EnrollmentStatus.ACTIVE).select_related("engineer"))
    Enrollment.objects.filter(pk__in=[e.pk for e in mentored]).update(mentor=None)
    Invitation.objects.open().filter(user=user).update(revoked_at=timezone.now())
    names = ", ".join(person_name(e.engineer) for e in mentored)
    record(kind=AuditKind.ROLE_CHANGE, subject=user, actor=by,
           summary=f"{user.get_username()} deactivated{f': {reason}' if reason else ''}"
                   + (f"; no longer the mentor of {names}" if names else ""))
    eligibility_sync(engineers=[user])
    return user


@transaction.atomic
def person_reactivate(*, user, by):
    _require_admin(by)
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(kind=AuditKind.ROLE_CHANGE, subject=user, actor=by, summary=f"{user.get_username()} reactivated")
    eligibility_sync(engineers=[user])
    return user


# --- Teams ---------------------------------------------------------------------------------------


@transaction.atomic
def team_save(*, team, name, slug, review_cadence, managers, members, mentors, hosts, by):
    """Create or edit a team with its people (the audit receivers record each change)."""
    _require_admin(by)
    if not managers:
        raise TrainingError("A team needs at least one manager.")
    before = (team.name, team.slug, team.review_cadence) if team.pk else None
    team.name, team.slug, team.review_cadence = name.strip(), slug.strip(), review_cadence
    team.full_clean()
    team.save()
    if before is not None and before != (team.name, team.slug, team.review_cadence):
        record(kind=AuditKind.ROLE_CHANGE, actor=by,
               summary=f"team {before[0]} ({before[1]}, reviews {before[2]}) is now {team.name} ({team.slug}, "
                       f"reviews {team.review_cadence})")
    team.managers.set(managers)
    team.members.set(members)
    team.mentors.set(mentors)
    team.hosts.set(hosts)
    return team
