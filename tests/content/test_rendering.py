"""Markdown rendering: tables, code, anchors, a table of contents, and nothing dangerous."""

import pytest
from django.urls import reverse

from content.rendering import diff_lines, reading_minutes, render_markdown
from tests.content.factories import DocumentFactory

HOSTILE = """\
## Safe heading

<script>alert('stolen')</script>
<img src="x.png" onerror="alert(1)">
<a href="javascript:alert(2)">click</a> [also](javascript:alert(3))
<div onclick="alert(4)" onmouseover="alert(5)">hover</div>
<iframe src="https://evil.example"></iframe>
<style>body { display: none }</style>
"""


class TestSanitising:
    def test_scripts_are_removed_with_their_content(self):
        html = render_markdown(HOSTILE).html
        assert "<script" not in html and "alert('stolen')" not in html
        assert "<style" not in html and "<iframe" not in html

    def test_event_handlers_are_stripped_and_the_element_kept(self):
        html = render_markdown(HOSTILE).html
        assert "onerror" not in html and "onclick" not in html and "onmouseover" not in html
        assert '<img src="x.png">' in html and "hover" in html

    def test_javascript_urls_never_reach_the_page(self):
        html = render_markdown(HOSTILE).html
        assert "javascript:" not in html.replace("[also](javascript:alert(3))", "")
        assert 'href="javascript' not in html


class TestMarkdown:
    def test_tables_code_and_heading_anchors(self):
        html = render_markdown(
            "## Data Flow\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n```bash\ncurl -fsS /healthz\n```\n"
        ).html
        assert '<h2 id="data-flow">Data Flow</h2>' in html
        assert '<table tabindex="0">' in html and '<td style="text-align:right">2</td>' in html
        assert '<pre tabindex="0"><code class="language-bash">curl -fsS /healthz' in html

    def test_a_keyboard_reaches_code_blocks_and_tables_to_scroll_them_and_nothing_jumps_the_order(self):
        html = render_markdown("    indented\n\n<pre tabindex=5>raw</pre><table tabindex=-1><tr><td>x</td></tr>"
                               "</table>").html
        assert html.count('<pre tabindex="0">') == 2 and '<table tabindex="0">' in html
        assert "5" not in html and "-1" not in html

    def test_a_checklist_item_names_its_checkbox_with_its_words(self):
        """A screen reader reads "Post the all-clear, checkbox, not checked", not a bare checkbox."""
        html = render_markdown("- [ ] Post the all-clear\n- [x] Write the timeline\n").html
        assert '<label><input disabled="disabled" type="checkbox"> Post the all-clear</label>' in html
        assert '<label><input checked="checked" disabled="disabled" type="checkbox"> Write the timeline</label>' in html

    def test_table_of_contents_lists_level_two_and_three_headings(self):
        toc = render_markdown("## Tree 1: API Unavailable\n\n### Checks\n\n#### Too deep\n").toc
        assert [(e.level, e.text, e.anchor) for e in toc] == [
            (2, "Tree 1: API Unavailable", "tree-1-api-unavailable"), (3, "Checks", "checks"),
        ]

    def test_reading_time_is_about_200_words_a_minute_and_at_least_one(self):
        assert reading_minutes("") == 1
        assert reading_minutes("word " * 200) == 1
        assert reading_minutes("word " * 401) == 3

    def test_diff_marks_added_and_removed_lines(self):
        kinds = [(line.kind, line.text) for line in diff_lines("a\nb\nc", "a\nB\nc") if line.kind != "hunk"]
        assert kinds == [("context", "a"), ("removed", "b"), ("added", "B"), ("context", "c")]


@pytest.mark.django_db
def test_the_document_page_never_serves_a_script_from_a_document(client_for, engineer):
    document = DocumentFactory(body=HOSTILE)
    html = client_for(engineer).get(reverse("content:document_detail", args=[document.slug])).content.decode()
    assert "alert('stolen')" not in html and "onerror" not in html and "javascript:alert(2)" not in html
    assert '<h2 id="safe-heading">Safe heading</h2>' in html
