"""Reading acknowledgements: mark as read, re-read after a major version, the signal training hears."""

import pytest
from django.db import transaction
from django.urls import reverse

from content import selectors, services
from content.models import ReadAcknowledgement
from content.signals import document_major_version_published
from tests.content.factories import DocumentFactory, ReadAcknowledgementFactory
from tests.factories import UserFactory


@pytest.mark.django_db
class TestAcknowledge:
    def test_marking_as_read_records_the_current_version_once(self, engineer):
        document = DocumentFactory()
        first = services.document_acknowledge(user=engineer, document=document)
        again = services.document_acknowledge(user=engineer, document=document)
        assert first == again and first.version == document.current_version
        assert ReadAcknowledgement.objects.filter(user=engineer).count() == 1
        assert selectors.reading_status(user=engineer, documents=[document]) == {document.pk: "read"}

    def test_a_minor_version_keeps_the_document_read(self, engineer):
        document = DocumentFactory()
        services.document_acknowledge(user=engineer, document=document)
        services.document_update(document=document, body="A small fix.", change_note="Typo")
        assert selectors.has_read_current_major(user=engineer, document=document)

    def test_a_major_version_asks_everyone_who_read_an_older_one_to_reread(self, engineer):
        document, other = DocumentFactory(), UserFactory()
        services.document_acknowledge(user=engineer, document=document)
        services.document_update(document=document, body="All new.", major=True, change_note="Rewrite")
        status = selectors.reading_status(user=engineer, documents=[document])
        assert status == {document.pk: "reread"}
        assert not selectors.has_read_current_major(user=engineer, document=document)
        assert selectors.reading_status(user=other, documents=[document]) == {document.pk: "unread"}
        services.document_acknowledge(user=engineer, document=document)
        assert selectors.has_read_current_major(user=engineer, document=document)

    def test_reading_status_of_many_documents_is_one_query(self, engineer, django_assert_num_queries):
        documents = DocumentFactory.create_batch(5)
        ReadAcknowledgementFactory(user=engineer, document=documents[0])
        with django_assert_num_queries(1):
            status = selectors.reading_status(user=engineer, documents=documents)
        assert sorted(status.values()) == ["read"] + ["unread"] * 4

    def test_the_signal_is_sent_inside_the_transaction_for_a_new_major_version_only(self):
        document = DocumentFactory()
        heard = []

        def listener(sender, document, version, **kwargs):
            heard.append((version.number, transaction.get_connection().in_atomic_block))

        document_major_version_published.connect(listener)
        try:
            services.document_update(document=document, body="Minor.")
            services.document_update(document=document, body="Major.", major=True)
        finally:
            document_major_version_published.disconnect(listener)
        assert heard == [("2.0", True)]

    def test_editing_keeps_every_version(self):
        document = services.document_create(slug="guide", title="Guide", body="One.")
        services.document_update(document=document, body="Two.", change_note="Second")
        services.document_update(document=document, title="Guide v3", major=True)
        versions = {v.number: (v.title, v.body) for v in document.versions.all()}
        assert versions == {"1.0": ("Guide", "One."), "1.1": ("Guide", "Two."), "2.0": ("Guide v3", "Two.")}


@pytest.mark.django_db
class TestAcknowledgePage:
    def test_the_mark_as_read_button_records_and_confirms(self, client_for, engineer):
        document = DocumentFactory(title="On-Call Procedures")
        client = client_for(engineer)
        page = client.get(reverse("content:document_detail", args=[document.slug])).content.decode()
        assert 'data-testid="mark-read"' in page and 'data-status="unread"' in page

        response = client.post(reverse("content:document_acknowledge", args=[document.slug]), follow=True)

        html = response.content.decode()
        assert "Marked “On-Call Procedures” version 1.0 as read." in html
        assert 'data-status="read"' in html and 'data-testid="mark-read"' not in html

    def test_the_page_says_reread_needed_after_a_major_version(self, client_for, engineer):
        document = DocumentFactory()
        services.document_acknowledge(user=engineer, document=document)
        services.document_update(document=document, body="## New\n\nAll new.", major=True)
        html = client_for(engineer).get(reverse("content:document_detail", args=[document.slug])).content.decode()
        assert "Re-read needed:" in html and "you read version 1.0" in html
        assert "Mark version 2.0 as read" in html

    def test_acknowledging_needs_post(self, client_for, engineer):
        document = DocumentFactory()
        response = client_for(engineer).get(reverse("content:document_acknowledge", args=[document.slug]))
        assert response.status_code == 405
        assert not ReadAcknowledgement.objects.exists()

    def test_acknowledging_an_unknown_document_is_404(self, client_for, engineer):
        response = client_for(engineer).post(reverse("content:document_acknowledge", args=["nope"]))
        assert response.status_code == 404
