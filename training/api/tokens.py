"""Making, finding and revoking API tokens. A token is shown once, when it is made; only its
SHA-256 is stored. Personal tokens read as their owner; a training admin makes service tokens
with any scopes, acting as a service account made for the token or as a person they name."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from training import access
from training.audit.models import AuditKind
from training.audit.recorder import record
from training.errors import TrainingError
from training.people.models import new_token, token_digest
from training.teams.models import person_name

from .models import TOKEN_PREFIX, ApiToken, Scope, TokenKind

PERSONAL_DAYS_MAX = 366
# ``last_used_at`` is written at most this often per token, so reads stay reads.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def _check(name, scopes, expires_at):
    name = (name or "").strip()
    if not name:
        raise TrainingError("Name the token after what uses it (e.g. “paging-sync”).")
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise TrainingError(f"Unknown scope {', '.join(unknown)}: choose from {', '.join(Scope.values)}.")
    if not scopes:
        raise TrainingError("Give the token at least one scope.")
    if expires_at is not None and expires_at <= timezone.now():
        raise TrainingError("The expiry date is in the past.")
    return name, [s for s in Scope.values if s in scopes]


def _make(*, name, kind, user, scopes, expires_at, by, service_account=False):
    raw = new_token(TOKEN_PREFIX)
    token = ApiToken(name=name, kind=kind, user=user, scopes=scopes, token_hash=token_digest(raw), hint=raw[:10],
                     created_by=by, expires_at=expires_at, service_account=service_account)
    token.full_clean()
    token.save()
    acting = "" if kind == TokenKind.PERSONAL else f" acting as {user.get_username()}"
    record(kind=AuditKind.ROLE_CHANGE, subject=user, actor=by,
           summary=f"API token “{name}” created ({kind}, scopes {', '.join(scopes)}{acting}"
                   f"{f', expires {expires_at:%Y-%m-%d}' if expires_at else ''})")
    return token, raw


@transaction.atomic
def personal_token_create(*, user, name, expires_at):
    """A person's own read-only token, valid at most a year."""
    name, scopes = _check(name, [Scope.READ], expires_at)
    if expires_at is None or expires_at > timezone.now() + datetime.timedelta(days=PERSONAL_DAYS_MAX):
        raise TrainingError("A personal token expires within a year: choose an expiry date.")
    return _make(name=name, kind=TokenKind.PERSONAL, user=user, scopes=scopes, expires_at=expires_at, by=user)


def _service_account(name):
    """A user the token acts as: no password, no email (nobody signs in as it), a training
    admin's visibility. Its name says what it is in every record it leaves."""
    User = get_user_model()
    base = f"svc-{slugify(name)}"[:140] or "svc-token"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    account = User(username=username, first_name=name[:150], last_name="(service)")
    account.set_unusable_password()
    account.save()
    account.groups.add(access.training_admins_group())
    return account


@transaction.atomic
def service_token_create(*, name, scopes, by, acting_as=None, expires_at=None):
    """A token for a system (HR, paging, IAM). ``acting_as``: the person whose rights it uses
    (their visibility: a manager's token sees their teams); else a service account made for it.
    ``by`` is a training admin, or None for the command line."""
    if by is not None and not access.is_training_admin(by):
        raise TrainingError("Only a training admin can make service tokens.")
    name, scopes = _check(name, scopes, expires_at)
    if acting_as is not None and not acting_as.is_active:
        raise TrainingError(f"{person_name(acting_as)}'s account is deactivated.")
    user = acting_as or _service_account(name)
    return _make(name=name, kind=TokenKind.SERVICE, user=user, scopes=scopes, expires_at=expires_at, by=by,
                 service_account=acting_as is None)


@transaction.atomic
def token_revoke(*, token, by):
    """Works at once: the next request with it is refused."""
    if by is not None and by.pk != token.user_id and not access.is_training_admin(by):
        raise TrainingError("Only the token's owner or a training admin can revoke it.")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at:
        raise TrainingError("This token is already revoked.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(kind=AuditKind.ROLE_CHANGE, subject=token.user, actor=by, summary=f"API token “{token.name}” revoked")
    return token


def token_authenticate(raw):
    """The usable token ``raw`` names, or None; notes its use (at most once a minute)."""
    if not raw or not raw.startswith(f"{TOKEN_PREFIX}_"):
        return None
    token = ApiToken.objects.usable().select_related("user").filter(token_hash=token_digest(raw)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def tokens_visible_to(user):
    """A person's own tokens; a training admin, every token."""
    tokens = ApiToken.objects.select_related("user", "created_by")
    if access.is_training_admin(user):
        return tokens
    return tokens.filter(user=user)
