"""Queries compiled once per process (``training.workflow.prepared``) give what the QuerySet gives:
the same model instances with their related objects and annotations, the same converted values,
for any list of ids, in one query each time."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory
from tests.training.factories import Org
from training.tracks.models import StepKind
from training.workflow import prepared, services
from training.workflow.models import Enrollment, ShadowShift, StepProgress

pytestmark = pytest.mark.django_db
built = []


def enrollments_of(engineer_ids):
    built.append(engineer_ids)
    return (Enrollment.objects.filter(engineer_id__in=engineer_ids).select_related("engineer", "mentor", "track")
            .annotate(steps=Count("progress"), track_slug=Coalesce("renews__track__slug", "track__slug"))
            .order_by("pk"))


def shifts_of(engineer_ids):
    return (StepProgress.objects.filter(enrollment__engineer_id__in=engineer_ids).order_by("pk")
            .annotate(last_shift=Max("shadow_shifts__date"),
                      pending=Exists(ShadowShift.objects.filter(progress=OuterRef("pk"), state="pending")))
            .values_list("pk", "last_shift", "pending", "completed_at"))


def enrollment_ids_of(engineer_ids):
    return Enrollment.objects.filter(engineer_id__in=engineer_ids).order_by("-pk").values_list("pk", flat=True)


def progress_of_enrollment(enrollment_id):
    return Enrollment(pk=enrollment_id).progress.all()


def literal(engineer_id):
    return Enrollment.objects.extra(where=[f"engineer_id = {engineer_id}"])  # noqa: S610 - the refused shape


def shown(enrollment):
    related = {name: getattr(enrollment, name) for name in ("engineer", "mentor", "track")}
    return ({k: v for k, v in vars(enrollment).items() if not k.startswith("_")},
            {name: obj and {k: v for k, v in vars(obj).items() if not k.startswith("_")}
             for name, obj in related.items()})


@pytest.fixture
def orgs():
    found = [Org(prefix=f"o{i}-") for i in range(5)]
    found[1].enrollment.mentor = None
    found[1].enrollment.save()
    first = found[0]
    services.shadow_shift_log(progress=first.progress(StepKind.SHADOW), by=first.engineer,
                              date=timezone.localdate() - datetime.timedelta(days=2), hours=2, host=first.host)
    return found


def test_the_instances_are_the_querysets_for_any_number_of_ids(orgs):
    ids = [org.engineer.pk for org in orgs]
    for some in (ids[:1], ids[:3], ids, ids[2:], []):
        with CaptureQueriesContext(connection) as ctx:
            got = prepared.objects(enrollments_of, some)
        assert [shown(e) for e in got] == [shown(e) for e in enrollments_of(some)]
        assert len(ctx.captured_queries) == (1 if some else 0)
    assert [e.mentor for e in prepared.objects(enrollments_of, [orgs[1].engineer.pk])] == [None]


def test_each_shape_is_built_once_per_process(orgs):
    ids = [org.engineer.pk for org in orgs]
    prepared.objects(enrollments_of, ids[:3])  # compiled for four ids
    built.clear()
    assert len(prepared.objects(enrollments_of, ids[1:5])) == 4
    assert len(prepared.objects(enrollments_of, [ids[4], ids[0], ids[2]])) == 3  # padded to four
    assert built == []


def test_the_rows_are_converted_as_the_orm_converts_them(orgs):
    ids = [org.engineer.pk for org in orgs]
    rows = prepared.rows(shifts_of, ids)
    assert [tuple(row) for row in rows] == list(shifts_of(ids))
    assert {type(row[1]) for row in rows} == {datetime.date, type(None)}
    assert {row[2] for row in rows} == {True, False}
    assert prepared.rows(enrollment_ids_of, ids[:3]) == list(enrollment_ids_of(ids[:3]))


def test_a_list_too_long_to_compile_for_is_asked_as_usual(orgs):
    ids = [org.engineer.pk for org in orgs] + [-n for n in range(1, prepared.MAX_LIST)]
    assert [shown(e) for e in prepared.objects(enrollments_of, ids)] == [shown(e) for e in enrollments_of(ids)]


def test_a_query_that_does_not_take_the_id_as_a_parameter_is_refused():
    UserFactory()
    with pytest.raises(ValueError, match="not a parameter"):
        prepared.objects(literal, 1)


def test_a_related_managers_query_is_refused(orgs):
    with pytest.raises(ValueError, match="related manager"):
        prepared.objects(progress_of_enrollment, orgs[0].enrollment.pk)
