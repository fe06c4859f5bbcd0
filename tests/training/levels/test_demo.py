"""The demo's tracks declare readiness levels; Bob reached "Support rota" before his final sign-off
and the team page shows it; Alice is on the way to hers. Loading twice changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from training.levels import selectors
from training.levels.models import LevelSignOff
from training.tracks.models import Track
from training.workflow.models import Enrollment

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_level_granted_and_one_on_the_way(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Track.objects.current().get(slug="fast").levels == [{"stage": "Week 1", "levels": ["Support rota"]}]
    assert Track.objects.current().get(slug="standard").levels == [
        {"stage": "Week 2", "levels": ["Support rota", "Escalation backup"]}]
    [granted] = LevelSignOff.objects.all()
    assert (granted.enrollment.engineer.username, granted.level, granted.by.username) == ("bob", "Support rota",
                                                                                         "manager")
    assert granted.enrollment.status == "ready" and granted.at < granted.enrollment.ready_at
    alice = Enrollment.objects.get(engineer__username="alice")
    assert [(s.level.name, s.state) for s in selectors.enrollment_states(alice)] == [
        ("Support rota", "not_yet"), ("Escalation backup", "not_yet")]

    client.login(username="manager", password="shiftready")
    html = client.get(reverse("training:team")).content.decode()
    assert 'data-testid="level-badge">Support rota' in html
