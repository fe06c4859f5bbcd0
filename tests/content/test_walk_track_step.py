"""A track step that asks for a walk of a decision tree to a named outcome: written in the track file
(``{ref: …, walk: tree-1/restore-the-pool}``), checked against the tree at import, done when the
engineer's practice walk reaches that outcome (not by "I have read it", nor by another outcome)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from content import services as content_services
from content import walks
from content.models import Document, PracticeWalk
from tests.content.test_import_export import write
from tests.content.test_trees import GOOD, RUNBOOKS
from tests.training.factories import Org
from training.tracks import services as track_services
from training.tracks.models import StepKind
from training.tracks.trackfile import TrackFileError, parse_track, render_track
from training.workflow.models import ProgressStatus, SignOff

pytestmark = pytest.mark.django_db

TRACK = """---
name: Walking track
slug: walking
---
## Week 1
- [ ] Walk the database tree to the pool fix {{ref: tree, walk: {walk}}}
- [ ] Read the runbooks {{ref: runbooks}}
- [ ] Manager sign-off
"""


@pytest.fixture
def org(tmp_path):
    write(tmp_path, "tree.md", GOOD)
    write(tmp_path, "runbooks.md", RUNBOOKS)
    content_services.library_import(path=tmp_path)
    track, _ = track_services.track_import(text=TRACK.format(walk="tree-1/restore-the-pool"))
    return Org(track=track)


def walk_progress(org):
    return org.enrollment.progress.select_related("step").get(step__walk="tree-1/restore-the-pool")


def walk_to(client, url, answers):
    """Follow the walk page from ``url`` by the answers' labels; returns the last page."""
    html = client.get(url).content.decode()
    for label in answers:
        found = dict((unescape(re.sub(r"<[^>]+>", "", text)), unescape(href)) for href, text in re.findall(
            r'href="([^"]+)"[^>]*data-testid="walk-answer">(.*?)</a>', html))
        html = client.get(reverse("content:document_walk", args=["tree"]) + found[label]).content.decode()
    return html


class TestTrackFile:
    def test_a_walk_step_is_a_reading_step_and_writes_back_the_same(self):
        spec = parse_track(TRACK.format(walk="tree-1/restore-the-pool"))
        step = spec.stages[0].steps[0]
        assert (step.kind, step.ref, step.walk) == (StepKind.READ, "tree", "tree-1/restore-the-pool")
        assert "{ref: tree, walk: \"tree-1/restore-the-pool\"}" in render_track(spec)
        assert parse_track(render_track(spec)) == spec

    @pytest.mark.parametrize("attrs, problem", [
        ("{ref: tree, walk: restore the pool}", "walk names a tree and one of its outcomes"),
        ("{walk: tree-1/restore-the-pool}", "a step with a walk names its decision tree"),
        ("{kind: quiz, ref: tree, walk: tree-1/restore-the-pool}", "a step with a walk reads its decision tree"),
    ])
    def test_a_wrong_walk_is_refused_with_its_line(self, attrs, problem):
        text = "---\nname: W\nslug: w\n---\n## Week 1\n- [ ] Walk it " + attrs + "\n"
        with pytest.raises(TrackFileError) as refused:
            parse_track(text)
        assert any(line == 6 and message.startswith(problem) for line, message in refused.value.errors), (
            refused.value.errors)

    def test_an_outcome_the_tree_does_not_have_refuses_the_import(self, org):
        with pytest.raises(TrackFileError) as refused:
            track_services.track_import(text=TRACK.format(walk="tree-1/restore-the-poll"))
        assert refused.value.errors[0][0] == 6
        assert "“Database Trouble” has no outcome tree-1/restore-the-poll" in refused.value.errors[0][1]


class TestCompletion:
    def test_the_step_sends_the_engineer_to_a_practice_walk_and_reaching_the_outcome_completes_it(self, client, org):
        client.force_login(org.engineer)
        step_url = reverse("training:step_detail", args=[walk_progress(org).pk])
        page = client.get(step_url).content.decode()
        assert "walking the decision tree to “Restore the pool” in practice mode" in page
        assert 'data-testid="step-read"' not in page  # not "I have read it"
        walk_url = unescape(re.search(r'href="([^"]+)" data-testid="step-walk-link"', page).group(1))
        assert walk_url.startswith(reverse("content:document_walk", args=["tree"]) + "?tree=tree-1&practice=")

        # Another outcome is recorded as practice, and does not complete the step.
        walk_to(client, walk_url, ["too many clients", "No", "Yes"])  # → Roll back
        assert PracticeWalk.objects.get().leaf == "tree-1/roll-back"
        assert walk_progress(org).status != ProgressStatus.DONE

        html = walk_to(client, walk_url, ["too many clients", "Yes"])
        assert "Practice walk recorded" in html
        progress = walk_progress(org)
        assert progress.status == ProgressStatus.DONE
        signoff = SignOff.objects.filter(step=progress.step).latest("pk")
        assert signoff.by == org.engineer and signoff.document_version == "1.0"
        assert signoff.comment == "Walked Database Trouble v1.0 to “Restore the pool” (2 questions)"

    def test_reading_the_tree_does_not_complete_a_walk_step_and_a_walk_by_someone_else_neither(self, client, org):
        client.force_login(org.engineer)
        client.get(reverse("content:document_detail", args=["tree"]))
        refused = client.post(reverse("training:step_complete", args=[walk_progress(org).pk]), follow=True)
        assert "done by walking the decision tree" in refused.content.decode()
        content_services.document_acknowledge(user=org.engineer, document=Document.objects.get(slug="tree"))
        assert walk_progress(org).status != ProgressStatus.DONE

        client.force_login(org.mentor)
        walk_to(client, walks.walk_url(Document.objects.get(slug="tree"), "tree-1/restore-the-pool", user=org.mentor),
                ["too many clients", "Yes"])
        assert PracticeWalk.objects.filter(user=org.mentor).exists()
        assert walk_progress(org).status != ProgressStatus.DONE
