"""Whose training a metrics page counts: the teams the viewer may report on (``access``),
narrowed by the filters (a team, a track, a date range)."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, ExpressionWrapper, F, FloatField, Func, IntegerField, Q
from django.db.models.functions import Cast
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from training import access
from training.teams.models import Team, person_name
from training.workflow.models import Enrollment


@dataclass
class Scope:
    """The teams counted (``{id: name}``), the teams of each of their engineers, and the filters.

    An enrollment counts for each counted team its engineer belongs to; engineers in no team are
    in no team's figures."""

    teams: dict
    team_of: dict = field(default_factory=dict)  # engineer id -> [team names], in name order
    track_slug: str = ""
    start: object = None  # a date: enrollments started, events happened, on or after it
    end: object = None  # ... on or before it
    today: object = None
    known: dict = field(default_factory=dict, repr=False, compare=False)  # what ``once`` read

    @classmethod
    def build(cls, user, *, team=None, track_slug="", start=None, end=None, today=None):
        """Two queries: the teams, and their members."""
        teams = access.reportable_teams(user)
        if team is not None:
            teams = teams.filter(pk=team.pk)
        teams = dict(teams.order_by("name").values_list("pk", "name"))
        scope = cls(teams=teams, track_slug=track_slug, start=start, end=end, today=today or timezone.localdate())
        for team_id, engineer_id in Team.members.through.objects.filter(team_id__in=teams).values_list(
                "team_id", "user_id"):
            scope.team_of.setdefault(engineer_id, []).append(teams[team_id])
        for names in scope.team_of.values():
            names.sort()
        return scope

    @property
    def engineer_ids(self):
        return list(self.team_of)

    def members(self):
        """The engineers counted, as a subquery."""
        return Team.members.through.objects.filter(team_id__in=list(self.teams)).values("user_id")

    def enrollments(self, *, dated=True):
        """Enrollments of the counted engineers on the track filtered, started in the date range
        (``dated``)."""
        enrollments = Enrollment.objects.filter(engineer_id__in=self.members())
        if self.track_slug:
            enrollments = enrollments.filter(track__slug=self.track_slug)
        if dated:
            enrollments = enrollments.filter(self.between("start_date"))
        return enrollments

    def enrollment_rows(self):
        """The enrollments counted (``enrollments()``) as dicts of their engineer, track (id and
        name), status, start date and sign-off moment: read once for the figures that need them."""
        return self.once("enrollments", lambda: list(self.enrollments().order_by().values(
            "pk", "engineer_id", "track_id", "track__name", "status", "start_date", "ready_at")))

    def once(self, key, read):
        """``read()`` the first time ``key`` is asked of this scope, the same answer after: a
        reading that two figures share is done once for the page."""
        if key not in self.known:
            self.known[key] = read()
        return self.known[key]

    def between(self, lookup, *, date=False):
        """The condition "``lookup`` falls in the date range": a date field, or a datetime one
        compared by its day (``date=True``)."""
        path = f"{lookup}__date" if date else lookup
        condition = Q()
        if self.start:
            condition &= Q(**{f"{path}__gte": self.start})
        if self.end:
            condition &= Q(**{f"{path}__lte": self.end})
        return condition


@dataclass
class Figure:
    """One figure of the page: what it is, its table (``header`` and ``rows``, also its CSV) and
    its charts."""

    name: str  # its address: /manage/metrics/<name>.csv
    title: str
    about: str
    header: list
    rows: list
    charts: list = field(default_factory=list)
    note: str = ""

    @property
    def shown_rows(self):
        """The table's first ``SHOWN_ROWS`` rows as HTML, each cell as the template would render
        it (localized, escaped, "—" for none): written here, not by a template loop, because a page
        of figures holds thousands of cells (as ``Chart.markup``). A number is localized once per
        table, however many cells hold it."""
        written = {}

        def cell(value):
            if value is None:
                return "—"
            if isinstance(value, str):
                return conditional_escape(value)
            key = (type(value), repr(value))  # 0.0 and -0.0, 1 and 1.0 and True apart
            if key not in written:
                written[key] = conditional_escape(str(localize(value)))
            return written[key]

        return mark_safe("".join(  # noqa: S308  # nosec B308 B703: every cell is escaped
            "<tr>" + "".join(f"<td>{cell(value)}</td>" for value in row) + "</tr>" for row in self.rows[:SHOWN_ROWS]))


SHOWN_ROWS = 100  # the page shows a table's first rows; its CSV has them all


def names_of(user_ids):
    """``{user id: how the site names them}`` in one query (none for no ids)."""
    if not user_ids:
        return {}
    users = get_user_model().objects.filter(pk__in=list(user_ids)).only("username", "first_name", "last_name")
    return {user.pk: person_name(user) for user in users}


def enrollment_in(path, enrollments):
    """The condition "the enrollment at ``path`` is one of ``enrollments``" for the rows of a table
    far smaller than the enrollments' step progress (shadow shifts, exercise logs): tested on each
    of its rows. Given the enrollment's column, SQLite starts from the enrollments and walks every
    step progress row of each to find the few with a shift or a log, several times slower at a
    company's size; ``+ 0`` (a value no index answers, as SQLite's unary "+") leaves it the other
    way. PostgreSQL plans both alike."""
    return In(ExpressionWrapper(F(f"{path}_id") + 0, output_field=IntegerField()),
              enrollments.order_by().values("pk"))


class Microseconds(Func):
    """A moment (a datetime field or aggregate) as whole microseconds since 1970, computed by the
    database: one integer to read back where a datetime costs a conversion per row, and exact, so
    that differences of two are those of the datetimes (``hours_between``, ``seconds``).

    PostgreSQL's ``EXTRACT(EPOCH ...)`` is exact (numeric). SQLite stores a moment as text
    ("2026-01-05 10:00:00.250000"): its whole seconds by ``strftime``, its microseconds from the
    text."""

    output_field = BigIntegerField()
    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) * 1000000 AS bigint)"

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        # The seconds of "YYYY-MM-DD HH:MM:SS" alone: SQLite would round a fraction to
        # milliseconds, and .9999995 up to the next second.
        return (f"(CAST(strftime('%%s', substr({sql}, 1, 19)) AS INTEGER) * 1000000 "
                f"+ CAST(substr({sql}, 21, 6) AS INTEGER))", (*params, *params))


def seconds(end, start):
    """The seconds from ``start`` to ``end`` computed by the database, a float equal to
    ``(end - start).total_seconds()``: one number per row instead of a duration (on SQLite,
    Django's duration function calls into Python for each row)."""
    return ExpressionWrapper(Cast(Microseconds(end) - Microseconds(start), FloatField()) / 1000000,
                             output_field=FloatField())


def microseconds(moment):
    """``moment`` (an aware datetime) as ``Microseconds`` reads it."""
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def hours_between(earlier, later):
    """The hours between two moments in microseconds (``Microseconds``), as
    ``(later - earlier).total_seconds() / 3600`` gives them of the datetimes."""
    return (later - earlier) / 1_000_000 / 3600
