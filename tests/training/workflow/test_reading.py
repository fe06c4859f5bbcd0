""""I have read it" comes after the document was opened, and the document leads back to the
training once it is marked read."""

import re

import pytest
from django.urls import reverse

from content.models import DocumentVisit
from tests.content.factories import DocumentFactory
from tests.training.factories import Org
from training.tracks import services as track_services
from training.tracks.models import StepKind
from training.workflow.models import ProgressStatus

pytestmark = pytest.mark.django_db

TRACK = """---
name: Reading track
slug: reading
---
## Week 1
- [ ] Read the runbook {{ref: {document}}}
- [ ] Manager sign-off
"""


@pytest.fixture
def org():
    document = DocumentFactory(slug="runbook", title="The runbook")
    track, _ = track_services.track_import(text=TRACK.format(document=document.slug))
    org = Org(track=track)
    org.document = document
    return org


def step_url(org):
    return reverse("training:step_detail", args=[org.progress(StepKind.READ).pk])


def read_button(html):
    return re.search(r'<button[^>]*data-testid="step-read"[^>]*>', html).group(0)


def test_the_button_waits_until_the_document_was_opened(client, org):
    client.force_login(org.engineer)
    html = client.get(step_url(org)).content.decode()
    assert "disabled" in read_button(html) and "Open the document first" in html
    refused = client.post(reverse("training:step_complete", args=[org.progress(StepKind.READ).pk]), follow=True)
    assert "Open “The runbook” first" in refused.content.decode()
    assert org.progress(StepKind.READ).status == ProgressStatus.NOT_STARTED

    link = re.search(r'href="([^"]+)" data-testid="document-link"', html).group(1)
    assert link == f"{org.document.get_absolute_url()}?next={step_url(org)}"
    client.get(link)
    client.get(link)
    assert DocumentVisit.objects.filter(user=org.engineer, document=org.document).count() == 1
    assert "disabled" not in read_button(client.get(step_url(org)).content.decode())
    client.post(reverse("training:step_complete", args=[org.progress(StepKind.READ).pk]))
    assert org.progress(StepKind.READ).status == ProgressStatus.DONE


def test_marking_the_document_read_leads_back_to_the_training(client, org):
    client.force_login(org.engineer)
    page = f"{org.document.get_absolute_url()}?next={step_url(org)}"
    html = client.get(page).content.decode()
    assert 'data-testid="back-to-training"' not in html  # not read yet
    response = client.post(reverse("content:document_acknowledge", args=[org.document.slug]),
                           {"next": page}, follow=True)
    html = response.content.decode()
    assert "Marked “The runbook” version" in html
    assert re.search(rf'href="{re.escape(step_url(org))}" data-testid="back-to-training">Back to your training', html)
    assert org.progress(StepKind.READ).status == ProgressStatus.DONE


def test_a_next_address_elsewhere_is_never_offered(client, org):
    client.force_login(org.engineer)
    client.post(reverse("content:document_acknowledge", args=[org.document.slug]))
    html = client.get(f"{org.document.get_absolute_url()}?next=https://evil.example.com/").content.decode()
    assert "evil.example.com" not in html
    assert 'href="/" data-testid="back-to-training"' in html
