"""Queries whose SQL depends on nothing but one user's id, compiled by the ORM once per process and
database rather than on every request: building and compiling a query of nested subqueries costs
more than running it (the three parts of the navigation's sign-off queue count: about 4 ms of
Python on every page of the people who sign, for well under a millisecond of SQL at 2,000
engineers). The queryset is built for a stand-in id that no user has, compiled, and run with the
user's id wherever the stand-in was."""

import functools

from django.db import connections

STAND_IN = -7_310_001  # ids start at 1


@functools.cache
def _compiled(build, alias, vendor):
    sql, params = build(STAND_IN).order_by().values("pk").query.get_compiler(alias).as_sql()
    if STAND_IN not in params or str(STAND_IN) in sql:  # the id must travel as a parameter only
        raise ValueError(f"{build.__qualname__}: the user's id is not a parameter of its SQL")
    return sql, tuple(params)


def ids_for(build, user_id, *, using="default"):
    """``(sql, params)`` selecting the ids of ``build(user)`` (a function of the user, or of their
    id, returning a QuerySet whose SQL no other condition changes), for ``user_id``."""
    sql, params = _compiled(build, using, connections[using].vendor)
    return sql, [user_id if param == STAND_IN else param for param in params]
