"""The demo shows the first on-call shifts: Bob, signed off, starts in ten days with Hugo (certified
on the Fast track, eligible) as his backup for two weeks, the first countdown step ticked."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from training.rota import selectors
from training.rota.models import FirstShifts

pytestmark = pytest.mark.django_db


def test_the_demo_has_first_shifts_with_a_backup_and_loads_twice_the_same(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = FirstShifts.objects.select_related("enrollment__engineer", "backup").get()
    assert (first.enrollment.engineer.username, first.backup.username, first.backed_weeks) == ("bob", "host", 2)
    assert first.first_shift_on == timezone.localdate() + datetime.timedelta(days=10)
    plan = selectors.plan_of(first)
    assert len(plan.items) == 5 and plan.ticked == 1 and plan.items[0].tick is not None
    assert [c.username for c in selectors.backup_candidates(first.enrollment)] == ["host"]
    client.login(username="host", password="shiftready")
    page = client.get(reverse("training:first_shifts", args=[first.enrollment.pk])).content.decode()
    assert "Bob Novak" in page and "Sleep well and charge your phone" in page
