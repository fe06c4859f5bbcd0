"""README's "Bringing your existing checklist": its before imports as the README says (the dry
run's lines), and exporting it gives its after, which imports again unchanged."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.assessments.factories import QuizFactory
from tests.content.factories import DocumentFactory
from tests.training.factories import ExerciseFactory
from training.tracks.models import Track
from training.tracks.trackfile import render_track, spec_from_track

pytestmark = pytest.mark.django_db
README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Bringing your existing checklist\n", 1)[1].split("## Documents and questions as text", 1)[0]
BEFORE, AFTER = re.findall(r"```markdown\n(.*?)```", SECTION, re.DOTALL)
DRY_RUN = re.search(r"```text\n\$ python manage.py import_track payments-onboarding.md --dry-run\n(.*?)```",
                    SECTION, re.DOTALL).group(1)


def test_the_readme_before_and_after_are_what_the_import_and_the_export_do(tmp_path, capsys, monkeypatch):
    for slug, title in (("architecture", "Architecture"), ("operational-runbooks", "Operational Runbooks"),
                        ("on-call", "On-Call Handbook"), ("failover-runbook", "Failover Runbook")):
        DocumentFactory(slug=slug, title=title)
    ExerciseFactory(slug="submit-and-track", title="Submit and track a task")
    QuizFactory(slug="week-1-knowledge-check", title="Week 1 knowledge check")
    (tmp_path / "payments-onboarding.md").write_text(BEFORE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    call_command("import_track", "payments-onboarding.md", "--dry-run")
    assert capsys.readouterr().out == DRY_RUN
    call_command("import_track", "payments-onboarding.md")
    track = Track.objects.get(slug="payments-onboarding")
    assert render_track(spec_from_track(track)) == AFTER
    (tmp_path / "after.md").write_text(AFTER, encoding="utf-8")
    call_command("import_track", "after.md")
    assert "unchanged: Payments on-call onboarding v1" in capsys.readouterr().out
