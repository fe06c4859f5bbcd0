"""A checklist as a team writes it (tests/training/tracks/data/payments-onboarding.md: no refs,
file names, a Markdown link, titles, hours and a validity in words) imports: each step links to
what it names, what cannot be found yet imports unlinked with a warning naming its line, and
importing the file again once it exists links it in place."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.assessments.factories import QuizFactory
from tests.content.factories import DocumentFactory
from tests.training.factories import ExerciseFactory
from training.tracks import services as track_services
from training.tracks.models import Step, StepKind, Track
from training.tracks.trackfile import TrackFileError, parse_track, render_track, spec_from_track

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent / "data"
CHECKLIST = (DATA / "payments-onboarding.md").read_text(encoding="utf-8")


@pytest.fixture
def library():
    """What the payments team has imported so far: not the capacity guide, not the outage quiz."""
    return {
        "architecture": DocumentFactory(slug="architecture", title="Architecture"),
        "runbooks": DocumentFactory(slug="operational-runbooks", title="Operational Runbooks"),
        "handbook": DocumentFactory(slug="on-call", title="On-Call Handbook"),
        "failover": DocumentFactory(slug="failover", title="Failover Runbook"),
        "exercise": ExerciseFactory(slug="submit-and-track", title="Submit and track a task"),
        "quiz": QuizFactory(slug="week-1", title="Week 1 knowledge check"),
    }


def steps(track):
    return {step.title: step for step in track.steps.select_related("exercise")}


def test_a_teams_checklist_links_each_step_to_what_its_words_name(library):
    result = track_services.track_file_import(text=CHECKLIST, filename="payments-onboarding.md")
    assert result.outcome == "created" and result.version == 1
    by_title = steps(result.track)
    assert by_title["Read ARCHITECTURE.md"].ref == "architecture"  # by file name
    assert by_title["OPERATIONAL_RUNBOOKS.md sections 1-4"].kind == StepKind.READ  # a file name makes a reading
    assert by_title["OPERATIONAL_RUNBOOKS.md sections 1-4"].ref == "operational-runbooks"
    assert by_title["Read [the on-call handbook](handbook/ON_CALL.md#before-your-first-shift)"].ref == "on-call"
    assert by_title["Read the failover runbook"].ref == "failover"  # by title
    assert by_title["Exercise: Submit and track a task"].exercise == library["exercise"]
    assert by_title["Quiz: Week 1 knowledge check"].ref == "week-1"
    assert all(step.linked for title, step in by_title.items() if "capacity" not in title and "outage" not in title)


def test_what_cannot_be_found_yet_imports_unlinked_with_a_warning_per_line(library):
    result = track_services.track_file_import(text=CHECKLIST, filename="payments-onboarding.md")
    assert [line for line, _message in result.warnings] == [22, 23]
    assert "“Read the capacity planning guide” is imported unlinked: no document is named “capacity planning " \
           "guide”" in result.warnings[0][1]
    assert "no quiz is named “payments outage”" in result.warnings[1][1]
    unlinked = result.track.steps.filter(linked=False).order_by("order")
    assert [(s.title, s.source_line) for s in unlinked] == [
        ("Read the capacity planning guide", 22), ("Scenario validation: payments outage", 23)]


def test_strict_refuses_the_file_naming_every_step_it_cannot_link(library):
    with pytest.raises(TrackFileError) as refused:
        track_services.track_file_import(text=CHECKLIST, filename="payments-onboarding.md", strict=True)
    assert [line for line, _message in refused.value.errors] == [22, 23]
    assert refused.value.errors[0][1].startswith("a read step needs a reference: add {ref: ...} (no document is "
                                                 "named “capacity planning guide”")
    assert not Track.objects.exists()


def test_importing_again_once_the_documents_arrive_links_the_steps_in_place(library):
    first = track_services.track_file_import(text=CHECKLIST, filename="payments-onboarding.md").track
    again = track_services.track_file_import(text=CHECKLIST)
    assert again.outcome == "unchanged" and len(again.warnings) == 2

    DocumentFactory(slug="capacity-planning", title="Capacity Planning Guide")  # not through an import
    QuizFactory(slug="payments-outage", title="Payments outage")  # a new quiz links its step at once
    assert steps(first)["Scenario validation: payments outage"].ref == "payments-outage"
    dry = track_services.track_file_import(text=CHECKLIST, dry_run=True)
    assert (dry.outcome, dry.linked, dry.version) == ("linked", 1, 1)
    assert first.steps.filter(linked=False).count() == 1
    result = track_services.track_file_import(text=CHECKLIST)
    assert (result.outcome, result.linked, result.warnings) == ("linked", 1, [])
    assert Track.objects.filter(slug="payments-onboarding").count() == 1  # the same version, linked
    linked = steps(first)
    assert linked["Read the capacity planning guide"].ref == "capacity-planning"
    assert linked["Scenario validation: payments outage"].ref == "payments-outage"
    assert track_services.track_file_import(text=CHECKLIST).outcome == "unchanged"


def test_two_equally_good_candidates_are_never_guessed_between(library):
    DocumentFactory(slug="failover-runbook-2024", title="Failover runbook")
    result = track_services.track_file_import(text=CHECKLIST)
    step = steps(result.track)["Read the failover runbook"]
    assert not step.linked and step.ref == ""
    warning = dict(result.warnings)[step.source_line]
    assert "“Failover Runbook” (failover)" in warning and "“Failover runbook” (failover-runbook-2024)" in warning


def test_the_best_whole_title_the_words_contain_wins_over_a_shorter_one():
    DocumentFactory(slug="runbooks", title="Runbooks")  # one word: never matched by containment
    DocumentFactory(slug="emergency", title="Emergency Procedures")
    DocumentFactory(slug="emergency-db", title="Emergency Database Procedures")
    text = "---\nname: T\nslug: t\n---\n## S\n- [ ] Read the emergency database procedures in the runbooks\n"
    result = track_services.track_file_import(text=text)
    assert result.track.steps.get().ref == "emergency-db"


def test_an_explicit_ref_still_wins_over_the_words(library):
    text = "---\nname: T\nslug: t\n---\n## S\n- [ ] Read ARCHITECTURE.md {ref: failover}\n"
    assert track_services.track_file_import(text=text).track.steps.get().ref == "failover"


def test_the_common_spellings_are_read_and_the_hours_shown_back_in_the_dry_run(library):
    result = track_services.track_file_import(text=CHECKLIST, dry_run=True)
    assert result.outcome == "created" and not Track.objects.exists()
    assert result.spec.validity_months == 12
    assert result.notes == [(21, "“Shadow the on-call engineer for three 2-hour shifts”: a minimum of 6 hours, "
                                 "read from “three 2-hour shifts”")]
    track = track_services.track_file_import(text=CHECKLIST).track
    assert track.validity_months == 12 and track.author_version == "2.1"
    assert steps(track)["Shadow the on-call engineer for three 2-hour shifts"].hours == Decimal("6.0")
    assert steps(track)["OPERATIONAL_RUNBOOKS.md sections 1-4"].sections == "sections 1-4"


@pytest.mark.parametrize(("validity", "months"), [("12 months", 12), ("1 year", 12), ("18 months", 18),
                                                  ("2 years", 24)])
def test_validity_in_months_or_years(validity, months):
    spec = parse_track(f"---\nname: T\nslug: t\nvalidity: {validity}\n---\n## S\n- [ ] Step\n")
    assert spec.validity_months == months


@pytest.mark.parametrize(("words", "hours"), [
    ("Shadow the on-call engineer for 6 hours", "6.0"), ("Shadow on-call, 6h", "6.0"),
    ("Shadow three 2-hour shifts", "6.0"), ("Shadow experienced engineer (4+ hours)", "4.0"),
    ("Shadow the rota {hours: 3}", "3.0"),  # an explicit {hours: …} wins
])
def test_hours_in_a_shadow_steps_words(words, hours):
    step = parse_track(f"---\nname: T\nslug: t\n---\n## S\n- [ ] {words}\n").stages[0].steps[0]
    assert step.hours == Decimal(hours)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("---\nname: T\nslug: t\nvalidity: 12\n---\n## S\n- [ ] Step\n", 4, "validity must read like '12 months'"),
    ("---\nname: T\nslug: t\n---\n## S\n- [ ] Shadow for 2 hours, then 3 hours\n", 6, "its words give several"),
    ("---\nname: T\nslug: t\nversion: {major: 2}\n---\n## S\n- [ ] Step\n", 4, "version must be a short label"),
])
def test_spellings_that_cannot_be_read_are_refused_with_their_line(text, line, message):
    with pytest.raises(TrackFileError) as refused:
        parse_track(text)
    assert any(number == line and message in text for number, text in refused.value.errors), refused.value.errors


def test_the_files_own_version_is_kept_exported_and_a_new_one_makes_a_new_version(library):
    track = track_services.track_file_import(text=CHECKLIST).track
    exported = render_track(spec_from_track(track))
    assert 'version: \'2.1\'' in exported
    assert track_services.track_file_import(text=exported).outcome == "unchanged"
    bumped = track_services.track_file_import(text=CHECKLIST.replace('version: "2.1"', 'version: "2.10"'))
    assert bumped.outcome == "new version" and bumped.track.author_version == "2.10"


def test_an_exported_track_with_unlinked_steps_imports_again_unchanged(library):
    track = track_services.track_file_import(text=CHECKLIST).track
    exported = render_track(spec_from_track(track))
    result = track_services.track_file_import(text=exported)
    assert result.outcome == "unchanged" and result.track.pk == track.pk


def test_the_dry_run_of_a_new_version_names_its_number(library, capsys, tmp_path):
    track_services.track_file_import(text=CHECKLIST)
    changed = tmp_path / "changed.md"
    changed.write_text(CHECKLIST.replace("Get access to the payments dashboards", "Get dashboard access"),
                       encoding="utf-8")
    call_command("import_track", str(changed), "--dry-run")
    assert "Would be: new version: Payments on-call onboarding v2" in capsys.readouterr().out
    call_command("import_track", str(changed))
    call_command("import_track", str(changed.parent / "changed.md"), "--dry-run")
    assert "unchanged: Payments on-call onboarding v2" in capsys.readouterr().out


def test_the_command_warns_per_unlinked_line_and_strict_refuses(library, capsys):
    path = str(DATA / "payments-onboarding.md")
    with pytest.raises(CommandError) as refused:
        call_command("import_track", path, "--strict")
    assert f"{path}:22: a read step needs a reference" in str(refused.value)
    assert not Track.objects.exists()
    call_command("import_track", path)
    out = capsys.readouterr().out
    assert "created: Payments on-call onboarding v1" in out
    assert f"warning: {path}:22: “Read the capacity planning guide” is imported unlinked" in out
    assert f"{path}:21: “Shadow the on-call engineer for three 2-hour shifts”: a minimum of 6 hours" in out


def test_a_byte_order_mark_is_accepted_on_the_command_line(capsys):
    call_command("import_track", str(DATA / "bom.md"))
    track = Track.objects.get(slug="saved-by-notepad")
    assert track.validity_months == 18 and track.steps.get(kind=StepKind.SHADOW).hours == Decimal("6.0")


def test_a_windows_1252_file_names_its_line_column_and_byte():
    path = DATA / "windows-1252.md"
    with pytest.raises(CommandError) as refused:
        call_command("import_track", str(path))
    assert f"{path}:2:10: not UTF-8 text (byte 0xe9)" in str(refused.value)
    assert not Track.objects.exists()


def test_import_exercises_has_a_dry_run(capsys, tmp_path):
    ExerciseFactory(slug="practise", title="Practise")
    path = tmp_path / "exercises.md"
    path.write_text("## Practise again {slug: practise, minutes: 5}\n\n### Instructions\n1. Do it.\n\n"
                    "### Sign-off checklist\n- [ ] Done\n\n## New one {slug: new-one}\n\n### Instructions\n"
                    "1. Do it.\n\n### Sign-off checklist\n- [ ] Done\n", encoding="utf-8")
    call_command("import_exercises", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "would be updated: Practise again (practise)" in out and "would be created: New one (new-one)" in out
    assert list(Step.objects.all()) == [] and sorted(
        ExerciseFactory._meta.model.objects.values_list("slug", "title")) == [("practise", "Practise")]


def test_readiness_evidence_may_name_a_step_linked_by_its_words(library):
    readiness = "readiness:\n  Core knowledge:\n    - Knows the architecture {evidence: read architecture}\n"
    text = CHECKLIST.replace("audience: New people on the payments rota\n", readiness)
    track = track_services.track_file_import(text=text).track
    assert track.readiness_checklist[0].evidence[0].names(steps(track)["Read ARCHITECTURE.md"])
    wrong = text.replace("{evidence: read architecture}", "{evidence: read capacity-planning}")
    with pytest.raises(TrackFileError) as refused:
        track_services.track_file_import(text=wrong)
    assert "its evidence 'read capacity-planning' names no step of the track" in refused.value.format()


def test_a_file_name_matches_the_file_a_document_was_imported_from():
    DocumentFactory(slug="runbooks", title="Runbooks index", source_path="runbooks/README.md")
    DocumentFactory(slug="guides", title="Guides index", source_path="guides/README.md")
    DocumentFactory(slug="on-call-2", title="Being on call", source_path="handbook/ON_CALL.md")
    text = ("---\nname: T\nslug: t\n---\n## S\n- [ ] Read runbooks/README.md\n- [ ] Read README.md\n"
            "- [ ] Read [the handbook](ON_CALL.md)\n")
    result = track_services.track_file_import(text=text)
    by_title = steps(result.track)
    assert by_title["Read runbooks/README.md"].ref == "runbooks"  # its folder tells the two apart
    assert by_title["Read [the handbook](ON_CALL.md)"].ref == "on-call-2"  # by the file, whatever its slug
    assert not by_title["Read README.md"].linked
    assert "“README” could be either of 2 documents, “Guides index” (guides) and “Runbooks index” (runbooks)" \
           in dict(result.warnings)[7]
