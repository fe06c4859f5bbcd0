"""Importing a track file or an exercise file from the browser: all or nothing, every problem
with its line, a check-only run, versions, and the audit log."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessments.factories import QuizFactory
from tests.content.factories import DocumentFactory
from tests.training.factories import SIMPLE_TRACK, ExerciseFactory
from tests.uploads import checked, text_of, upload
from training.audit.models import AuditEvent, AuditKind
from training.tracks.models import Exercise, Stage, Step, Track

pytestmark = pytest.mark.django_db
IMPORT = reverse("training:track_import")
EXERCISES = """## Inspect message flow {slug: practise, minutes: 30}

### Objectives
- See how a task moves through the queues

### Instructions
1. Open the broker's console.

### Sign-off checklist
- [ ] Named the three queues
"""


def post(client, text, *, name="track.md", kind="track", dry_run=False, strict=False):
    data = {"kind": kind, "file": upload(name, text)}
    if strict:
        data["strict"] = "on"
    return client.post(IMPORT, checked(data, dry_run))


def tracks():
    return list(Track.objects.order_by("slug", "version").values_list("slug", "version", "is_current"))


def everything():
    return tracks(), Stage.objects.count(), Step.objects.count(), list(Exercise.objects.values_list("slug", "title"))


@pytest.fixture
def admin(client_for, training_admin):
    return client_for(training_admin)


class TestTrackFile:
    def test_a_track_file_becomes_a_track_and_the_page_of_that_track_says_so(self, admin):
        ExerciseFactory(slug="practise")
        response = post(admin, SIMPLE_TRACK.format(exercise="practise"))
        track = Track.objects.get()
        assert response.status_code == 302 and response["Location"] == track.get_absolute_url()
        page = text_of(admin.get(response["Location"]))
        assert "Simple track v1 imported (created)." in page and "Practise the thing" in page
        assert track.steps.count() == 4

    def test_a_check_only_run_says_what_would_happen_and_changes_nothing(self, admin):
        ExerciseFactory(slug="practise")
        response = post(admin, SIMPLE_TRACK.format(exercise="practise"), dry_run=True)
        assert response.status_code == 200
        assert "Check only, nothing was changed: this file would be imported as a new track." in text_of(response)
        assert tracks() == []
        post(admin, SIMPLE_TRACK.format(exercise="practise"))
        changed = SIMPLE_TRACK.format(exercise="practise").replace("Confirm your pager", "Confirm your phone")
        page = text_of(post(admin, changed, dry_run=True))
        assert "would be imported as version 2 of Simple track." in page
        assert tracks() == [("simple", 1, True)]

    def test_a_changed_file_makes_a_new_version_and_the_same_file_changes_nothing(self, admin):
        ExerciseFactory(slug="practise")
        text = SIMPLE_TRACK.format(exercise="practise")
        post(admin, text)
        response = post(admin, text)
        page = text_of(admin.get(response["Location"]))
        assert "track.md is the same as Simple track (v1): nothing to import." in page
        post(admin, text.replace("Confirm your pager", "Confirm your phone"))
        assert tracks() == [("simple", 1, False), ("simple", 2, True)]

    def test_a_file_with_mistakes_names_each_line_and_changes_nothing(self, admin):
        ExerciseFactory(slug="practise")
        post(admin, SIMPLE_TRACK.format(exercise="practise"))
        before = everything()
        broken = SIMPLE_TRACK.format(exercise="missing").replace("Confirm your pager", "Confirm your phone")
        response = post(admin, broken, name="core.md", strict=True)
        assert response.status_code == 200
        page = text_of(response)
        assert "Nothing was imported" in page and "core.md, line 13: no exercise with the slug 'missing'" in page
        assert everything() == before

    @pytest.mark.parametrize("name, data, message", [
        ("track.txt", "x", "track.txt: choose a .md or .markdown file."),
        ("track.md", "é".encode("latin-1"), "track.md:1:1: not UTF-8 text (byte 0xe9)"),
        ("track.md", b"", "The submitted file is empty."),
    ])
    def test_a_file_that_is_not_utf8_markdown_gets_a_clear_message(self, admin, name, data, message):
        response = admin.post(IMPORT, {"kind": "track", "file": upload(name, data)})
        assert response.status_code == 200 and message in text_of(response)
        assert tracks() == []

    def test_a_file_over_a_megabyte_is_refused(self, admin):
        response = post(admin, "# " + "x" * (1024 * 1024))
        assert response.status_code == 200
        assert "track.md is larger than 1.0 MB, the largest file accepted." in text_of(response)

    def test_the_audit_log_names_who_imported_from_where(self, admin, training_admin):
        ExerciseFactory(slug="practise")
        post(admin, SIMPLE_TRACK.format(exercise="practise"))
        event = AuditEvent.objects.filter(kind=AuditKind.IMPORT).latest("pk")
        assert event.summary == "track file imported: Simple track (simple) version 1"
        assert (event.actor, event.origin) == (training_admin, "web")


class TestExerciseFile:
    def test_exercises_are_created_then_updated(self, admin):
        response = post(admin, EXERCISES, kind="exercises", name="exercises.md")
        assert response["Location"] == reverse("training:admin_home")
        page = text_of(admin.get(response["Location"]))
        assert "Exercise file imported: 1 exercise(s) created, 0 updated: Inspect message flow." in page
        post(admin, EXERCISES.replace("30", "45"), kind="exercises", name="exercises.md")
        assert Exercise.objects.get(slug="practise").duration_minutes == 45

    def test_a_check_only_run_says_which_would_be_created_or_updated_and_changes_nothing(self, admin):
        ExerciseFactory(slug="practise", title="Old title")
        page = text_of(post(admin, EXERCISES, kind="exercises", dry_run=True))
        assert "this file would be 0 exercise(s) created, 1 updated: Inspect message flow." in page
        assert Exercise.objects.get().title == "Old title"

    def test_a_bad_exercise_file_names_its_line(self, admin):
        response = post(admin, EXERCISES.replace("{slug: practise, minutes: 30}", "{minutes: ten}"), kind="exercises")
        assert response.status_code == 200 and "track.md, line 1" in text_of(response)
        assert Exercise.objects.count() == 0


class TestReferences:
    def test_the_page_lists_every_slug_a_step_may_name_in_a_fixed_number_of_queries(self, admin):
        ExerciseFactory(slug="practise", title="Practise the thing")
        DocumentFactory(slug="runbook", title="Runbook")
        QuizFactory(slug="week-1", title="Week 1 check")
        cache.clear()
        with CaptureQueriesContext(connection) as few:
            page = text_of(admin.get(IMPORT))
        assert "practise Practise the thing" in page and "runbook Runbook" in page and "week-1 Week 1 check" in page
        for i in range(20):
            ExerciseFactory(slug=f"exercise-{i}")
            DocumentFactory(slug=f"document-{i}")
            QuizFactory(slug=f"quiz-{i}")
        cache.clear()
        with CaptureQueriesContext(connection) as many:
            page = text_of(admin.get(IMPORT))
        assert "Exercises (21)" in page and "Documents (21)" in page and "Quizzes (21)" in page
        assert len(many.captured_queries) == len(few.captured_queries)

    def test_with_nothing_yet_each_list_says_so(self, admin):
        assert text_of(admin.get(IMPORT)).count("None yet.") == 3


class TestWhoMayImport:
    def test_only_training_admins(self, client_for, engineer, manager):
        for user in (engineer, manager):
            assert client_for(user).get(IMPORT).status_code == 403
        response = Client().get(IMPORT)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))

    def test_the_admin_home_offers_every_import(self, admin):
        page = admin.get(reverse("training:admin_home")).content.decode()
        for name in ("training:track_import", "content:document_import", "assessments:question_import"):
            assert f'href="{reverse(name)}"' in page
