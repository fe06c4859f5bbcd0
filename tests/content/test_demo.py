"""The demo library: imported through the importer, idempotent, with the slugs training uses."""

import pytest
from django.urls import reverse

from content import demo
from content.models import Document, DocumentVersion, LearningPath, LearningPathItem, Scenario, ScenarioLink
from tests.factories import UserFactory

TRACK_SLUGS = {
    "system-architecture-training", "operational-runbooks", "troubleshooting-decision-tree",
    "incident-response-guide", "on-call-procedures", "operations-training-checklist",
}
INDEX = "operations-documentation-index"  # the seed's index: where to start, by role and by symptom


def counts():
    return tuple(
        model.objects.count()
        for model in (Document, DocumentVersion, LearningPath, LearningPathItem, Scenario, ScenarioLink)
    )


@pytest.mark.django_db
def test_the_demo_library_loads_twice_to_the_same_state(client_for):
    admin = UserFactory(username="admin")
    demo.load(owner=admin)
    first = counts()
    demo.load(owner=admin)
    assert counts() == first

    assert set(Document.objects.values_list("slug", flat=True)) == TRACK_SLUGS | {INDEX}
    assert set(Document.objects.values_list("owner__username", flat=True)) == {"admin"}
    assert all(document.current_version.number != "1.0" for document in Document.objects.all())
    assert set(LearningPath.objects.values_list("title", flat=True)) == {
        "New Engineer (first week)", "Operations Engineer", "On-Call Engineer (first shift)",
        "Manager/Tech Lead", "SRE/Architect",
    }
    assert Scenario.objects.filter(symptom="Application isn't responding").exists()

    client = client_for(UserFactory())
    for slug in TRACK_SLUGS | {INDEX}:
        html = client.get(reverse("content:document_detail", args=[slug])).content.decode()
        assert '<table tabindex="0">' in html and '<pre tabindex="0"><code' in html, slug
    path = client.get(reverse("content:path_detail", args=["on-call-engineer"])).content.decode()
    assert "0 of 4 readings done" in path and "#emergency-procedures" in path
