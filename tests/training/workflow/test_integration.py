"""Reading and quiz steps complete through the content and assessments apps."""

import pytest
from django.urls import reverse

from assessments import services as assessment_services
from content import services as content_services
from tests.assessments.factories import choice_id, quiz_with, scenario, single_choice
from tests.content.factories import DocumentFactory
from tests.factories import UserFactory
from tests.training.factories import ExerciseFactory, Org
from training.audit.models import AuditEvent, AuditKind
from training.tracks import services as track_services
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import ProgressStatus, SignOff, SignOffAction

pytestmark = pytest.mark.django_db

TRACK = """---
name: Integrated track
slug: integrated
---
## Week 1
- [ ] Read the runbook {{ref: {document}}}
- [ ] Quiz: Knowledge check {{ref: {quiz}}}
- [ ] Scenario validation {{ref: {validation}}}
- [ ] Exercise: Practise {{ref: {exercise}}}
"""


@pytest.fixture
def setup():
    document = DocumentFactory(slug="runbook")
    question = single_choice()
    quiz = quiz_with([question], slug="check", pass_mark=100, max_attempts=None)
    validation = quiz_with([scenario()], slug="validation", pass_mark=50)
    exercise = ExerciseFactory(slug="practise")
    track, _ = track_services.track_import(text=TRACK.format(document=document.slug, quiz=quiz.slug,
                                                       validation=validation.slug, exercise=exercise.slug))
    org = Org(track=track)
    return org, document, quiz, question, validation


def take(quiz, user, answers):
    attempt = assessment_services.attempt_start(user=user, quiz=quiz)
    responses = {r.question_id: r.pk for r in attempt.responses.all()}
    return assessment_services.attempt_submit(
        attempt=attempt, user=user, answers={responses[q.pk]: a for q, a in answers.items()})


def test_acknowledging_the_document_completes_the_read_step_with_its_version(setup):
    org, document, *_ = setup
    content_services.document_opened(user=org.engineer, document=document)
    services.step_mark_read(progress=org.progress(StepKind.READ), by=org.engineer)
    assert org.progress(StepKind.READ).status == ProgressStatus.DONE
    record = SignOff.objects.get(enrollment=org.enrollment, action=SignOffAction.COMPLETED)
    assert record.document_version == document.current_version.number == "1.0"


def test_marking_read_on_the_document_page_also_completes_the_step(setup):
    org, document, *_ = setup
    content_services.document_acknowledge(user=org.engineer, document=document)
    assert org.progress(StepKind.READ).status == ProgressStatus.DONE


def test_i_have_read_it_completes_the_step_of_a_document_read_before(setup):
    """Read for an earlier track (the record exists already): "I have read it" on this track's
    step completes it rather than saying so and leaving it open."""
    org, document, *_ = setup
    content_services.document_opened(user=org.engineer, document=document)
    content_services.document_acknowledge(user=org.engineer, document=document)
    progress = org.progress(StepKind.READ)
    progress.status = ProgressStatus.NOT_STARTED  # as on an enrollment that started after that reading
    progress.save(update_fields=["status"])
    services.step_mark_read(progress=progress, by=org.engineer)
    assert org.progress(StepKind.READ).status == ProgressStatus.DONE
    assert SignOff.objects.filter(enrollment=org.enrollment, action=SignOffAction.COMPLETED,
                                  document_version="1.0").count() == 2


def test_a_failed_quiz_leaves_the_step_open_and_a_pass_completes_it(setup):
    org, _document, quiz, question, _validation = setup
    wrong = take(quiz, org.engineer, {question: {"selected": [choice_id(question, "Redis")]}})
    assert wrong.passed is False
    assert org.progress(StepKind.QUIZ).status == ProgressStatus.NOT_STARTED
    right = take(quiz, org.engineer, {question: {"selected": [choice_id(question, "RabbitMQ")]}})
    assert right.passed is True
    assert org.progress(StepKind.QUIZ).status == ProgressStatus.DONE
    assert "Passed" in SignOff.objects.filter(action=SignOffAction.COMPLETED).last().comment


def test_the_mentor_grades_the_scenario_validation_and_the_step_completes(setup):
    org, *_rest, validation = setup
    attempt = assessment_services.attempt_start(user=org.engineer, quiz=validation)
    response = attempt.responses.get()
    attempt = assessment_services.attempt_submit(
        attempt=attempt, user=org.engineer, answers={response.pk: {"text": "Check RabbitMQ, then escalate."}})
    assert attempt.status == "awaiting_review"
    criteria = list(response.question.criteria.all())
    assessment_services.attempt_review_grade(
        attempt=attempt, reviewer=org.mentor, scores={response.pk: {c.pk: c.max_points for c in criteria}})
    progress = org.progress(StepKind.VALIDATION)
    assert progress.status == ProgressStatus.DONE
    record = SignOff.objects.filter(step=progress.step, action=SignOffAction.COMPLETED).get()
    assert record.by == org.mentor


def submitted_validation(org, validation, text="Restart everything."):
    attempt = assessment_services.attempt_start(user=org.engineer, quiz=validation)
    response = attempt.responses.get()
    return assessment_services.attempt_submit(attempt=attempt, user=org.engineer,
                                              answers={response.pk: {"text": text}}), response


def nothing(response):
    """A rubric score of 0 on every criterion: a fail."""
    return {response.pk: {c.pk: 0 for c in response.question.criteria.all()}}


def test_a_failing_scenario_grade_is_on_record_with_its_audit_event(setup):
    org, *_rest, validation = setup
    attempt, response = submitted_validation(org, validation)
    assessment_services.attempt_review_grade(
        attempt=attempt, reviewer=org.mentor, scores=nothing(response))
    progress = org.progress(StepKind.VALIDATION)
    assert progress.status != ProgressStatus.DONE
    record = SignOff.objects.get(step=progress.step, action=SignOffAction.FAILED)
    assert record.by == org.mentor and record.comment == f"Failed {validation.title} with 0.00% (attempt 1)"
    event = AuditEvent.objects.get(signoff=record)
    assert (event.kind, event.actor) == (AuditKind.SIGN_OFF, org.mentor)
    assert event.summary.startswith("Failed: enrollment")


def test_a_failed_quiz_is_on_record_and_shows_in_the_step_history(setup, client_for):
    org, _document, quiz, question, _validation = setup
    take(quiz, org.engineer, {question: {"selected": [choice_id(question, "Redis")]}})
    progress = org.progress(StepKind.QUIZ)
    record = SignOff.objects.get(step=progress.step, action=SignOffAction.FAILED)
    assert record.by == org.engineer and AuditEvent.objects.filter(signoff=record).exists()
    page = client_for(org.engineer).get(reverse("training:step_detail", args=[progress.pk])).content.decode()
    assert f"Failed: Failed {quiz.title} with 0.00% (attempt 1)" in page


def test_a_grade_that_counts_for_no_step_is_still_in_the_audit_log(setup):
    org, *_rest, validation = setup
    outsider = UserFactory(username="outsider")
    org.team.members.add(outsider)
    attempt = assessment_services.attempt_start(user=outsider, quiz=validation)
    response = attempt.responses.get()
    attempt = assessment_services.attempt_submit(attempt=attempt, user=outsider,
                                                 answers={response.pk: {"text": "Restart everything."}})
    before = AuditEvent.objects.count()
    assessment_services.attempt_review_grade(
        attempt=attempt, reviewer=org.manager, scores=nothing(response))
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.actor, event.subject) == (org.manager, outsider)
    assert event.summary == f"Graded outsider's attempt 1 at {validation.title}: failed with 0.00%"


def test_another_teams_manager_cannot_grade_the_validation(setup):
    from assessments.exceptions import AssessmentError

    org, *_rest, validation = setup
    other = Org(prefix="x-", track=org.track)
    attempt = assessment_services.attempt_start(user=org.engineer, quiz=validation)
    response = attempt.responses.get()
    attempt = assessment_services.attempt_submit(attempt=attempt, user=org.engineer,
                                                 answers={response.pk: {"text": "An answer"}})
    with pytest.raises(AssessmentError):
        assessment_services.attempt_review_grade(attempt=attempt, reviewer=other.manager, scores={})
    assert org.progress(StepKind.VALIDATION).status == ProgressStatus.SUBMITTED  # still waiting for its grader


def test_scenario_answers_waiting_for_the_mentor_show_in_the_sign_off_queue(setup, client):
    org, *_rest, validation = setup
    attempt = assessment_services.attempt_start(user=org.engineer, quiz=validation)
    response = attempt.responses.get()
    assessment_services.attempt_submit(attempt=attempt, user=org.engineer, answers={response.pk: {"text": "x"}})
    client.force_login(org.mentor)
    html = client.get("/queue/").content.decode()
    assert f'id="queue-review-{attempt.pk}"' in html and f"/quizzes/grading/{attempt.pk}/" in html
    client.force_login(org.engineer)
    assert f'id="queue-review-{attempt.pk}"' not in client.get("/queue/").content.decode()


ALL_KINDS = """---
name: Every kind
slug: every-kind
readiness:
  Validation:
    - Passed everything
---
## Week 1
- [ ] Read the runbook {{ref: {document}}}
- [ ] Exercise: Practise {{ref: {exercise}}}
- [ ] Quiz: Knowledge check {{ref: {quiz}}}
## Week 2
- [ ] Shadow the on-call engineer {{hours: 3}}
- [ ] Scenario validation {{ref: {validation}}}
- [ ] Confirm pager access
- [ ] Manager sign-off
"""


def test_the_whole_journey_through_every_step_kind_to_ready(db):
    import datetime

    from django.utils import timezone

    from training.certification.models import Certificate
    from training.workflow.models import EnrollmentStatus, ShiftRole

    document = DocumentFactory(slug="runbook")
    question = single_choice()
    quiz = quiz_with([question], slug="check", pass_mark=100)
    validation = quiz_with([scenario()], slug="validation", pass_mark=50)
    ExerciseFactory(slug="practise")
    track, _ = track_services.track_import(text=ALL_KINDS.format(document=document.slug, quiz=quiz.slug,
                                                           validation=validation.slug, exercise="practise"))
    assert {s.kind for s in track.steps.all()} == {k.value for k in StepKind}
    org = Org(track=track)

    content_services.document_opened(user=org.engineer, document=document)
    services.step_mark_read(progress=org.progress(StepKind.READ), by=org.engineer)
    log = services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                       notes="Done", ticks=[0, 1])
    services.exercise_log_verify(log=log, by=org.mentor)
    take(quiz, org.engineer, {question: {"selected": [choice_id(question, "RabbitMQ")]}})
    shift = services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer, host=org.host,
                                      date=timezone.localdate() - datetime.timedelta(days=1), hours=3,
                                      role=ShiftRole.OBSERVE)
    services.shadow_shift_confirm(shift=shift, by=org.host)
    attempt = assessment_services.attempt_start(user=org.engineer, quiz=validation)
    response = attempt.responses.get()
    attempt = assessment_services.attempt_submit(attempt=attempt, user=org.engineer,
                                                 answers={response.pk: {"text": "Check the broker first."}})
    assessment_services.attempt_review_grade(
        attempt=attempt, reviewer=org.mentor,
        scores={response.pk: {c.pk: c.max_points for c in response.question.criteria.all()}})
    services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)

    org.enrollment.refresh_from_db()
    assert org.enrollment.steps_done == org.enrollment.steps_total - 1  # all but the sign-off
    services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=track.readiness_items)
    services.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
    org.enrollment.refresh_from_db()
    assert org.enrollment.status == EnrollmentStatus.READY and org.enrollment.percent == 100
    assert Certificate.objects.get(enrollment=org.enrollment).signer == org.manager
