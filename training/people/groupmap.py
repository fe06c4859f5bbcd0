"""The directory's groups, mapped to teams and roles (``OIDC_GROUP_MAP``; README "Single sign-on
and provisioning").

The map is JSON: a group name (a value of the groups claim at single sign-on, or a SCIM group's
display name) to one assignment or a list of them::

    {"sre-platform": {"team": "platform-ops", "role": "engineer"},
     "sre-leads": [{"team": "platform-ops", "role": "manager"}, {"role": "training_admin"}]}

Roles: engineer, mentor, host, manager (each on a team) and training_admin (no team). A team
that does not exist yet is made, named after its slug. The map governs only the assignments it
names: at every sign-in (and every directory change) a person gets exactly the governed
assignments their groups give, and keeps whatever a training admin gave them by hand elsewhere.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import slugify

from training import access
from training.teams.models import Team, TeamRole

from .models import Role


@dataclass(frozen=True)
class Assignment:
    team: str | None  # a team slug; None for training_admin
    role: str


def parse(text):
    """``{group: [Assignment, ...]}`` from the JSON text; ``ImproperlyConfigured`` says what is wrong."""
    try:
        data = json.loads(text or "{}")
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"OIDC_GROUP_MAP is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ImproperlyConfigured("OIDC_GROUP_MAP must be a JSON object: {\"group\": {\"team\": ..., \"role\": ...}}")
    mapping = {}
    for group, value in data.items():
        entries = value if isinstance(value, list) else [value]
        assignments = []
        for entry in entries:
            if not isinstance(entry, dict) or entry.get("role") not in Role.values:
                raise ImproperlyConfigured(f"OIDC_GROUP_MAP[{group!r}]: each entry needs a role, one of "
                                           f"{', '.join(Role.values)}.")
            team = entry.get("team")
            if entry["role"] != Role.TRAINING_ADMIN and (not isinstance(team, str) or slugify(team) != team):
                raise ImproperlyConfigured(f"OIDC_GROUP_MAP[{group!r}]: the role {entry['role']} needs a team slug.")
            assignments.append(Assignment(team if entry["role"] != Role.TRAINING_ADMIN else None, entry["role"]))
        mapping[str(group)] = assignments
    return mapping


def configured_map():
    return parse(settings.OIDC_GROUP_MAP)


def _team(slug, cache):
    if slug not in cache:
        cache[slug], _ = Team.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ").title()})
    return cache[slug]


def apply_groups(user, groups, mapping=None):
    """Give ``user`` exactly the governed assignments their ``groups`` map to. Returns the
    ``(added, removed)`` assignments. Every change is in the audit log (the team and group
    receivers of ``training.audit``)."""
    mapping = configured_map() if mapping is None else mapping
    governed = {assignment for assignments in mapping.values() for assignment in assignments}
    wanted = {assignment for group in groups for assignment in mapping.get(str(group), [])}
    added, removed, teams = [], [], {}
    for assignment in sorted(governed, key=lambda a: (a.team or "", a.role)):
        has = holds(user, assignment, teams)
        if assignment in wanted and not has:
            grant(user, assignment, teams)
            added.append(assignment)
        elif assignment not in wanted and has:
            withdraw(user, assignment, teams)
            removed.append(assignment)
    return added, removed


def _people(assignment, teams):
    return _team(assignment.team, teams).people_with(TeamRole(assignment.role))


def holds(user, assignment, teams):
    if assignment.role == Role.TRAINING_ADMIN:
        return user.groups.filter(name=access.TRAINING_ADMINS_GROUP).exists()
    return _people(assignment, teams).filter(pk=user.pk).exists()


def grant(user, assignment, teams):
    if assignment.role == Role.TRAINING_ADMIN:
        user.groups.add(access.training_admins_group())
    else:
        _people(assignment, teams).add(user)


def withdraw(user, assignment, teams):
    if assignment.role == Role.TRAINING_ADMIN:
        user.groups.remove(access.training_admins_group())
    else:
        _people(assignment, teams).remove(user)
