"""The demo shows check-ins: Alice's two weeks held (an action carried from week 1 into week 2),
Carol's first week overdue on the mentor's list and in the reminders."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from training.checkins import selectors
from training.checkins.models import CheckIn
from training.workflow.models import Enrollment

pytestmark = pytest.mark.django_db


def test_the_demo_has_check_ins_held_and_one_overdue_and_loads_twice_the_same(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    week1, week2 = CheckIn.objects.filter(enrollment__engineer__username="alice").order_by("week")
    assert week1.engineer_confidence == 2 and week2.engineer_confidence is None
    assert [(a.text, a.done, a.from_week) for a in week2.actions.all()] == [
        ("Walk through the broker dashboards together", True, 1), ("Finish the runbooks' sections 1-4", False, 1),
        ("Shadow an evening shift with Hugo", False, 2)]
    [overdue] = selectors.checkins_overdue(Enrollment.objects.all())
    assert overdue.enrollment.engineer.username == "carol" and overdue.week == 1
    client.login(username="mentor", password="shiftready")
    html = client.get(reverse("training:my_checkins")).content.decode()
    assert "Carol" in html and "Week 1 check-in overdue" in html
