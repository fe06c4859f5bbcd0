"""Feedback on the library: rating a document's usefulness, reporting a gap, the owner's review
queue, and closing gaps only with a version recorded after them, by the owner or a training admin."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content import selectors, services
from content.models import DocumentRating, DocumentVersion, GapReport, GapStatus
from tests.content.factories import DocumentFactory
from tests.factories import UserFactory
from training.audit.models import AuditEvent, AuditKind

pytestmark = pytest.mark.django_db


def newer_version(document, minor=1):
    """A version recorded now (after any gap reported before this call)."""
    version = DocumentVersion.objects.create(
        document=document, major=1, minor=minor, created=timezone.localdate(), change_note="Says how",
        title=document.title, body=document.body + "\n## Rollback\n\nHow to roll back.\n",
        recorded_at=timezone.now() + datetime.timedelta(seconds=1))
    document.current_version = version
    document.save(update_fields=["current_version"])
    return version


@pytest.fixture
def owner():
    return UserFactory(username="owner", first_name="Olga", last_name="Owner")


@pytest.fixture
def document(owner):
    return DocumentFactory(title="Failover runbook", slug="failover", owner=owner)


class TestRating:
    def test_a_reader_rates_once_and_may_change_it(self, engineer, document):
        services.document_rate(user=engineer, document=document, score="4")
        services.document_rate(user=engineer, document=document, score=2)
        assert list(DocumentRating.objects.values_list("user", "score")) == [(engineer.pk, 2)]

    def test_the_page_shows_the_average_and_your_own_score(self, client_for, engineer, owner, document):
        services.document_rate(user=owner, document=document, score=5)
        client = client_for(engineer)
        response = client.post(reverse("content:document_rate", args=[document.slug]), {"score": "2"}, follow=True)
        html = response.content.decode()
        assert "You rated “Failover runbook” 2 out of 5." in html
        assert "Useful: 3.5 / 5 from 2 ratings." in html and "You rated it 2 / 5." in html

    @pytest.mark.parametrize("score", ["0", "6", "", "great"])
    def test_a_score_outside_1_to_5_is_refused(self, client_for, engineer, document, score):
        response = client_for(engineer).post(reverse("content:document_rate", args=[document.slug]),
                                             {"score": score}, follow=True)
        assert "Pick a usefulness from 1 (not useful) to 5 (very useful)." in response.content.decode()
        assert not DocumentRating.objects.exists()


class TestGapReport:
    def test_a_reader_reports_a_gap_that_waits_for_the_owner_and_is_audited(self, client_for, engineer, document):
        response = client_for(engineer).post(reverse("content:gap_report", args=[document.slug]),
                                             {"text": "  It does not say how to roll back.  "}, follow=True)
        assert "Gap reported: it waits in the review queue of Olga Owner" in response.content.decode()
        gap = GapReport.objects.get()
        assert (gap.reporter, gap.text, gap.status) == (engineer, "It does not say how to roll back.", "open")
        event = AuditEvent.objects.get(kind=AuditKind.GAP_REPORT)
        assert event.actor == engineer and "Failover runbook" in event.summary and "roll back" in event.summary

    def test_an_empty_report_is_refused_and_the_page_keeps_the_other_input(self, client_for, engineer, document):
        url = reverse("content:gap_report", args=[document.slug])
        response = client_for(engineer).post(url, {"text": "   "})
        html = response.content.decode()
        assert response.status_code == 200 and "The gap was not reported: see below." in html
        assert "This field is required." in html
        too_long = "x" * 2001
        html = client_for(engineer).post(url, {"text": too_long}).content.decode()
        assert too_long in html  # kept in the box, to shorten
        assert not GapReport.objects.exists()

    def test_the_reporter_sees_their_reports_and_no_one_elses(self, client_for, engineer, document):
        services.gap_report(reporter=engineer, document=document, text="No rollback")
        services.gap_report(reporter=UserFactory(), document=document, text="Someone else's")
        html = client_for(engineer).get(reverse("content:my_gaps")).content.decode()
        assert "No rollback" in html and "Someone else's" not in html and "Open since" in html


class TestReviewQueue:
    def test_the_owner_sees_the_open_gaps_of_their_documents_only(self, client_for, engineer, owner, document):
        other = DocumentFactory(title="Someone else's runbook", owner=UserFactory())
        services.gap_report(reporter=engineer, document=document, text="No rollback")
        services.gap_report(reporter=engineer, document=other, text="No escalation")
        html = client_for(owner).get(reverse("content:review_queue")).content.decode()
        assert "Gaps readers reported" in html and "No rollback" in html and "No escalation" not in html
        assert "Mark reviewed" not in html  # marking reviewed stays a training admin's

    def test_a_training_admin_sees_every_open_gap(self, client_for, engineer, training_admin, document):
        other = DocumentFactory(title="Unowned runbook")
        services.gap_report(reporter=engineer, document=document, text="No rollback")
        services.gap_report(reporter=engineer, document=other, text="No escalation")
        html = client_for(training_admin).get(reverse("content:review_queue")).content.decode()
        assert "No rollback" in html and "No escalation" in html

    def test_someone_who_owns_nothing_has_no_review_queue(self, client_for, engineer, document):
        client = client_for(engineer)
        assert client.get(reverse("content:review_queue")).status_code == 403
        assert 'data-testid="review-queue-tab"' not in client.get(reverse("content:my_gaps")).content.decode()

    def test_an_owner_finds_the_review_queue_from_their_gap_reports(self, client_for, owner, document):
        html = client_for(owner).get(reverse("content:my_gaps")).content.decode()
        assert 'data-testid="review-queue-tab"' in html

    def test_the_queue_runs_the_same_queries_however_many_gaps(
            self, client_for, engineer, owner, document, django_assert_num_queries):
        services.gap_report(reporter=engineer, document=document, text="One")
        client = client_for(owner)
        cache.clear()  # both requests build the navigation afresh
        with CaptureQueriesContext(connection) as small:
            client.get(reverse("content:review_queue"))
        for number in range(5):
            services.gap_report(reporter=UserFactory(), document=DocumentFactory(owner=owner), text=f"Gap {number}")
        cache.clear()
        with django_assert_num_queries(len(small.captured_queries)):
            html = client.get(reverse("content:review_queue")).content.decode()
        assert "Gap 4" in html


class TestClosing:
    def test_the_owner_closes_gaps_with_a_newer_version_and_the_reporter_sees_it(
            self, client_for, engineer, owner, document):
        gap = services.gap_report(reporter=engineer, document=document, text="No rollback")
        version = newer_version(document)
        response = client_for(owner).post(reverse("content:document_gaps", args=[document.slug]),
                                          {"version": version.pk, "gaps": [gap.pk]}, follow=True)
        assert "1 gap(s) closed by version 1.1" in response.content.decode()
        gap.refresh_from_db()
        assert (gap.status, gap.closed_by_version, gap.closed_by) == (GapStatus.CLOSED, version, owner)
        assert AuditEvent.objects.filter(kind=AuditKind.GAP_CLOSED, actor=owner).count() == 1
        html = client_for(engineer).get(reverse("content:my_gaps")).content.decode()
        assert "Addressed in version 1.1" in html

    def test_a_version_recorded_before_the_gap_cannot_close_it(self, engineer, owner, document):
        gap = services.gap_report(reporter=engineer, document=document, text="No rollback")
        with pytest.raises(services.ContentError, match="only a newer version can address them"):
            services.gaps_close(document=document, version=document.current_version, gaps=[gap], by=owner)
        gap.refresh_from_db()
        assert gap.is_open

    def test_the_close_page_offers_only_newer_versions_and_says_when_there_is_none(
            self, client_for, engineer, owner, document):
        services.gap_report(reporter=engineer, document=document, text="No rollback")
        url = reverse("content:document_gaps", args=[document.slug])
        html = client_for(owner).get(url).content.decode()
        assert 'data-testid="no-newer-version"' in html and "close-gaps-form" not in html
        newer_version(document)
        html = client_for(owner).get(url).content.decode()
        assert ">1.1 ·" in html and ">1.0 ·" not in html  # the choices of the version select

    def test_ticking_nothing_is_refused_on_the_page(self, client_for, engineer, owner, document):
        services.gap_report(reporter=engineer, document=document, text="No rollback")
        version = newer_version(document)
        response = client_for(owner).post(reverse("content:document_gaps", args=[document.slug]),
                                          {"version": version.pk})
        assert response.status_code == 200 and "This field is required." in response.content.decode()
        assert GapReport.objects.open().count() == 1

    def test_only_the_owner_or_a_training_admin_closes(self, client_for, engineer, training_admin, document):
        gap = services.gap_report(reporter=engineer, document=document, text="No rollback")
        version = newer_version(document)
        with pytest.raises(services.ContentError, match="Only the document's owner or a training admin"):
            services.gaps_close(document=document, version=version, gaps=[gap], by=engineer)
        url = reverse("content:document_gaps", args=[document.slug])
        assert client_for(engineer).post(url, {"version": version.pk, "gaps": [gap.pk]}).status_code == 404
        assert GapReport.objects.get().is_open
        services.gaps_close(document=document, version=version, gaps=[gap], by=training_admin)
        assert not GapReport.objects.get().is_open

    def test_a_version_of_another_document_or_a_closed_gap_is_refused(self, engineer, owner, document):
        gap = services.gap_report(reporter=engineer, document=document, text="No rollback")
        other = newer_version(DocumentFactory(owner=owner))
        with pytest.raises(services.ContentError, match="Pick a version of this document"):
            services.gaps_close(document=document, version=other, gaps=[gap], by=owner)
        version = newer_version(document)
        services.gaps_close(document=document, version=version, gaps=[gap], by=owner)
        with pytest.raises(services.ContentError, match="closed already"):
            services.gaps_close(document=document, version=version, gaps=[gap], by=owner)


def test_the_document_feedback_is_one_query(engineer, document, django_assert_num_queries):
    services.document_rate(user=engineer, document=document, score=4)
    services.gap_report(reporter=engineer, document=document, text="No rollback")
    with django_assert_num_queries(1):
        feedback = selectors.document_feedback(user=engineer, document=document)
    assert (feedback.my_score, feedback.average, feedback.count, feedback.open_gaps) == (4, 4.0, 1, 1)
