"""Queries whose SQL depends on nothing but one user's id, compiled by the ORM once per process and
database rather than on every request: building and compiling a query of nested subqueries costs
more than running it (the three parts of the navigation's sign-off queue count: about 4 ms of
Python on every page of the people who sign, for well under a millisecond of SQL at 2,000
engineers). The queryset is built for a stand-in id that no user has, compiled, and run with the
user's id wherever the stand-in was.

``objects`` and ``rows`` do the same for any QuerySet built from ids (a user's, or lists of ids
in ``__in`` lookups): the model instances with their ``select_related`` objects and annotations,
or the converted rows of a ``values_list``, exactly as the QuerySet would give them, compiled
once per shape (one id, or a list of up to 1, 2, 4 ... ``MAX_LIST`` ids)."""

import functools

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import FlatValuesListIterable, ModelIterable, get_related_populators

STAND_IN = -7_310_001  # ids start at 1
MAX_LIST = 256  # longer lists of ids: the QuerySet built and compiled as usual


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


def _size(values):
    """The list length a query is compiled for: the next power of two (few shapes per process)."""
    return 0 if not values else 1 << (len(values) - 1).bit_length()


class _Compiled:
    """One QuerySet compiled for stand-in ids, with what turns its rows into values or objects."""

    def __init__(self, queryset, alias, stand_ins):
        compiler = queryset.query.get_compiler(alias)
        try:
            self.sql, params = compiler.as_sql()
        except EmptyResultSet:  # an empty ``__in`` list that nothing else ORs: no rows
            self.sql, params = None, ()
        self.params = tuple(params)
        if self.sql is not None and any(s not in self.params or str(s) in self.sql for s in stand_ins):
            raise ValueError("an id is not a parameter of the query's SQL (or not used at all)")
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("neither prefetch_related nor a related manager's QuerySet is compiled: "
                             "start from the model's manager, load the related rows in a query of their own")
        self.model_objects = queryset._iterable_class is ModelIterable
        self.flat = queryset._iterable_class is FlatValuesListIterable
        if self.sql is not None:
            self.select, self.klass_info = compiler.select, compiler.klass_info
            self.annotation_col_map = compiler.annotation_col_map
            self.expressions = [column for column, *_ in self.select[:compiler.col_count]]
            self.width = compiler.col_count if compiler.has_extra_select else None  # columns past it: ordering only

    def rows(self, values, alias):
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [values.get(param, param) if type(param) is int else param
                                      for param in self.params])
            rows = cursor.fetchall()
        if self.width is not None:
            rows = [row[:self.width] for row in rows]
        converters = []  # as the ORM's compiler converts them, for this connection
        for position, expression in enumerate(self.expressions):
            found = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
            if found:
                converters.append((position, found, expression))
        if converters:
            rows = [list(row) for row in rows]
            for row in rows:
                for position, found, expression in converters:
                    for converter in found:
                        row[position] = converter(row[position], expression, connection)
        return [row[0] for row in rows] if self.flat else rows

    def objects(self, rows, alias):
        model, fields = self.klass_info["model"], self.klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        names = [column[0].target.attname for column in self.select[start:end]]
        populators = get_related_populators(self.klass_info, self.select, alias)
        result = []
        for row in rows:
            obj = model.from_db(alias, names, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in self.annotation_col_map.items():
                setattr(obj, name, row[position])
            result.append(obj)
        return result


@functools.lru_cache(maxsize=512)
def _compile(build, shape, alias, vendor):
    stand_in = iter(range(STAND_IN, STAND_IN - 100_000, -1))
    args = [next(stand_in) if size is None else [next(stand_in) for _ in range(size)] for size in shape]
    stand_ins = [arg for arg in args if type(arg) is int] + [s for arg in args if type(arg) is list for s in arg]
    return _Compiled(build(*args), alias, stand_ins), args


def _run(build, args, using):
    """``(compiled, rows)``, or ``(None, queryset)`` when a list is too long to compile for."""
    if any(isinstance(arg, (list, tuple, set, frozenset)) and len(arg) > MAX_LIST for arg in args):
        return None, build(*args)
    args = [list(arg) if isinstance(arg, (tuple, set, frozenset)) else arg for arg in args]
    shape = tuple(_size(arg) if isinstance(arg, list) else None for arg in args)
    compiled, stand_ins = _compile(build, shape, using, connections[using].vendor)
    if compiled.sql is None:
        return compiled, []
    values = {}
    for stand_in, arg in zip(stand_ins, args, strict=True):
        if isinstance(arg, list):  # padded with its first id: the same ``IN``
            values.update(zip(stand_in, arg + arg[:1] * (len(stand_in) - len(arg)), strict=True))
        else:
            values[stand_in] = arg
    return compiled, compiled.rows(values, using)


def objects(build, *args, using="default"):
    """The model instances of ``build(*args)`` (a QuerySet of model instances, ``select_related``
    and annotations allowed, no ``prefetch_related``), as a list. ``args``: ids, or lists of ids
    that the QuerySet uses only in ``__in`` lookups; nothing else may change its SQL."""
    compiled, rows = _run(build, args, using)
    if compiled is None:
        return list(rows)
    if not compiled.model_objects:
        raise ValueError(f"{build.__qualname__}: not a QuerySet of model instances (use rows)")
    return compiled.objects(rows, using) if rows else []


def rows(build, *args, using="default"):
    """The rows of ``build(*args)`` (a ``values_list`` QuerySet, its values converted as the ORM
    does), as a list of sequences, or of values (``flat=True``); ``args`` as for ``objects``."""
    compiled, found = _run(build, args, using)
    return list(found) if compiled is None else found
