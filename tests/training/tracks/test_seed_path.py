"""The seed's "Path 2: Standard (New to This System)", written as a track in its author's own
words (data/standard-path.md: file names, no refs), imports against the demo library with a
warning for the one file the demo does not have, and links the rest by file name."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from training.tracks import services as track_services
from training.tracks.models import StepKind

pytestmark = pytest.mark.django_db
PATH_2 = (Path(__file__).resolve().parent / "data" / "standard-path.md").read_text(encoding="utf-8")


def test_path_2_in_the_authors_words_links_to_the_demo_documents_by_file_name():
    call_command("load_demo")
    result = track_services.track_file_import(text=PATH_2, filename="standard-path.md")
    assert result.outcome == "created"
    steps = {step.title: step for step in result.track.steps.all()}
    assert steps["Read OPERATIONS_TRAINING_CHECKLIST.md - Standard Track"].ref == "operations-training-checklist"
    guide = steps["Read INCIDENT_RESPONSE_GUIDE.md scenarios 1-10"]
    assert (guide.ref, guide.sections) == ("incident-response-guide", "scenarios 1-10")
    assert steps["Read TROUBLESHOOTING_DECISION_TREE.md - print it"].ref == "troubleshooting-decision-tree"
    assert steps["Complete all 5 exercises"].kind == steps["Practice scenarios"].kind == StepKind.CHECKLIST
    assert steps["Shadow experienced engineer (4+ hours)"].hours == Decimal("4.0")
    assert result.track.validity_months == 12
    assert result.warnings == [(18, "“Read LATENCY_PLAYBOOK.md” is imported unlinked: no document is named "
                                    "LATENCY_PLAYBOOK.md: import it and the step links itself, or link it on the "
                                    "track's page")]
    assert [s.title for s in result.track.steps.filter(linked=False)] == ["Read LATENCY_PLAYBOOK.md"]
