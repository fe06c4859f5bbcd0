"""Decision trees: the Markdown convention read into questions and answers, every broken tree
refused at import with its line, and the tree stored with the version it was read from."""

import pytest
from django.urls import reverse

from content import services, trees
from content.models import Document, DocumentCategory, DocumentVersion
from content.walks import tree_of
from tests.content.test_import_export import write

GOOD = """\
---
category: decision_tree
---

# Database Trouble

Start at Tree 1.

## Tree 1: Can't Connect

### Q1: What does the error say?

```bash
psql -h db.internal -c 'select 1'   # -> answers 1
```

- `too many clients` → Q2
- `connection refused` → Tree 2
- Something else → **Escalate**: page the database on-call

### Q2: Is the pool at its maximum?

- Yes → **Restore the pool**: follow [Pool Exhaustion](runbooks.md#pool-exhaustion) now
- No -> Go to Q3

### Q3: Did a deploy just raise the workers?

- Yes → **Roll back**
- No → **Escalate**: page the database on-call

## Tree 2: Database Down

### A1. Does `pg_isready` answer?

- Yes → **Check the network policy**
- No → **Fail over**: [Scenario 5](guide.md#scenario-5-database-down)

## Revision History

| Date | Version | Changes |
|---|---|---|
| 2026-11-01 | 1.0 | First version |
"""

RUNBOOKS = "# Runbooks\n\n## Pool Exhaustion\n\nKill idle transactions, then watch the pool.\n\n## Other\n\nElse.\n"


def broken(*lines):
    """A one-tree document whose tree is ``lines``."""
    return "---\ncategory: decision_tree\n---\n\n# Broken\n\n## Tree 1: Broken\n\n" + "\n".join(lines) + "\n"


# Line numbers in ``broken`` documents: the tree's own lines start at line 9.
FIRST = 9


class TestParsing:
    def test_a_good_tree_gives_its_questions_answers_and_outcomes(self):
        found, errors = trees.parse_trees(GOOD)
        assert errors == []
        assert [tree["id"] for tree in found] == ["tree-1", "tree-2"]
        first = found[0]
        assert first["heading"] == "Tree 1: Can't Connect" and first["line"] == 9
        assert [node["id"] for node in first["nodes"]] == ["Q1", "Q2", "Q3"]
        q1 = first["nodes"][0]
        assert q1["question"] == "What does the error say?"
        assert "psql -h db.internal" in q1["text"]  # the command is shown with the question, not an answer
        assert [answer["label"] for answer in q1["answers"]] == [
            "`too many clients`", "`connection refused`", "Something else"]
        assert q1["answers"][0]["node"] == "Q2" and q1["answers"][1]["tree"] == "tree-2"
        leaf = first["nodes"][1]["answers"][0]["leaf"]
        assert leaf["id"] == "restore-the-pool" and leaf["title"] == "Restore the pool"
        assert leaf["href"] == "runbooks.md#pool-exhaustion"
        assert first["nodes"][1]["answers"][1]["node"] == "Q3"  # "-> Go to Q3" reads too
        assert found[1]["nodes"][0]["id"] == "A1"  # "### A1. …" reads too
        assert trees.leaf_ids({"trees": found}) == {
            "tree-1/escalate", "tree-1/restore-the-pool", "tree-1/roll-back",
            "tree-2/check-the-network-policy", "tree-2/fail-over"}

    def test_a_document_without_questions_has_no_tree_and_no_error(self):
        assert trees.parse_trees("# Tree\n\n## Tree 1: API\n\nDoes it answer? Yes: fine.\n") == ([], [])

    @pytest.mark.parametrize("lines, line, reason", [
        (["### Q1: Up?", "- Yes → Q2", "- No → **Restart**"], FIRST + 1,
         "'Yes' leads to question Q2, which Tree 1 does not have"),
        (["### Q1: Up?", "- Yes → Tree 7", "- No → **Restart**"], FIRST + 1,
         "'Yes' leads to Tree 7, which this document does not have"),
        (["### Q1: Up?", "- Yes → Q2", "- No → **Restart**", "### Q2: Sure?", "- Yes → Q1", "- No → **Stop**"],
         FIRST + 4, "this answer goes round in a circle (Q1 → Q2 → Q1): a walk would never end"),
        (["### Q1: Up?", "- Yes → **Fine**", "- No → **Restart**", "### Q2: Orphan?", "- Yes → **Stop**"],
         FIRST + 3, "question Q2 is never reached: no answer in Tree 1 leads to it"),
        (["### Q1: Up?", "Just text, no answers."], FIRST, "question Q1 has no answers ('- Yes → Q2' under it)"),
        (["### Q1: Up?", "- Yes → **Fine**", "- No → somewhere"], FIRST + 2,
         "'somewhere' is not a place to go"),
        (["### Up or not?", "- Yes → **Fine**"], FIRST, "a heading in a tree must be a question with its id"),
        (["### Q1: Up?", "- Yes → Q1b", "### Q1: Again?", "- No → **Stop**"], FIRST + 2,
         "question Q1 is in Tree 1 twice (also on line 9)"),
    ], ids=["missing question", "missing tree", "cycle", "unreachable", "no answers", "no target",
            "heading without id", "duplicate id"])
    def test_a_broken_tree_names_the_line_and_what_is_wrong(self, lines, line, reason):
        _found, errors = trees.parse_trees(broken(*lines))
        assert any(number == line and message.startswith(reason) for number, message in errors), errors

    def test_a_cycle_through_another_tree_is_found_and_named_with_its_trees(self):
        text = broken("### Q1: Up?", "- Yes → Tree 2", "- No → **Stop**") + (
            "\n## Tree 2: Other\n\n### Q1: Down?\n- Yes → Tree 1\n- No → **Fine**\n")
        _found, errors = trees.parse_trees(text)
        assert errors == [(16, "this answer goes round in a circle (Tree 1 Q1 → Tree 2 Q1 → Tree 1 Q1): a walk "
                               "would never end")]

    def test_an_arrow_in_a_code_block_is_not_an_answer(self):
        found, errors = trees.parse_trees(broken("### Q1: Up?", "```", "- a → Q9", "```", "- Yes → **Fine**"))
        assert errors == [] and len(found[0]["nodes"][0]["answers"]) == 1


class TestWalking:
    def test_answers_lead_from_question_to_question_across_trees_to_an_outcome(self):
        data = {"trees": trees.parse_trees(GOOD)[0]}
        at_q2 = trees.walk(data, tree="tree-1", answers=[0])
        assert at_q2.node["id"] == "Q2" and at_q2.path == ["tree-1/Q1"]
        other_tree = trees.walk(data, tree="tree-1", answers=[1])
        assert other_tree.node["id"] == "A1" and other_tree.node_tree["id"] == "tree-2"
        leaf = trees.walk(data, tree="tree-1", answers=[1, 1])
        assert leaf.leaf["title"] == "Fail over" and leaf.leaf_key == "tree-2/fail-over"
        assert leaf.path == ["tree-1/Q1", "tree-2/A1"]

    @pytest.mark.parametrize("answers", [[7], [0, 0, 0], [-1]])
    def test_a_path_not_in_the_tree_is_refused(self, answers):
        data = {"trees": trees.parse_trees(GOOD)[0]}
        with pytest.raises(trees.WalkError):
            trees.walk(data, tree="tree-1", answers=answers)
        with pytest.raises(trees.WalkError):
            trees.walk(data, tree="tree-9", answers=[])

    def test_a_section_is_its_heading_up_to_the_next_of_its_level(self):
        assert trees.section_markdown(RUNBOOKS, "pool-exhaustion") == (
            "## Pool Exhaustion\n\nKill idle transactions, then watch the pool.")
        assert trees.section_markdown(RUNBOOKS, "nowhere") == ""


@pytest.mark.django_db
class TestImport:
    def test_the_tree_is_stored_with_the_version_and_a_missing_section_is_a_warning(self, tmp_path):
        write(tmp_path, "tree.md", GOOD)
        write(tmp_path, "runbooks.md", RUNBOOKS)
        report = services.library_import(path=tmp_path)
        document = Document.objects.select_related("current_version").get(slug="tree")
        assert document.category == DocumentCategory.DECISION_TREE
        assert [tree["id"] for tree in tree_of(document)["trees"]] == ["tree-1", "tree-2"]
        # runbooks.md#pool-exhaustion exists; guide.md is not in the library.
        assert [str(warning) for warning in report.warnings] == [
            "tree.md:36: the outcome links to guide.md, which is not in the library"]
        assert "warning    tree.md:36" in "\n".join(report.lines())

    def test_a_link_to_a_section_that_moved_is_a_warning_not_a_refusal(self, tmp_path):
        write(tmp_path, "tree.md", GOOD.replace("(guide.md#scenario-5-database-down)", ""))
        write(tmp_path, "runbooks.md", RUNBOOKS.replace("## Pool Exhaustion", "## Pool Trouble"))
        report = services.library_import(path=tmp_path)
        assert [str(warning) for warning in report.warnings] == [
            "tree.md:23: the outcome links to section #pool-exhaustion of runbooks, which has no such section"]
        assert Document.objects.filter(slug="tree").exists()

    @pytest.mark.parametrize("lines, line", [
        (["### Q1: Up?", "- Yes → Q2", "- No → **Restart**"], FIRST + 1),
        (["### Q1: Up?", "- Yes → Q2", "- No → **Restart**", "### Q2: Sure?", "- Yes → Q1"], FIRST + 4),
        (["### Q1: Up?", "- Yes → **Fine**", "### Q2: Orphan?", "- Yes → **Stop**"], FIRST + 2),
    ], ids=["missing question", "cycle", "unreachable"])
    def test_a_broken_tree_refuses_the_whole_import_with_file_and_line(self, tmp_path, lines, line):
        write(tmp_path, "runbooks.md", RUNBOOKS)
        write(tmp_path, "trees/broken.md", broken(*lines))
        with pytest.raises(services.ImportRefused) as refused:
            services.library_import(path=tmp_path)
        assert any(p.file == "trees/broken.md" and p.line == line for p in refused.value.problems), (
            refused.value.problems)
        assert not Document.objects.exists() and not DocumentVersion.objects.exists()  # nothing written

    def test_a_broken_new_version_of_a_known_tree_changes_nothing(self, tmp_path):
        write(tmp_path, "tree.md", GOOD)
        services.library_import(path=tmp_path)
        before = list(DocumentVersion.objects.values())
        write(tmp_path, "tree.md", GOOD.replace("- No -> Go to Q3", "- No -> Go to Q4").replace("1.0 |", "1.1 |"))
        with pytest.raises(services.ImportRefused, match=r"tree.md:24: 'No' leads to question Q4"):
            services.library_import(path=tmp_path)
        assert list(DocumentVersion.objects.values()) == before

    def test_the_tree_is_only_read_for_decision_trees(self, tmp_path):
        write(tmp_path, "notes.md", GOOD.replace("category: decision_tree", "category: runbook").replace(
            "→ Q2", "→ Q9"))
        services.library_import(path=tmp_path)
        notes = Document.objects.select_related("current_version").get(slug="notes")
        assert notes.current_version.tree is None and tree_of(notes) is None

    def test_a_tree_written_in_the_library_is_checked_too(self):
        with pytest.raises(services.ContentError, match="line 3: 'Yes' leads to question Q2"):
            services.document_create(slug="t", title="T", category=DocumentCategory.DECISION_TREE,
                                     body="## Tree 1: A\n### Q1: Up?\n- Yes → Q2\n- No → **Stop**\n")
        assert not Document.objects.exists()
        document = services.document_create(slug="t", title="T", category=DocumentCategory.DECISION_TREE,
                                            body="## Tree 1: A\n### Q1: Up?\n- Yes → **Go**\n- No → **Stop**\n")
        assert trees.leaf_ids(tree_of(document)) == {"tree-1/go", "tree-1/stop"}

    def test_the_demo_tree_reads_whole(self):
        from content.demo import DEMO_DOCS

        found, errors = trees.parse_trees((DEMO_DOCS / "troubleshooting-decision-tree.md").read_text())
        assert errors == []
        assert [tree["heading"].split(":")[0] for tree in found] == [f"Tree {n}" for n in range(1, 10)]
        assert "tree-5/restore-the-pool" in trees.leaf_ids({"trees": found})


@pytest.mark.django_db
def test_a_broken_tree_written_in_the_django_admin_is_a_form_error_and_saves_nothing(admin_client):
    form = {"title": "T", "slug": "t", "category": DocumentCategory.DECISION_TREE, "purpose": "",
            "owner": "", "review_cadence": "quarterly", "last_reviewed": "", "change_note": "",
            "body": "## Tree 1: A\n### Q1: Up?\n- Yes → Q2\n- No → **Stop**\n",
            "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0"}
    response = admin_client.post(reverse("admin:content_document_add"), form)
    assert response.status_code == 200 and "line 3: &#x27;Yes&#x27; leads to question Q2" in response.content.decode()
    assert not Document.objects.exists()
    form["body"] = form["body"].replace("→ Q2", "→ **Go**")
    assert admin_client.post(reverse("admin:content_document_add"), form).status_code == 302
    assert trees.leaf_ids(tree_of(Document.objects.get(slug="t"))) == {"tree-1/go", "tree-1/stop"}
