"""Reads of people and teams for the training admin's pages (a fixed number of queries a page)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q

from training import access
from training.teams.models import Team

from .models import Invitation


def people(*, query="", team=None, status="active"):
    """People matching ``query`` (name, username or email), of ``team`` if given; with their teams
    in every role prefetched, and whether they are training admins or have an open invitation."""
    User = get_user_model()
    rows = User.objects.all()
    if query:
        for word in query.split():
            rows = rows.filter(Q(username__icontains=word) | Q(first_name__icontains=word)
                               | Q(last_name__icontains=word) | Q(email__icontains=word))
    if team is not None:
        rows = rows.filter(Q(teams=team) | Q(managed_teams=team) | Q(mentor_of_teams=team) | Q(host_of_teams=team))
    if status == "active":
        rows = rows.filter(is_active=True)
    elif status == "inactive":
        rows = rows.filter(is_active=False)
    only_names = Team.objects.only("name", "slug").order_by("name")
    app_label, codename = access.TRAINING_ADMIN_PERM.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return rows.distinct().annotate(
        is_training_admin=ExpressionWrapper(
            Q(is_superuser=True)
            | Exists(User.user_permissions.through.objects.filter(user=OuterRef("pk"), permission__in=permission))
            | Exists(User.groups.through.objects.filter(user=OuterRef("pk"), group__permissions__in=permission)),
            output_field=BooleanField()),
        invited=Exists(Invitation.objects.open().filter(user=OuterRef("pk"))),
    ).prefetch_related(
        Prefetch("teams", queryset=only_names), Prefetch("managed_teams", queryset=only_names),
        Prefetch("mentor_of_teams", queryset=only_names), Prefetch("host_of_teams", queryset=only_names),
    ).order_by("last_name", "first_name", "username")


def roles_of(person):
    """``[(team, role label), ...]`` from the prefetched relations of ``people()``."""
    roles = []
    for relation, label in (("managed_teams", "manager"), ("teams", "engineer"), ("mentor_of_teams", "mentor"),
                            ("host_of_teams", "host")):
        roles += [(team, label) for team in getattr(person, relation).all()]
    return sorted(roles, key=lambda pair: (pair[0].name, pair[1]))


def teams_with_counts():
    return Team.objects.prefetch_related("managers").order_by("name")


def invitations_of(person):
    return Invitation.objects.filter(user=person).select_related("invited_by").order_by("-created_at")[:5]
