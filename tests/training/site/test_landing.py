"""Each person lands where their work is: the start page ("/") by role and by what waits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.training.factories import Org
from training.tracks.models import StepKind
from training.workflow import services

pytestmark = pytest.mark.django_db


def lands(client, user):
    client.force_login(user)
    return client.get("/").url


def test_a_host_with_a_shift_to_confirm_lands_on_the_queue(client):
    org = Org()
    services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer, hours=2, host=org.host,
                              date=timezone.localdate() - datetime.timedelta(days=1))
    assert lands(client, org.host) == reverse("training:queue")


def test_a_mentor_with_a_log_to_verify_lands_on_the_queue(client):
    org = Org()
    services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer, notes="done",
                                 ticks=[0, 1])
    assert lands(client, org.mentor) == reverse("training:queue")


def test_a_mentor_with_no_training_of_their_own_lands_on_the_queue_even_empty(client):
    org = Org()
    assert lands(client, org.mentor) == reverse("training:queue")


def test_a_host_in_training_with_nothing_waiting_lands_on_their_training(client):
    org = Org()
    trainee_host = UserFactory(username="trainee-host")
    org.team.members.add(trainee_host)
    org.team.hosts.add(trainee_host)
    services.enrollment_create(engineer=trainee_host, track=org.track, by=org.manager)
    assert lands(client, trainee_host) == reverse("training:my_training")


def test_an_engineer_lands_on_their_training_and_a_manager_on_the_team(client):
    org = Org()
    assert lands(client, org.engineer) == reverse("training:my_training")
    assert lands(client, org.manager) == reverse("training:team")
