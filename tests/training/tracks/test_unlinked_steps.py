"""An unlinked step: listed on the track's page with a picker (training admins only, audited);
the engineer cannot do it until it is linked; a reading step's sections are named when read.
And the import page: warnings per line, the Strict box, every problem in one round."""

import pytest
from django.urls import reverse

from content.models import DocumentVisit
from tests.content.factories import DocumentFactory
from tests.training.factories import ExerciseFactory, Org
from tests.uploads import text_of, upload
from training.audit.models import AuditEvent, AuditKind
from training.tracks import services as track_services
from training.tracks.models import Step, StepKind, Track
from training.workflow.models import ProgressStatus, SignOff, SignOffAction

pytestmark = pytest.mark.django_db
TRACK = """---
name: Runbook basics
slug: runbook-basics
---
## Week 1
- [ ] Read the failover runbook
- [ ] Read OPERATIONAL_RUNBOOKS.md sections 1-4
- [ ] Exercise: Restore a backup
- [ ] Manager sign-off
"""


@pytest.fixture
def org():
    DocumentFactory(slug="operational-runbooks", title="Operational Runbooks")
    track = track_services.track_file_import(text=TRACK).track
    return Org(track=track)


def step(org, title):
    return org.track.steps.get(title=title)


def progress(org, title):
    return org.enrollment.progress.select_related("step__exercise").get(step__title=title)


def test_the_track_page_lists_unlinked_steps_with_a_picker_of_the_right_kind(client_for, training_admin, org):
    DocumentFactory(slug="failover", title="Failover procedure")
    ExerciseFactory(slug="restore", title="Restoring from backup")
    page = client_for(training_admin).get(org.track.get_absolute_url())
    html = page.content.decode()
    assert "Steps to link" in text_of(page)
    failover, exercise = step(org, "Read the failover runbook"), step(org, "Exercise: Restore a backup")
    picker = html.split(f'id="link-{failover.pk}"', 1)[1].split("</select>", 1)[0]
    assert "Failover procedure (failover)" in picker and "Restoring from backup" not in picker
    picker = html.split(f'id="link-{exercise.pk}"', 1)[1].split("</select>", 1)[0]
    assert "Restoring from backup (restore)" in picker and "Failover procedure" not in picker
    assert f'id="link-{step(org, "Read OPERATIONAL_RUNBOOKS.md sections 1-4").pk}"' not in html  # linked


def test_a_training_admin_links_a_step_and_the_link_is_audited(client_for, training_admin, org):
    DocumentFactory(slug="failover", title="Failover procedure")
    ExerciseFactory(slug="restore", title="Restoring from backup")
    client = client_for(training_admin)
    failover, exercise = step(org, "Read the failover runbook"), step(org, "Exercise: Restore a backup")
    response = client.post(reverse("training:step_link", args=[failover.pk]), {"target": "failover"}, follow=True)
    assert "“Read the failover runbook” linked." in text_of(response)
    client.post(reverse("training:step_link", args=[exercise.pk]), {"target": "restore"})
    failover.refresh_from_db()
    exercise.refresh_from_db()
    assert (failover.linked, failover.ref) == (True, "failover")
    assert (exercise.linked, exercise.exercise.slug) == (True, "restore")
    event = AuditEvent.objects.get(kind=AuditKind.IMPORT, summary__startswith="step linked: “Read the failover")
    assert event.actor == training_admin
    assert "“Read the failover runbook” of Runbook basics (runbook-basics) version 1 to the document " \
           "Failover procedure (failover)" in event.summary
    assert "Steps to link" not in text_of(client.get(org.track.get_absolute_url()))


def test_a_target_of_the_wrong_kind_or_none_is_refused_and_changes_nothing(client_for, training_admin, org):
    ExerciseFactory(slug="restore", title="Restoring from backup")
    client = client_for(training_admin)
    failover = step(org, "Read the failover runbook")
    for target in ("restore", "", "no-such-document"):
        response = client.post(reverse("training:step_link", args=[failover.pk]), {"target": target}, follow=True)
        assert "Choose the document this step links to." in text_of(response)
    failover.refresh_from_db()
    assert (failover.linked, failover.ref) == (False, "")


def test_someone_not_a_training_admin_cannot_link_a_step(client_for, org):
    DocumentFactory(slug="failover", title="Failover procedure")
    failover = step(org, "Read the failover runbook")
    response = client_for(org.manager).post(reverse("training:step_link", args=[failover.pk]), {"target": "failover"})
    assert response.status_code == 403
    failover.refresh_from_db()
    assert not failover.linked


def test_the_engineer_cannot_do_an_unlinked_step(client_for, org):
    client = client_for(org.engineer)
    reading = progress(org, "Read the failover runbook")
    page = client.get(reverse("training:step_detail", args=[reading.pk]))
    assert "This step is not linked to its document yet" in text_of(page)
    response = client.post(reverse("training:step_complete", args=[reading.pk]), follow=True)
    assert "“Read the failover runbook” is not linked to its document yet: a training admin links it on the " \
           "track's page. It cannot be done until then." in text_of(response)
    exercise = progress(org, "Exercise: Restore a backup")
    assert "not linked to its exercise yet" in text_of(client.get(reverse("training:step_detail", args=[exercise.pk])))
    response = client.post(reverse("training:exercise_log_submit", args=[exercise.pk]), {"notes": "Done"},
                           follow=True)
    assert "is not linked to its exercise yet" in text_of(response)
    assert {p.status for p in (progress(org, "Read the failover runbook"),
                               progress(org, "Exercise: Restore a backup"))} == {ProgressStatus.NOT_STARTED}


def test_once_the_document_is_imported_the_step_can_be_done(client_for, org):
    failover = DocumentFactory(slug="failover-runbook", title="Failover Runbook")
    client = client_for(org.engineer)
    reading = progress(org, "Read the failover runbook")
    page = client.get(reverse("training:step_detail", args=[reading.pk]))
    assert "not linked" not in text_of(page) and 'data-testid="document-link">Failover Runbook</a>' in \
        page.content.decode()
    assert not step(org, "Read the failover runbook").linked  # a page shown changes nothing
    DocumentVisit.objects.create(user=org.engineer, document=failover)
    client.post(reverse("training:step_complete", args=[reading.pk]))
    assert progress(org, "Read the failover runbook").status == ProgressStatus.DONE
    assert step(org, "Read the failover runbook").linked


def test_reading_named_sections_says_which_in_the_button_and_the_acknowledgement(client_for, org):
    client = client_for(org.engineer)
    reading = progress(org, "Read OPERATIONAL_RUNBOOKS.md sections 1-4")
    assert reading.step.sections == "sections 1-4"
    html = client.get(reverse("training:step_detail", args=[reading.pk])).content.decode()
    assert "I have read sections 1-4" in html
    runbooks = DocumentFactory._meta.model.objects.get(slug="operational-runbooks")
    DocumentVisit.objects.create(user=org.engineer, document=runbooks)
    client.post(reverse("training:step_complete", args=[reading.pk]))
    completed = SignOff.objects.get(step=reading.step, action=SignOffAction.COMPLETED)
    assert completed.comment.startswith("Read Operational Runbooks v") and completed.comment.endswith(", sections 1-4")


class TestImportPage:
    URL = reverse("training:track_import")

    def post(self, client, text, follow=False, **extra):
        return client.post(self.URL, {"kind": "track", "file": upload("basics.md", text), **extra}, follow=follow)

    def test_unlinked_steps_are_imported_with_a_warning_per_line(self, client_for, training_admin):
        DocumentFactory(slug="operational-runbooks", title="Operational Runbooks")
        client = client_for(training_admin)
        checked = self.post(client, TRACK, dry_run="on")
        page = text_of(checked)
        assert "Check only, nothing was changed: this file would be imported as a new track. 2 step(s) unlinked" \
               in page
        assert "basics.md, line 6: “Read the failover runbook” is imported unlinked" in page
        assert "basics.md, line 8: “Exercise: Restore a backup” is imported unlinked" in page
        response = self.post(client, TRACK, follow=True)
        assert "Runbook basics v1 imported (created). 2 step(s) unlinked: link them on the track's page." \
               in text_of(response)
        assert "Steps to link" in text_of(response)

    def test_strict_refuses_and_reports_structure_and_references_in_one_round(self, client_for, training_admin):
        broken = TRACK.replace("slug: runbook-basics", "slug: Runbook Basics").replace(
            "- [ ] Manager sign-off", "- [ ] Manager sign-off {colour: red}")
        response = self.post(client_for(training_admin), broken, strict="on")
        page = text_of(response)
        assert "Nothing was imported" in page
        assert "basics.md, line 3: front matter needs a slug" in page
        assert "basics.md, line 6: a read step needs a reference" in page
        assert "basics.md, line 8: an exercise step needs a reference" in page
        assert "basics.md, line 9: unknown attribute colour" in page
        assert not Track.objects.exists() and not Step.objects.exists()

    def test_the_hours_read_from_a_shadow_steps_words_are_shown_back(self, client_for, training_admin):
        text = "---\nname: T\nslug: t\n---\n## S\n- [ ] Shadow the on-call engineer for 6 hours\n"
        page = text_of(self.post(client_for(training_admin), text, dry_run="on"))
        assert "basics.md, line 6: “Shadow the on-call engineer for 6 hours”: a minimum of 6 hours, read from " \
               "“6 hours”" in page


def test_a_step_an_admin_linked_keeps_its_link_when_the_same_file_is_imported_again(training_admin, org):
    DocumentFactory(slug="failover", title="Failover procedure")
    track_services.step_link(step=step(org, "Read the failover runbook"), slug="failover", by=training_admin)
    result = track_services.track_file_import(text=TRACK)
    assert result.outcome == "unchanged" and [line for line, _m in result.warnings] == [8]
    assert step(org, "Read the failover runbook").ref == "failover"
    assert step(org, "Read the failover runbook").kind == StepKind.READ


def test_a_refused_file_also_names_the_steps_it_would_import_unlinked(client_for, training_admin):
    broken = TRACK.replace("- [ ] Manager sign-off", "- [ ] Manager sign-off {colour: red}")
    response = client_for(training_admin).post(reverse("training:track_import"),
                                               {"kind": "track", "file": upload("basics.md", broken)})
    page = text_of(response)
    assert "Nothing was imported" in page and "basics.md, line 9: unknown attribute colour" in page
    assert "Once that is fixed, 3 steps would be imported unlinked" in page
    assert "basics.md, line 6: “Read the failover runbook” is imported unlinked" in page
    assert not Track.objects.exists()


def test_the_import_page_links_steps_in_place_once_their_documents_exist(client_for, training_admin, org):
    DocumentFactory(slug="failover", title="Failover Runbook")
    ExerciseFactory(slug="restore", title="Restore a backup")
    client = client_for(training_admin)
    checked = client.post(reverse("training:track_import"),
                          {"kind": "track", "file": upload("basics.md", TRACK), "dry_run": "on"})
    assert "Check only, nothing was changed: 2 step(s) of Runbook basics v1 would be linked." in text_of(checked)
    assert not step(org, "Read the failover runbook").linked
    response = client.post(reverse("training:track_import"), {"kind": "track", "file": upload("basics.md", TRACK)},
                           follow=True)
    assert "2 step(s) of Runbook basics v1 linked." in text_of(response)
    assert step(org, "Read the failover runbook").linked and step(org, "Exercise: Restore a backup").linked
    assert Track.objects.count() == 1


class TestLinkedOnceWhatTheyNameArrives:
    """Importing the item a step names links the step, for every kind, without re-importing the
    track: the engineer can do it at once."""

    QUIZ_TRACK = TRACK.replace("- [ ] Manager sign-off", "- [ ] Quiz: Week 1 knowledge check\n- [ ] Manager sign-off")

    def test_an_exercise_file_links_the_exercise_step(self, org):
        exercise_step = step(org, "Exercise: Restore a backup")
        assert not exercise_step.linked
        track_services.exercises_import(text="## Restore a backup {slug: restore, minutes: 30}\n\n"
                                             "### Instructions\n1. Restore last night's backup.\n\n"
                                             "### Sign-off checklist\n- [ ] The restored row count matches\n")
        exercise_step.refresh_from_db()
        assert exercise_step.linked and exercise_step.exercise.slug == "restore"

    def test_a_library_import_links_the_reading_step(self, org, tmp_path):
        from content.services import library_import

        reading = step(org, "Read the failover runbook")
        (tmp_path / "failover-runbook.md").write_text("# Failover Runbook\n\nPromote the replica.\n")
        library_import(path=tmp_path)
        reading.refresh_from_db()
        assert reading.linked and reading.ref == "failover-runbook"

    def test_a_new_quiz_links_the_quiz_step_and_an_unrelated_one_does_not(self):
        from tests.assessments.factories import QuizFactory

        track = track_services.track_file_import(text=self.QUIZ_TRACK).track
        quiz_step = track.steps.get(title="Quiz: Week 1 knowledge check")
        QuizFactory(slug="pagerduty-basics", title="PagerDuty basics")
        quiz_step.refresh_from_db()
        assert not quiz_step.linked
        QuizFactory(slug="week-1", title="Week 1 knowledge check")
        quiz_step.refresh_from_db()
        assert quiz_step.linked and quiz_step.ref == "week-1"
