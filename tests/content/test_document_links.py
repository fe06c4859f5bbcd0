"""A team's runbook folder, linked the way it links on GitHub: after the import, every link to a
document it held leads to that document's page (anchor kept), every link to a file it did not
hold is marked missing (never a 404), links elsewhere are untouched, and nothing unsafe gets in."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from content.doclinks import DocumentLinks
from content.models import Document
from content.rendering import render_markdown
from tests.content.factories import DocumentFactory
from tests.content.test_import_export import write

# A platform team's docs as they keep them in their repository, subfolders and all.
TEAM_FOLDER = {
    "README.md": """\
# Payments Platform Docs

Start with the [architecture](ARCHITECTURE.md), then the [failover runbook](runbooks/failover)
and the [escalation ladder](oncall/ON_CALL.md#escalation).

Live status: [status page](https://status.example.com/payments) · mail [the team](mailto:payments@example.com).
""",
    "ARCHITECTURE.md": """\
# Architecture

## Data flow

Requests reach the API, which writes to the primary. See [restarting the API](runbooks/restart.md#before-you-start)
and the [overview diagram](diagrams/overview.png). Why we chose this: [ADR 7](decisions/adr-007.md).
""",
    "runbooks/failover.md": """\
# Failover Runbook

## Promote

1. Read the [data flow](../ARCHITECTURE.md#data-flow) first.
2. Promote the replica; if the API stays down, [restart it](restart.md).
3. Still stuck? [Escalate](../oncall/ON_CALL.md#escalation) — the [2019 procedure](../archive/failover-2019.md)
   no longer applies.
4. Back to [the top](#promote).
""",
    "runbooks/restart.md": """\
# Restarting the API

## Before you start

Tell the [on-call engineer](../oncall/ON_CALL).
""",
    "oncall/ON_CALL.md": """\
# On-Call Handbook

## Escalation

Page the secondary after 15 minutes. The [failover runbook](../runbooks/failover.md#promote) helps.
""",
}


@pytest.fixture
def team_folder(tmp_path):
    for name, text in TEAM_FOLDER.items():
        write(tmp_path, name, text)
    return tmp_path


def page_url(slug, anchor=""):
    return reverse("content:document_detail", args=[slug]) + (f"#{anchor}" if anchor else "")


def body_of(html):
    return html.split('data-testid="document-body"', 1)[1].split("</article>", 1)[0]


def hrefs(html):
    return re.findall(r'href="([^"]*)"', body_of(html))


@pytest.mark.django_db
class TestImportedFolder:
    def test_links_between_imported_documents_lead_to_their_pages_with_their_anchors(
            self, team_folder, client_for, engineer):
        call_command("import_docs", str(team_folder))
        client = client_for(engineer)
        html = client.get(page_url("failover")).content.decode()
        assert hrefs(html) == [
            page_url("architecture", "data-flow"), page_url("restart"), page_url("on-call", "escalation"),
            "#promote",
        ]
        for href in hrefs(html):  # every link a reader can follow answers, and its anchor is there
            path, _, anchor = href.partition("#")
            target = client.get(path or page_url("failover"))
            assert target.status_code == 200
            assert not anchor or f'id="{anchor}"' in target.content.decode()
        readme = client.get(page_url("readme")).content.decode()
        assert page_url("failover") in hrefs(readme)  # written without ".md"
        restart = client.get(page_url("restart")).content.decode()
        assert hrefs(restart) == [page_url("on-call")]  # a folder up, without ".md"

    def test_links_to_files_that_were_not_imported_are_marked_missing_and_name_the_file(
            self, team_folder, client_for, engineer):
        call_command("import_docs", str(team_folder))
        html = client_for(engineer).get(page_url("architecture")).content.decode()
        body = body_of(html)
        assert hrefs(html) == [page_url("restart", "before-you-start")]
        assert ('<span class="link-missing" title="Missing: diagrams/overview.png is not in the library">'
                'overview diagram <span class="link-missing-mark">(missing)</span></span>') in body
        assert 'title="Missing: decisions/adr-007.md is not in the library">ADR 7' in body
        failover = body_of(client_for(engineer).get(page_url("failover")).content.decode())
        assert 'title="Missing: archive/failover-2019.md is not in the library"' in failover
        assert "failover-2019" not in "".join(re.findall(r'href="[^"]*"', failover))

    def test_external_links_are_left_as_written(self, team_folder, client_for, engineer):
        call_command("import_docs", str(team_folder))
        html = client_for(engineer).get(page_url("readme")).content.decode()
        assert "https://status.example.com/payments" in hrefs(html)
        assert "mailto:payments@example.com" in hrefs(html)

    def test_a_link_follows_its_document_when_a_missing_one_is_imported_later(self, team_folder, client_for, engineer):
        call_command("import_docs", str(team_folder))
        write(team_folder, "decisions/adr-007.md", "# ADR 7: One primary\n\nWe keep one primary.\n")
        call_command("import_docs", str(team_folder))
        html = client_for(engineer).get(page_url("architecture")).content.decode()
        assert page_url("adr-007") in hrefs(html)
        assert "adr-007.md is not in the library" not in html


LINKS = DocumentLinks(
    source="runbooks/restart.md",
    rows=[("architecture", "ARCHITECTURE.md"), ("failover", "runbooks/failover.markdown"),
          ("written-here", "")],
    url_for=lambda slug: f"/library/docs/{slug}/",
)


class TestResolving:
    @pytest.mark.parametrize("href, url", [
        ("../ARCHITECTURE.md", "/library/docs/architecture/"),
        ("../architecture.md", "/library/docs/architecture/"),  # as a Mac or Windows folder opens it
        ("../ARCHITECTURE", "/library/docs/architecture/"),
        ("failover#promote", "/library/docs/failover/#promote"),
        ("./failover.markdown?plain=1#step-2", "/library/docs/failover/#step-2"),
        ("../runbooks/../ARCHITECTURE.md#data-flow", "/library/docs/architecture/#data-flow"),
        ("../written_here.md", "/library/docs/written-here/"),  # a document written in Shiftready
        ("failover#%22%3E%3Cscript%3E", "/library/docs/failover/#%22%3E%3Cscript%3E"),
    ])
    def test_a_relative_link_to_a_document_of_the_library(self, href, url):
        assert LINKS.resolve(href).url == url

    @pytest.mark.parametrize("href, missing", [
        ("diagram.png", "runbooks/diagram.png"),
        ("../archive/failover-2019.md", "archive/failover-2019.md"),
        ("../../secrets.md", "../../secrets.md"),
        ("ARCHITECTURE.md", "runbooks/ARCHITECTURE.md"),  # not beside this document
    ])
    def test_a_relative_link_to_a_file_the_library_does_not_hold(self, href, missing):
        assert LINKS.resolve(href).missing == missing

    @pytest.mark.parametrize("href", [
        "https://example.com/ARCHITECTURE.md", "mailto:ops@example.com", "#promote", "/library/", "//evil.example/x",
        "javascript:alert(1)", "",
    ])
    def test_links_that_are_not_relative_files_are_left_alone(self, href):
        assert LINKS.resolve(href) is None

    def test_without_a_relative_link_the_library_is_never_read(self):
        def rows():
            raise AssertionError("read the library for a page without relative links")
            yield

        links = DocumentLinks(source="a.md", rows=rows(), url_for=str)
        html = render_markdown("[out](https://example.com) and [here](#here)", links=links).html
        assert 'href="https://example.com"' in html


class TestSafety:
    HOSTILE = """\
[a](javascript:alert(1)) [b](<javascript%3Aalert(2)>) [c](JaVaScRiPt:alert(3))
[d](<x" onmouseover="alert(4).md>) [e](<ARCHITECTURE.md#"><script>alert(5)</script>>)
<a href="javascript:alert(6)">raw</a> [f](data:text/html;base64,PHNjcmlwdD4=)
"""

    def test_rewriting_never_lets_a_script_or_handler_through(self):
        html = render_markdown(self.HOSTILE, links=LINKS).html
        links = re.findall(r'href="([^"]*)"', html)
        assert not [href for href in links if href.lower().startswith(("javascript", "data"))]
        assert "<script" not in html and 'onmouseover="' not in html  # only inside an escaped title
        assert html.count('class="link-missing"') == 2  # b and d: named as files, not in the library

    @pytest.mark.django_db
    def test_a_documents_page_with_hostile_links_is_safe(self, client_for, engineer):
        DocumentFactory(slug="hostile", body=self.HOSTILE, source_path="hostile.md")
        body = body_of(client_for(engineer).get(page_url("hostile")).content.decode())
        assert "javascript:" not in "".join(re.findall(r'href="[^"]*"', body)).lower()
        assert "<script" not in body


@pytest.mark.django_db
def test_without_a_recorded_path_links_resolve_from_the_top_of_the_folder(client_for, engineer):
    DocumentFactory(slug="architecture", title="Architecture")
    DocumentFactory(slug="guide", body="See [architecture](ARCHITECTURE.md) and [x](x.md).")
    body = body_of(client_for(engineer).get(page_url("guide")).content.decode())
    assert f'href="{page_url("architecture")}"' in body
    assert 'title="Missing: x.md is not in the library"' in body
    assert Document.objects.count() == 2
