"""The walk page of a decision tree: one question at a time, answers, back, start again, the
runbook section at the outcome, practice walks recorded for their walker only; and the document
page's links to it, to its PDF, and its print stylesheet."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from content import services, walks
from content.models import PracticeWalk
from tests.content.test_import_export import write
from tests.content.test_trees import GOOD, RUNBOOKS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
WALK = reverse("content:document_walk", args=["tree"])


@pytest.fixture
def library(tmp_path):
    write(tmp_path, "tree.md", GOOD)
    write(tmp_path, "runbooks.md", RUNBOOKS)
    services.library_import(path=tmp_path)


def answers_of(html):
    """``{label: url}`` of the answer buttons on a walk page."""
    found = re.findall(r'<a class="btn btn-outline-primary text-start" href="([^"]+)"[^>]*data-testid="walk-answer">'
                       r"(.*?)</a>", html)
    return {unescape(re.sub(r"<[^>]+>", "", label)): unescape(url) for url, label in found}


def link(html, testid):
    return unescape(re.search(rf'href="([^"]+)"[^>]*data-testid="{testid}"', html).group(1))


def page(client, query=""):
    response = client.get(WALK + query)
    return response, response.content.decode()


class TestWalking:
    def test_the_document_page_offers_the_walk_the_pdf_and_prints_without_the_site(self, client_for, library):
        client = client_for(UserFactory())
        html = client.get(reverse("content:document_detail", args=["tree"])).content.decode()
        assert f'href="{WALK}"' in html and 'data-testid="walk-link"' in html
        assert f'href="{reverse("training:document_pdf", args=["tree"])}"' in html and "Download as PDF" in html
        assert re.search(r'<link rel="stylesheet" href="[^"]*css/print-document\.css" media="print">', html)
        # The plain page stays as it is: the tree's questions as headings, its answers as a list.
        assert "<h3" in html and "What does the error say?" in html and "→ Q2</li>" in html
        runbook = client.get(reverse("content:document_detail", args=["runbooks"])).content.decode()
        assert 'data-testid="walk-link"' not in runbook and "Download as PDF" in runbook
        assert client.get(reverse("content:document_walk", args=["runbooks"])).status_code == 404

    def test_answers_lead_on_back_returns_and_start_again_restarts(self, client_for, library):
        client = client_for(UserFactory())
        response, html = page(client)
        assert response.status_code == 200 and "Tree 1: Can&#x27;t Connect" in html and "Tree 2: Database Down" in html
        _response, html = page(client, "?tree=tree-1")
        assert "What does the error say?" in html and "psql -h db.internal" in html  # the command with the question
        assert "Start at Tree 1." not in html and list(answers_of(html)) == [
            "too many clients", "connection refused", "Something else"]

        html = client.get(WALK + answers_of(html)["too many clients"]).content.decode()
        assert 'data-testid="walk-question">Is the pool at its maximum?' in html
        assert "What does the error say? — <strong><code>too many clients</code></strong>" in html  # the path so far
        back = client.get(WALK + link(html, "walk-back")).content.decode()
        assert 'data-testid="walk-question">What does the error say?' in back

        html = client.get(WALK + answers_of(html)["No"]).content.decode()  # "-> Go to Q3"
        assert 'data-testid="walk-question">Did a deploy just raise the workers?' in html
        restart = client.get(WALK + link(html, "walk-restart")).content.decode()
        assert 'data-testid="walk-question">What does the error say?' in restart and "walk-path" not in restart

    def test_an_answer_to_another_tree_asks_its_first_question(self, client_for, library):
        client = client_for(UserFactory())
        _response, html = page(client, "?tree=tree-1&a=1")
        assert 'data-testid="walk-question">Does <code>pg_isready</code> answer?' in html or (
            'data-testid="walk-question">Does `pg_isready` answer?' in html)
        assert "of Tree 2: Database Down" in html

    def test_the_outcome_shows_the_runbook_section_it_links_to(self, client_for, library):
        client = client_for(UserFactory())
        _response, html = page(client, "?tree=tree-1&a=0.0")
        assert 'data-testid="walk-leaf">Restore the pool' in html
        section = re.search(r'data-testid="walk-section">(.*?)</div>', html, re.S).group(1)
        assert "Kill idle transactions, then watch the pool." in section and "Other" not in section
        assert link(html, "walk-section-link") == reverse("content:document_detail", args=["runbooks"]) + (
            "#pool-exhaustion")
        assert not PracticeWalk.objects.exists()  # not a practice walk: nothing recorded

    def test_htmx_swaps_the_card_alone(self, client_for, library):
        response = client_for(UserFactory()).get(WALK + "?tree=tree-1&a=0", HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert "<html" not in html and 'id="walk-card"' in html
        assert 'hx-target="#walk-card"' in html and "Is the pool at its maximum?" in html

    @pytest.mark.parametrize("query", ["?tree=tree-1&a=9", "?tree=tree-1&a=0.0.0", "?tree=tree-1&a=x",
                                       "?tree=tree-8"])
    def test_a_path_not_in_the_tree_says_so_and_offers_the_trees(self, client_for, library, query):
        response, html = page(client_for(UserFactory()), query)
        assert response.status_code == 400 and 'data-testid="walk-error"' in html
        assert "Choose a tree to start again." in html and 'data-testid="walk-trees"' in html

    def test_anonymous_visitors_are_sent_to_log_in(self, client, library):
        response = client.get(WALK + "?tree=tree-1")
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


class TestPractice:
    def test_a_practice_walk_is_recorded_once_with_its_path_outcome_and_time(self, client_for, library):
        walker = UserFactory()
        client = client_for(walker)
        html = page(client, "?tree=tree-1")[1]
        start = link(html, "start-practice")
        assert "practice=" in start
        html = client.get(WALK + start).content.decode()
        assert 'data-testid="practice-badge"' in html
        token = parse_qs(urlsplit(start).query)["practice"][0]
        at_leaf = "?" + urlencode({"tree": "tree-1", "a": "1.1", "practice": token})
        html = page(client, at_leaf)[1]
        assert 'data-testid="walk-recorded"' in html and "2 questions to “Fail over”" in html
        page(client, at_leaf)  # a reload records nothing new
        walk = PracticeWalk.objects.get()
        assert (walk.user, walk.document.slug, walk.tree, walk.path, walk.leaf, walk.leaf_title) == (
            walker, "tree", "tree-1", ["tree-1/Q1", "tree-2/A1"], "tree-2/fail-over", "Fail over")
        assert walk.version.number == "1.0" and 0 <= walk.seconds < 60

    def test_the_time_is_counted_from_the_start_of_the_practice(self, client_for, library):
        walker = UserFactory()
        token = walks.practice_token(walker, at=timezone.now() - datetime.timedelta(minutes=3))
        page(client_for(walker), "?" + urlencode({"tree": "tree-1", "a": "0.0", "practice": token}))
        assert 180 <= PracticeWalk.objects.get().seconds < 240

    def test_practice_walks_are_shown_to_their_walker_only(self, client_for, library):
        walker, other = UserFactory(), UserFactory()
        token = walks.practice_token(walker)
        page(client_for(walker), "?" + urlencode({"tree": "tree-1", "a": "0.0", "practice": token}))
        mine = page(client_for(walker))[1]
        assert 'data-testid="practice-walks"' in mine and "“Restore the pool” in 2 questions" in mine
        theirs = page(client_for(other))[1]
        assert 'data-testid="practice-walks"' not in theirs and "Restore the pool" not in theirs

    @pytest.mark.parametrize("token", [
        lambda walker, other: walks.practice_token(walker, at=timezone.now() - datetime.timedelta(days=2)),
        lambda walker, other: walks.practice_token(other),  # another's link: it records nothing for them
        lambda walker, other: str(int(timezone.now().timestamp())),  # not signed
    ], ids=["too old", "someone else's", "forged"])
    def test_a_practice_walk_that_is_not_the_walkers_own_now_is_not_recorded(self, client_for, library, token):
        walker, other = UserFactory(), UserFactory()
        query = "?" + urlencode({"tree": "tree-1", "a": "0.0", "practice": token(walker, other)})
        response, html = page(client_for(walker), query)
        assert response.status_code == 200 and "cannot be recorded" in html and 'data-testid="walk-leaf"' in html
        assert not PracticeWalk.objects.exists()
