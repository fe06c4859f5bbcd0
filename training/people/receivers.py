"""Receivers of people: after a single sign-on the groups claim sets the person's teams and
roles (``groupmap``), and their invitation is no longer needed; a change of a directory group's
members (SCIM) does the same for each person concerned."""

from allauth.account.signals import user_logged_in
from django.conf import settings
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .groupmap import apply_groups
from .models import DirectoryGroup
from .services import invitations_close_for


def claims_of(sociallogin):
    """The ID token's and userinfo's claims (the ID token wins)."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("userinfo") or {}), **(data.get("id_token") or {})}


def groups_claim(claims):
    value = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    return [value] if isinstance(value, str) else [str(group) for group in value]


@receiver(user_logged_in, dispatch_uid="people-sso-groups")
def on_login(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is None:
        return
    apply_groups(user, groups_claim(claims_of(sociallogin)))
    invitations_close_for(user)


def directory_groups_of(user):
    return list(user.directory_groups.values_list("display_name", flat=True))


@receiver(m2m_changed, sender=DirectoryGroup.members.through, dispatch_uid="people-directory-members")
def on_directory_members(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear" and not reverse:  # Django gives no pk_set: remember who is about to go
        instance._people_cleared = list(instance.members.values_list("pk", flat=True))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # user.directory_groups changed
        apply_groups(instance, directory_groups_of(instance))
        return
    pks = getattr(instance, "_people_cleared", []) if action == "post_clear" else pk_set
    for user in model.objects.filter(pk__in=pks or []):
        apply_groups(user, directory_groups_of(user))
