"""The demo shows feedback: ratings on the Standard track's steps and Alice's open gap in the
operational runbooks, in the review queue of their owner (the training admin)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from content.models import Document, GapReport
from training.feedback import rotation
from training.feedback.models import ReviewRotation
from training.tracks.models import Track

pytestmark = pytest.mark.django_db


def test_the_demo_has_ratings_and_an_open_gap_and_loads_twice_the_same(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [gap] = GapReport.objects.open()
    assert gap.document.slug == "operational-runbooks" and gap.reporter.username == "alice"
    client.login(username="admin", password="shiftready")
    html = client.get(reverse("content:review_queue")).content.decode()
    assert "drain its queue" in html
    standard = Track.objects.current().get(slug="standard")
    html = client.get(standard.get_absolute_url()).content.decode()
    assert "Useful: 5.0 / 5 (1 rating)" in html and "1 open gap in its document" in html
    assert ReviewRotation.objects.get().documents.filter(slug="operational-runbooks").exists()
    assert rotation.review_turns(Document.objects.filter(slug="operational-runbooks")) == {
        # The certified engineers in the order they joined: Hugo (certified to back Bob up on his first shifts).
        Document.objects.get(slug="operational-runbooks").pk: "Hugo Lindqvist (Platform Operations)"}
