"""The demo organisation that `manage.py load_demo` builds. Idempotent: running it twice
leaves the same state."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from .models import Team

DEMO_PASSWORD = "shiftready"  # noqa: S105 (demo only, printed on purpose)

# username, first name, last name, role shown in the printed logins
PEOPLE = [
    ("admin", "Ada", "Admin", "training admin (and Django superuser)"),
    ("manager", "Morgan", "Reyes", "manager of Platform Operations"),
    ("mentor", "Mei", "Tanaka", "mentor"),
    ("host", "Hugo", "Lindqvist", "on-call engineer (shadow host)"),
    ("alice", "Alice", "Okafor", "new engineer"),
    ("bob", "Bob", "Novak", "new engineer"),
    ("carol", "Carol", "Haddad", "new engineer"),
]
TRAINING_ADMINS_GROUP = "Training admins"
# Each app defines its own authoring permission (apps stay independent); a training admin has all.
TRAINING_ADMIN_PERMISSIONS = [
    ("training", "manage_training"),
    ("content", "manage_content"),
    ("assessments", "manage_assessments"),
]


def training_admin_permissions():
    from django.db.models import Q

    query = Q(pk__in=[])
    for app_label, codename in TRAINING_ADMIN_PERMISSIONS:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def load_people():
    """Create the demo people and their team; return them by username."""
    User = get_user_model()
    people = {}
    for username, first, last, _role in PEOPLE:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@shiftready.example"
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        people[username] = user

    group, _ = Group.objects.get_or_create(name=TRAINING_ADMINS_GROUP)
    group.permissions.add(*training_admin_permissions())
    admin = people["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    admin.groups.add(group)

    team, _ = Team.objects.update_or_create(
        slug="platform-ops", defaults={"name": "Platform Operations", "manager": people["manager"]}
    )
    team.members.set([people[name] for name in ("mentor", "host", "alice", "bob", "carol")])
    return people


def logins_table():
    rows = [("username", "password", "role")] + [(u, DEMO_PASSWORD, role) for u, _f, _l, role in PEOPLE]
    w1 = max(len(r[0]) for r in rows)
    w2 = max(len(r[1]) for r in rows)
    lines = [f"  {a.ljust(w1)}  {b.ljust(w2)}  {c}" for a, b, c in rows]
    return "\n".join(lines)
