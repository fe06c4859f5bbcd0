"""Rotating document reviews: a team's certified engineers take the reviews of its documents in
turn (round-robin), skipping anyone on leave; the review queue shows whose turn it is, and marking
a document reviewed passes the turn on."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content import services as content_services
from tests.content.factories import DocumentFactory
from tests.factories import TeamFactory
from tests.training.certification.test_certificates import certified
from tests.training.factories import Org, simple_track
from training.feedback import rotation
from training.feedback.models import Leave, ReviewRotation

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def certified_engineers(names):
    """Engineers signed off on one track (a certificate each), named and created in this order."""
    track, engineers = simple_track(), []
    for name in names:
        org = Org(track=track, prefix=f"{name}-")
        org.engineer.first_name, org.engineer.last_name = name.title(), "Rota"
        org.engineer.save()
        certified(org)
        engineers.append(org.engineer)
    return engineers


@pytest.fixture
def team_rotation():
    """A team of three certified engineers (Ann, Ben, Cat, in that order) and one in training;
    its rotation holds one document whose review is overdue."""
    ann, ben, cat = certified_engineers(["ann", "ben", "cat"])
    trainee = Org(prefix="trainee-").engineer
    team = TeamFactory(members=[ann, ben, cat, trainee])
    document = DocumentFactory(title="Failover runbook", last_reviewed=datetime.date(2020, 1, 1),
                               review_due=datetime.date(2020, 4, 1))
    rotation_row = ReviewRotation.objects.create(team=team)
    rotation_row.documents.add(document)
    return rotation_row, document, (ann, ben, cat, trainee)


def test_the_turn_goes_round_the_certified_engineers_only(team_rotation, training_admin):
    rotation_row, document, (ann, ben, cat, _trainee) = team_rotation
    turns = []
    for _ in range(4):
        turns.append(rotation.turn_of(rotation_row))
        content_services.document_mark_reviewed(document=document, user=training_admin)
    assert turns == [ann, ben, cat, ann]


def test_someone_on_leave_is_skipped_until_they_are_back(team_rotation, training_admin):
    rotation_row, document, (ann, ben, cat, _trainee) = team_rotation
    content_services.document_mark_reviewed(document=document, user=training_admin)  # Ann's review
    Leave.objects.create(user=ben, starts=TODAY - datetime.timedelta(days=2), ends=TODAY + datetime.timedelta(days=5))
    assert rotation.turn_of(rotation_row) == cat
    assert rotation.turn_of(rotation_row, today=TODAY + datetime.timedelta(days=6)) == ben


def test_the_review_queue_shows_whose_turn_it_is(team_rotation, training_admin, client_for):
    rotation_row, document, (ann, ben, _cat, _trainee) = team_rotation
    client = client_for(training_admin)
    html = client.get(reverse("content:review_queue")).content.decode()
    assert f"{ann.get_full_name()} ({rotation_row.team})" in html
    client.post(reverse("content:document_mark_reviewed", args=[document.slug]))
    document.refresh_from_db()
    document.last_reviewed = datetime.date(2020, 1, 1)
    document.review_due = datetime.date(2020, 4, 1)
    document.save()
    html = client.get(reverse("content:review_queue")).content.decode()
    assert f"{ben.get_full_name()} ({rotation_row.team})" in html


def test_a_rotation_with_nobody_certified_says_so(training_admin, client_for, engineer):
    team = TeamFactory(members=[engineer])
    document = DocumentFactory(last_reviewed=datetime.date(2020, 1, 1), review_due=datetime.date(2020, 4, 1))
    ReviewRotation.objects.create(team=team).documents.add(document)
    assert rotation.review_turns([document]) == {document.pk: f"nobody certified at work in {team}"}
    html = client_for(training_admin).get(reverse("content:review_queue")).content.decode()
    assert f"nobody certified at work in {team}" in html


def test_the_review_queue_asks_the_rotations_in_a_fixed_number_of_queries(
        training_admin, client_for, django_assert_num_queries):
    def rotation_with_document(members):
        document = DocumentFactory(last_reviewed=datetime.date(2020, 1, 1), review_due=datetime.date(2020, 4, 1))
        ReviewRotation.objects.create(team=TeamFactory(members=members)).documents.add(document)

    rotation_with_document([Org(prefix="a-").engineer])
    client = client_for(training_admin)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("content:review_queue"))
    track = simple_track()
    for prefix in ("b-", "c-", "d-"):
        rotation_with_document([Org(track=track, prefix=prefix).engineer,
                                Org(track=track, prefix=f"{prefix}2-").engineer])
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(reverse("content:review_queue")).content.decode()
    assert html.count("nobody certified at work in") == 4
