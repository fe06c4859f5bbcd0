"""The library pages: list, search, filter, document page, diff, paths, scenarios, review queue;
fixed query counts however much data there is; admin-only pages refused to engineers."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import services
from content.models import Document, DocumentCategory, PathRole
from tests.content.factories import (
    DocumentFactory,
    LearningPathFactory,
    LearningPathItemFactory,
    ReadAcknowledgementFactory,
    ScenarioFactory,
    ScenarioLinkFactory,
)
from training import pagecache

LONG_AGO = datetime.date(2020, 1, 1)
LIBRARY_TABLE = re.compile(r'(FROM|JOIN) "content_')


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def assert_fixed_queries(client, url, *, library_queries, grow, django_assert_num_queries):
    """The page runs exactly ``library_queries`` queries on the library's tables, and as many
    queries in all (session, user, the navigation's role checks...) after ``grow()`` added data.
    Both requests find the page cache empty (the navigation built afresh: the larger count)."""
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        html_of(client.get(url))
    stamp = pagecache._stamp_sql().split("%s", 1)[0]  # the page cache's key, for every page: not the library's
    ours = [query["sql"] for query in small.captured_queries
            if LIBRARY_TABLE.search(query["sql"]) and not query["sql"].startswith(stamp)]
    assert len(ours) == library_queries, ours
    grow()
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        return html_of(client.get(url))


def overdue(**kwargs):
    return DocumentFactory(last_reviewed=LONG_AGO, review_due=datetime.date(2020, 4, 1), **kwargs)


@pytest.mark.django_db
class TestLibrary:
    def test_everyone_logged_in_sees_the_library_from_the_nav(self, client_for, engineer):
        DocumentFactory(title="Operational Runbooks")
        html = html_of(client_for(engineer).get(reverse("content:library")))
        assert 'data-nav="library"' in html
        assert "Operational Runbooks" in html

    def test_search_covers_title_and_text(self, client_for, engineer):
        DocumentFactory(title="Operational Runbooks", body="Rotate the logs weekly.")
        DocumentFactory(title="Incident Response Guide", body="Declare the severity.")
        DocumentFactory(title="Rabbit handbook", body="Nothing relevant.")
        client = client_for(engineer)
        by_text = html_of(client.get(reverse("content:library"), {"q": "severity"}))
        assert "Incident Response Guide" in by_text and "Operational Runbooks" not in by_text
        by_title = html_of(client.get(reverse("content:library"), {"q": "runbooks"}))
        assert "Operational Runbooks" in by_title and "Incident Response Guide" not in by_title

    def test_filter_by_category(self, client_for, engineer):
        DocumentFactory(title="Decision Tree", category=DocumentCategory.DECISION_TREE)
        DocumentFactory(title="The Runbook", category=DocumentCategory.RUNBOOK)
        html = html_of(client_for(engineer).get(reverse("content:library"), {"category": "decision_tree"}))
        assert "Decision Tree" in html and "The Runbook" not in html

    def test_a_search_with_no_match_says_so(self, client_for, engineer):
        DocumentFactory()
        html = html_of(client_for(engineer).get(reverse("content:library"), {"q": "zebra"}))
        assert "No document matches your search." in html

    def test_an_empty_library_says_so(self, client_for, engineer):
        assert "The library is empty." in html_of(client_for(engineer).get(reverse("content:library")))

    def test_overdue_reviews_show_a_badge(self, client_for, engineer):
        overdue(title="Stale Runbook")
        DocumentFactory(title="Fresh Guide")
        html = html_of(client_for(engineer).get(reverse("content:library")))
        assert html.count('data-testid="overdue-badge"') == 1
        stale_row = html[html.index('data-document="document-'):]
        assert "Stale Runbook" in html and "Review overdue" in stale_row

    def test_pagination_keeps_the_search(self, client_for, engineer):
        for n in range(25):
            DocumentFactory(title=f"Runbook {n:02}")
        client = client_for(engineer)
        first = html_of(client.get(reverse("content:library"), {"q": "runbook"}))
        assert "Page 1 of 2" in first and "?q=runbook&amp;page=2" in first
        second = html_of(client.get(reverse("content:library"), {"q": "runbook", "page": 2}))
        assert "Runbook 24" in second and "Runbook 00" not in second

    def test_query_count_is_the_same_for_5_and_200_documents(
        self, client_for, engineer, django_assert_num_queries
    ):
        ReadAcknowledgementFactory(user=engineer, document=DocumentFactory(title="A runbook I read"))
        DocumentFactory.create_batch(3)
        overdue()

        def grow():
            DocumentFactory.create_batch(194)
            ReadAcknowledgementFactory(user=engineer, document=DocumentFactory(title="Another one I read"))

        # count, one page of documents with their current versions, reading status of the page
        html = assert_fixed_queries(
            client_for(engineer), reverse("content:library"), library_queries=3, grow=grow,
            django_assert_num_queries=django_assert_num_queries,
        )
        assert Document.objects.count() == 200
        assert html.count("data-document=") == 20 and 'data-status="read"' in html


@pytest.mark.django_db
class TestDocumentPage:
    def test_shows_toc_reading_time_and_version_history(self, client_for, engineer):
        document = services.document_create(
            slug="runbooks", title="Runbooks", body="## Morning Health Check\n\n" + "word " * 450,
            change_note="First version",
        )
        services.document_update(document=document, body=document.body + "\n\n## Memory Leak\n\nRestart.",
                                 change_note="Memory leak section")
        html = html_of(client_for(engineer).get(reverse("content:document_detail", args=["runbooks"])))
        assert '<a href="#morning-health-check">Morning Health Check</a>' in html
        assert '<a href="#memory-leak">Memory Leak</a>' in html
        assert "3 min read" in html
        assert "Memory leak section" in html and "First version" in html
        assert "Compare versions" in html

    def test_unknown_document_is_404(self, client_for, engineer):
        assert client_for(engineer).get(reverse("content:document_detail", args=["nope"])).status_code == 404

    def test_diff_between_two_versions(self, client_for, engineer):
        document = services.document_create(slug="guide", title="Guide", body="Step one.\nStep two.")
        services.document_update(document=document, body="Step one.\nStep 2, carefully.", change_note="Clearer")
        services.document_update(document=document, body="Step one.\nStep 2, carefully.\nStep three.")
        client = client_for(engineer)
        default = html_of(client.get(reverse("content:document_diff", args=["guide"])))
        assert "Changes from version 1.1" in default and "to version 1.2" in default
        assert '<span class="diff-line diff-added">+ Step three.</span>' in default

        picked = html_of(client.get(reverse("content:document_diff", args=["guide"]), {"old": "1.0", "new": "1.1"}))
        assert '<span class="diff-line diff-removed">- Step two.</span>' in picked
        assert '<span class="diff-line diff-added">+ Step 2, carefully.</span>' in picked

    def test_diff_refuses_the_same_version_twice_and_unknown_versions(self, client_for, engineer):
        document = services.document_create(slug="guide", title="Guide", body="One.")
        services.document_update(document=document, body="Two.")
        client = client_for(engineer)
        same = html_of(client.get(reverse("content:document_diff", args=["guide"]), {"old": "1.0", "new": "1.0"}))
        assert "Pick two different versions to compare." in same and "diff-added" not in same
        unknown = html_of(client.get(reverse("content:document_diff", args=["guide"]), {"old": "9.9", "new": "1.0"}))
        assert "diff-added" not in unknown

    def test_diff_of_a_document_with_one_version_says_there_is_nothing_to_compare(self, client_for, engineer):
        DocumentFactory(slug="single")
        html = html_of(client_for(engineer).get(reverse("content:document_diff", args=["single"])))
        assert "Nothing to compare yet." in html


@pytest.mark.django_db
class TestLearningPaths:
    def test_a_path_lists_its_readings_in_order_with_a_total_and_the_readers_progress(self, client_for, engineer):
        read = DocumentFactory(title="On-Call Procedures", body="## Escalation\n\nCall the lead.")
        unread = DocumentFactory(title="Decision Tree")
        path = LearningPathFactory(title="On-Call Engineer", slug="on-call", role=PathRole.ON_CALL_ENGINEER)
        LearningPathItemFactory(path=path, position=1, document=read, section="Escalation", minutes=45)
        LearningPathItemFactory(path=path, position=2, document=unread, minutes=30)
        services.document_acknowledge(user=engineer, document=read)

        html = html_of(client_for(engineer).get(reverse("content:path_detail", args=["on-call"])))

        assert html.index("On-Call Procedures") < html.index("Decision Tree")
        assert f'href="/library/docs/{read.slug}/#escalation"' in html
        assert "1 of 2 readings done (50%)" in html
        assert "total 75 min" in html

    def test_the_path_list_shows_every_role_with_progress(self, client_for, engineer):
        document = DocumentFactory()
        for role in PathRole:
            LearningPathItemFactory(path=LearningPathFactory(title=role.label, role=role), document=document)
        services.document_acknowledge(user=engineer, document=document)
        html = html_of(client_for(engineer).get(reverse("content:path_list")))
        for role in PathRole:
            assert role.label in html
        assert html.count("1 of 1 read") == 5

    def test_no_paths_says_so(self, client_for, engineer):
        assert "No learning paths yet." in html_of(client_for(engineer).get(reverse("content:path_list")))

    def test_unknown_path_is_404(self, client_for, engineer):
        assert client_for(engineer).get(reverse("content:path_detail", args=["nope"])).status_code == 404

    def test_a_path_section_must_exist_in_the_document(self):
        document = DocumentFactory(body="## Escalation\n\nCall.")
        with pytest.raises(services.ContentError, match="has no section called 'Handoff'"):
            services.learning_path_save(
                slug="p", title="P", role=PathRole.MANAGER,
                items=[{"document": document, "section": "Handoff", "minutes": 5}],
            )

    def test_query_count_does_not_grow_with_paths(self, client_for, engineer, django_assert_num_queries):
        path = LearningPathFactory()
        LearningPathItemFactory.create_batch(2, path=path)
        client = client_for(engineer)

        def more_paths():
            for _ in range(30):
                LearningPathItemFactory.create_batch(3, path=LearningPathFactory())

        # count, paths with their totals, their items and documents, reading status
        html = assert_fixed_queries(
            client, reverse("content:path_list"), library_queries=4, grow=more_paths,
            django_assert_num_queries=django_assert_num_queries,
        )
        assert html.count("data-path=") == 20

        def more_items():
            LearningPathItemFactory.create_batch(40, path=path)

        # the path with its total, its items and documents, reading status
        html = assert_fixed_queries(
            client, reverse("content:path_detail", args=[path.slug]), library_queries=3, grow=more_items,
            django_assert_num_queries=django_assert_num_queries,
        )
        assert html.count("data-item=") == 42


@pytest.mark.django_db
class TestScenarios:
    def test_scenarios_point_to_documents_and_sections_and_are_searchable(self, client_for, engineer):
        tree = DocumentFactory(title="Troubleshooting Decision Tree", body="## Tree 1: API Unavailable\n\nAsk.")
        guide = DocumentFactory(title="Incident Response Guide")
        services.scenario_save(
            slug="app-down", symptom="Application isn't responding",
            links=[{"document": tree, "section": "Tree 1: API Unavailable"}, {"document": guide}],
        )
        ScenarioLinkFactory(scenario=ScenarioFactory(symptom="System is slow"), document=guide)
        client = client_for(engineer)

        everything = html_of(client.get(reverse("content:scenario_list")))
        assert "Application isn’t responding" in everything or "Application isn&#x27;t responding" in everything
        assert f'href="/library/docs/{tree.slug}/#tree-1-api-unavailable"' in everything

        found = html_of(client.get(reverse("content:scenario_list"), {"q": "responding"}))
        assert "isn&#x27;t responding" in found and "System is slow" not in found
        by_section = html_of(client.get(reverse("content:scenario_list"), {"q": "API unavailable"}))
        assert "isn&#x27;t responding" in by_section and "System is slow" not in by_section

    def test_no_match_says_so(self, client_for, engineer):
        ScenarioFactory()
        html = html_of(client_for(engineer).get(reverse("content:scenario_list"), {"q": "zebra"}))
        assert "No scenario matches “zebra”." in html

    def test_query_count_does_not_grow_with_scenarios(self, client_for, engineer, django_assert_num_queries):
        ScenarioLinkFactory.create_batch(2, scenario=ScenarioFactory())

        def grow():
            for _ in range(40):
                ScenarioLinkFactory.create_batch(2, scenario=ScenarioFactory())

        # count, scenarios, their links with documents
        html = assert_fixed_queries(
            client_for(engineer), reverse("content:scenario_list"), library_queries=3, grow=grow,
            django_assert_num_queries=django_assert_num_queries,
        )
        assert html.count("data-scenario=") == 20


@pytest.mark.django_db
class TestReviewQueue:
    def test_a_training_admin_sees_overdue_documents_most_overdue_first(self, client_for, training_admin):
        DocumentFactory(title="Fresh")
        DocumentFactory(title="Late", review_due=datetime.date(2024, 1, 1))
        DocumentFactory(title="Very late", review_due=datetime.date(2021, 1, 1))
        html = html_of(client_for(training_admin).get(reverse("content:review_queue")))
        assert html.index("Very late") < html.index("Late</a>")
        assert "Fresh" not in html
        assert 'data-testid="review-queue-tab"' in html

    def test_marking_reviewed_takes_the_document_off_the_queue(self, client_for, training_admin):
        document = overdue(title="Stale", review_cadence="monthly")
        client = client_for(training_admin)
        response = client.post(reverse("content:document_mark_reviewed", args=[document.slug]), follow=True)
        html = html_of(response)
        assert "Marked “Stale” as reviewed today." in html and "No review is overdue." in html
        document.refresh_from_db()
        assert document.last_reviewed == datetime.date.today()
        assert not document.is_review_overdue()

    def test_an_engineer_cannot_see_the_review_queue_or_mark_a_review(self, client_for, engineer):
        document = overdue()
        client = client_for(engineer)
        assert client.get(reverse("content:review_queue")).status_code == 403
        assert client.post(reverse("content:document_mark_reviewed", args=[document.slug])).status_code == 403
        document.refresh_from_db()
        assert document.last_reviewed == LONG_AGO
        library = html_of(client.get(reverse("content:library")))
        assert 'data-testid="review-queue-tab"' not in library

    def test_the_service_refuses_an_engineer_too(self, engineer):
        with pytest.raises(services.ContentError, match="Only training admins"):
            services.document_mark_reviewed(document=overdue(), user=engineer)

    def test_an_empty_queue_says_so(self, client_for, training_admin):
        DocumentFactory()
        assert "No review is overdue." in html_of(client_for(training_admin).get(reverse("content:review_queue")))

    def test_query_count_does_not_grow_with_the_queue(self, client_for, training_admin, django_assert_num_queries):
        for _ in range(3):
            overdue()

        def grow():
            for _ in range(60):
                overdue()

        # count, one page of documents with owners and current versions, the open gap reports
        html = assert_fixed_queries(
            client_for(training_admin), reverse("content:review_queue"), library_queries=3, grow=grow,
            django_assert_num_queries=django_assert_num_queries,
        )
        assert html.count("data-document=") == 20
