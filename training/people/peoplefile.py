"""A CSV of people: ``username,email,name,team,role``, one person a line, all or nothing.

Every line is checked before anything is written; a file with any problem writes nothing and
says each problem with its line number, like the other imports. A username that exists already
is updated (name, email, a place on the team); a new one gets an account and, if asked, an
invitation. Roles: engineer, mentor, host, manager, training_admin (no team needed)."""

import csv
import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from training.teams.models import Team

from .models import Role
from .services import invitation_send, person_create, person_update, place

COLUMNS = ["username", "email", "name", "team", "role"]


class PeopleFileError(Exception):
    def __init__(self, errors, filename=""):
        self.errors, self.filename = errors, filename  # [(line, reason)]
        super().__init__("; ".join(f"line {line}: {reason}" for line, reason in errors))


@dataclass
class PersonRow:
    line: int
    username: str
    email: str
    first_name: str
    last_name: str
    team: Team | None
    role: str
    user: object = None  # the existing account, if any


def username_ok(username):
    field = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD)
    try:
        field.run_validators(username)
    except ValidationError:
        return False
    return len(username) <= field.max_length


def parse(text, filename=""):
    """The rows of a people CSV, checked against the database (read only)."""
    reader = csv.reader(io.StringIO(text))
    errors, rows = [], []
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != COLUMNS:
        raise PeopleFileError([(1, f"the first line must be the header: {','.join(COLUMNS)}")], filename)
    teams = {t.slug: t for t in Team.objects.all()}
    User = get_user_model()
    existing = {u.username.lower(): u for u in User.objects.all()}
    by_email = {u.email.lower(): u for u in existing.values() if u.email}
    seen_usernames, seen_emails = {}, {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(COLUMNS):
            errors.append((number, f"expected {len(COLUMNS)} columns ({','.join(COLUMNS)}), found {len(cells)}"))
            continue
        username, email, name, team_slug, role = (cell.strip() for cell in cells)
        email = email.lower()
        problems = []
        if not username:
            problems.append("the username is empty")
        elif not username_ok(username):
            problems.append(f"the username “{username}” may hold only letters, digits and @.+-_")
        elif username.lower() in seen_usernames:
            problems.append(f"the username {username} is also on line {seen_usernames[username.lower()]}")
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"“{email}” is not an email address")
        user = existing.get(username.lower())
        other = by_email.get(email)
        if other is not None and (user is None or other.pk != user.pk):
            problems.append(f"{email} belongs to another person ({other.username})")
        if email in seen_emails:
            problems.append(f"the email {email} is also on line {seen_emails[email]}")
        if role not in Role.values:
            problems.append(f"unknown role “{role}” (one of {', '.join(Role.values)})")
        team = teams.get(team_slug) if team_slug else None
        if team_slug and team is None:
            problems.append(f"no team with the slug “{team_slug}”")
        elif team is None and role in Role.values and role != Role.TRAINING_ADMIN:
            problems.append(f"the role {role} needs a team")
        errors += [(number, problem) for problem in problems]
        seen_usernames.setdefault(username.lower(), number)
        seen_emails.setdefault(email, number)
        first, _, last = name.partition(" ")
        rows.append(PersonRow(number, username, email, first, last, team, role, user))
    if not rows and not errors:
        errors.append((2, "no person in the file: one line per person after the header"))
    if errors:
        raise PeopleFileError(errors, filename)
    return rows


@transaction.atomic
def people_import(*, text, filename="", by, invite=True, dry_run=False):
    """Create or update every person of the file (all or nothing). Returns ``(created, updated)``
    lists of usernames; a dry run writes nothing."""
    rows = parse(text, filename)
    created = [row.username for row in rows if row.user is None]
    updated = [row.username for row in rows if row.user is not None]
    if dry_run:
        return created, updated
    for row in rows:
        if row.user is None:
            person_create(username=row.username, email=row.email, first_name=row.first_name,
                          last_name=row.last_name, team=row.team, role=row.role, by=by, invite=invite)
        else:
            person_update(user=row.user, first_name=row.first_name, last_name=row.last_name, email=row.email, by=by)
            place(user=row.user, team=row.team, role=row.role, by=by)
            if invite and not row.user.has_usable_password() and row.user.is_active:
                invitation_send(user=row.user, by=by)
    return created, updated
