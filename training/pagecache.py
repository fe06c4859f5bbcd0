"""Per-user page parts kept in the cache, keyed by what the data looks like now (README
"Performance").

The engineer's home is the page everybody opens most and the costliest to build for what it
shows, and the navigation's roles and counts are asked on every page. Both are built once and
kept under a key made of the viewer, the day (certification states and "overdue" change at
midnight) and a stamp of the data they show: the newest row of each table whose changes they
show. Every change of training state records an append-only ``SignOff`` (enrolment, steps,
logs, shifts, readiness, sign-off, certificates, reviews, revocations); reading records,
document versions and team memberships are only ever added; re-read items are added, and closed
by a new reading record. So when anything shown changes, the stamp changes and the next request
builds afresh. No signal and no invalidation: a stale key is never asked for again and ages out.

Three stamps, from one query (``stamps``):
- ``user``, for the engineer's home: the newest of the viewer's own rows (sign-offs and readiness
  level decisions on their enrollments, their re-reads, acknowledgements and team memberships,
  their teams' managers and assignments, their quiz attempts) and of the library's. Work on
  anyone else's training leaves the page in the cache.
- ``team``, for the manager's team page: the newest sign-off, re-read, check-in and readiness level
  decision of the engineers of the teams the viewer manages, and who is in those teams (counted
  too: a member who leaves removes a row). A sign-off on another team leaves the page in the cache.
- ``all``, for the navigation: the newest rows of the whole tables (``STAMP_SOURCES``), because
  its roles and queue count move with other people's work (a log to check, a shift to confirm).

``CONTENT_CACHE_SECONDS`` bounds what the stamps do not see: an edit in the Django admin (a
name, a target date, a team's manager, a permission). Only what a page shows is kept; every
permission check still asks the database. Each process may keep its own copy (the default
local-memory cache): the key comes from the database, so processes never disagree for longer.
"""

import functools
import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import get_script_prefix
from django.utils import timezone

# (app label, model name, column): the newest value of each changes when the page's data does.
STAMP_SOURCES = [
    ("training", "SignOff", "id"),
    ("training", "ReReadItem", "id"),
    ("training", "Team_members", "id"),  # someone joins a team (the manager's navigation)
    ("training", "Team_managers", "id"),  # someone becomes a manager (the navigation's roles)
    ("content", "DocumentVersion", "id"),
    ("content", "Document", "updated_at"),
    ("content", "ReadAcknowledgement", "id"),
]


# (app label, model name, column, filter): the newest of the viewer's own rows ("%s" is the
# viewer), and of the library's, which every engineer's home shows.
USER_STAMP_SOURCES = [
    ("training", "SignOff", "id", "enrollment_id IN (SELECT id FROM {Enrollment} WHERE engineer_id = %s)"),
    ("training", "ReReadItem", "id", "engineer_id = %s"),
    ("training", "LevelSignOff", "id", "enrollment_id IN (SELECT id FROM {Enrollment} WHERE engineer_id = %s)"),
    ("training", "Team_members", "id", "user_id = %s"),
    ("training", "Team_managers", "id", "team_id IN (SELECT team_id FROM {Team_members} WHERE user_id = %s)"),
    ("content", "ReadAcknowledgement", "id", "user_id = %s"),
    # What the viewer's teams gave them to do (``training.assignments``), and their quizzes sat.
    ("training", "TeamAssignment", "id", "team_id IN (SELECT team_id FROM {Team_members} WHERE user_id = %s)"),
    ("assessments", "Attempt", "submitted_at", "user_id = %s"),
    ("assessments", "Attempt", "graded_at", "user_id = %s"),
    ("content", "DocumentVersion", "id", ""),
    ("content", "Document", "updated_at", ""),
]

# The engineers of the teams the viewer manages, and their enrollments, for the team page's stamp.
MANAGED = "SELECT user_id FROM {Team_members} WHERE team_id IN (SELECT team_id FROM {Team_managers} WHERE user_id = %s)"
MANAGED_ENROLLMENTS = "SELECT id FROM {Enrollment} WHERE engineer_id IN ({managed})"

# (app label, model name, aggregate, filter): the team page's data, for a manager ("%s" is the
# viewer): the training of the engineers of their teams (sign-offs, re-reads) and who is in those
# teams, counted as well, since a member who leaves removes a row.
TEAM_STAMP_SOURCES = [
    ("training", "SignOff", "MAX(id)", "enrollment_id IN ({enrollments})"),
    ("training", "ReReadItem", "MAX(id)", "engineer_id IN ({managed})"),
    ("training", "CheckIn", "MAX(id)", "enrollment_id IN ({enrollments})"),
    ("training", "LevelSignOff", "MAX(id)", "enrollment_id IN ({enrollments})"),  # a level granted or revoked
    ("training", "ReReadItem", "COUNT(done_at)", "engineer_id IN ({managed})"),
    ("training", "Team_members", "MAX(id)", "team_id IN (SELECT team_id FROM {Team_managers} WHERE user_id = %s)"),
    ("training", "Team_members", "COUNT(*)", "team_id IN (SELECT team_id FROM {Team_managers} WHERE user_id = %s)"),
    ("training", "Team_managers", "COUNT(*)", "user_id = %s"),
]


def _table(app_label, model_name):
    return connection.ops.quote_name(apps.get_model(app_label, model_name)._meta.db_table)


@functools.cache
def _stamp_sql():
    """Built once per process (the names come from the models; asked on every request): every
    ``STAMP_SOURCES`` maximum, then every ``USER_STAMP_SOURCES`` one."""
    quote = connection.ops.quote_name
    tables = {name: _table("training", name) for name in ("Enrollment", "Team_members", "Team_managers")}
    tables["managed"] = MANAGED.format(**tables)
    tables["enrollments"] = MANAGED_ENROLLMENTS.format(**tables)
    parts = [f"(SELECT MAX({quote(column)}) FROM {_table(app_label, model_name)})"  # noqa: S608  # nosec B608: names from the models
             for app_label, model_name, column in STAMP_SOURCES]
    for app_label, model_name, column, where in USER_STAMP_SOURCES:
        condition = f" WHERE {where.format(**tables)}" if where else ""
        parts.append(f"(SELECT MAX({quote(column)}) FROM {_table(app_label, model_name)}{condition})")  # noqa: S608  # nosec B608
    for app_label, model_name, aggregate, where in TEAM_STAMP_SOURCES:
        parts.append(f"(SELECT {aggregate} FROM {_table(app_label, model_name)} WHERE {where.format(**tables)})")  # noqa: S608  # nosec B608
    return "SELECT " + ", ".join(parts)


def _hash(values):
    newest = "|".join(str(value) for value in values)
    return hashlib.blake2b(newest.encode(), digest_size=12).hexdigest()  # a key any cache takes


def stamps(request=None, user=None):
    """``{"all": ..., "user": ...}`` in one query (see the module's docstring); each maximum is
    read from a primary key's or a foreign key's index, or the documents' table (hundreds of rows),
    so the query costs about the same whatever the size of the data. Asked once per request (kept
    on ``request``): pages ask it while they render, after any change the request made."""
    found = getattr(request, "_data_stamps", None)
    if found is None:
        user = user or getattr(request, "user", None)
        viewer = user.pk if user is not None and user.is_authenticated else None
        sql = _stamp_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, [viewer] * sql.count("%s"))  # every parameter is the viewer
            row = cursor.fetchone()
        own = len(STAMP_SOURCES) + len(USER_STAMP_SOURCES)
        found = {"all": _hash(row[:len(STAMP_SOURCES)]), "user": _hash(row[len(STAMP_SOURCES):own]),
                 "team": _hash(row[own:])}
        if request is not None:
            request._data_stamps = found
    return found


def data_stamp(request=None):
    """The stamp of the whole tables: changes whenever any training data does."""
    return stamps(request)["all"]


def page_key(name, user_pk, stamp):
    """The cache key of page part ``name`` for a user: the viewer, the day, the data's stamp and
    the site's path (SCRIPT_NAME), which the links a page holds start with."""
    return f"page:{name}:{user_pk}:{timezone.localdate().isoformat()}:{stamp}:{get_script_prefix()}"


def for_user(name, request, build, *, own=False, stamp="all"):
    """What ``build()`` returns (rendered HTML, the navigation's flags) for ``request.user``,
    from the cache while the data it shows is unchanged (see the module's docstring). ``own``
    (``stamp="user"``): it shows only the viewer's own training and the library (the engineer's
    home), so other people's work leaves it in the cache; ``stamp="team"``: it shows the training
    of the teams the viewer manages (the team page), so other teams' work leaves it in place."""
    if not settings.CONTENT_CACHE_SECONDS:
        return build()
    stamp = stamps(request)["user" if own else stamp]
    key = page_key(name, request.user.pk, stamp)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.CONTENT_CACHE_SECONDS)
    return value
