"""Per-user page parts kept in the cache, keyed by what the data looks like now (README
"Performance").

The engineer's home is the page everybody opens most and the costliest to build for what it
shows, and the navigation's roles and counts are asked on every page. Both are built once and
kept under a key made of the viewer, the day (certification states and "overdue" change at
midnight) and ``data_stamp()``: the newest row of each table whose changes they show. Every
change of training state records an append-only ``SignOff`` (enrolment, steps, logs, shifts,
readiness, sign-off, certificates, reviews, revocations); reading records, document versions
and team memberships are only ever added; re-read items are added, and closed by a new reading
record. So when anything shown changes, the stamp changes and the next request builds afresh.
No signal and no invalidation: a stale key is never asked for again and ages out.

``CONTENT_CACHE_SECONDS`` bounds what the stamp does not see: an edit in the Django admin (a
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


@functools.cache
def _stamp_sql():
    """Built once per process (the names come from the models; asked on every request)."""
    quote = connection.ops.quote_name
    parts = []
    for app_label, model_name, column in STAMP_SOURCES:
        table = apps.get_model(app_label, model_name)._meta.db_table
        parts.append(f"(SELECT MAX({quote(column)}) FROM {quote(table)})")  # noqa: S608  # nosec B608: names from the models
    return "SELECT " + ", ".join(parts)


def data_stamp(request=None):
    """One query: the newest value of every ``STAMP_SOURCES`` column, hashed. Each is a
    primary key (read from its index) or the documents' table (hundreds of rows), so the query
    costs about the same whatever the size of the data.
    Asked once per request (kept on ``request``): pages ask it while they render, after any
    change the request made."""
    stamp = getattr(request, "_data_stamp", None)
    if stamp is None:
        with connection.cursor() as cursor:
            cursor.execute(_stamp_sql())
            newest = "|".join(str(value) for value in cursor.fetchone())
        stamp = hashlib.blake2b(newest.encode(), digest_size=12).hexdigest()  # a key any cache takes
        if request is not None:
            request._data_stamp = stamp
    return stamp


def for_user(name, request, build):
    """What ``build()`` returns (rendered HTML, the navigation's flags) for ``request.user``,
    from the cache while the data it shows is unchanged (see the module's docstring)."""
    if not settings.CONTENT_CACHE_SECONDS:
        return build()
    key = f"page:{name}:{request.user.pk}:{timezone.localdate().isoformat()}:{data_stamp(request)}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.CONTENT_CACHE_SECONDS)
    return value
