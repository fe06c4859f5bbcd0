""""Next step" tells the truth: a step waiting on someone else says who and since when, and
offers what the engineer can do meanwhile; a step waiting on nobody is the next step."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from tests.assessments.factories import quiz_with, scenario
from tests.content.factories import DocumentFactory
from tests.training.factories import ExerciseFactory, Org
from training.tracks import services as track_services
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import Enrollment, ProgressStatus, SignOff, SignOffAction
from training.workflow.selectors import day_phrase, enrollment_overview

pytestmark = pytest.mark.django_db

TRACK = """---
name: Waiting track
slug: waiting
readiness:
  Core knowledge:
    - Knows the system
---
## Week 1
- [ ] Scenario validation {{ref: {validation}}}
- [ ] Exercise: Practise {{ref: {exercise}}}
- [ ] Confirm your pager works
- [ ] Manager sign-off
"""


@pytest.fixture
def org():
    validation = quiz_with([scenario()], slug="validation", title="Scenario validation", pass_mark=50)
    exercise = ExerciseFactory(slug="practise")
    track, _ = track_services.track_import(text=TRACK.format(validation=validation.slug, exercise=exercise.slug))
    org = Org(track=track)
    org.validation = validation
    org.mentor.first_name, org.mentor.last_name = "Maria", "Silva"
    org.mentor.save()
    org.manager.first_name, org.manager.last_name = "Mara", "Manager"
    org.manager.save()
    return org


def hand_in(org, text="Scope it, check the queues, restart the agents."):
    attempt = assessment_services.attempt_start(user=org.engineer, quiz=org.validation)
    return assessment_services.attempt_submit(attempt=attempt, user=org.engineer,
                                              answers={attempt.responses.get().pk: {"text": text}})


def next_step_card(client, org):
    client.force_login(org.engineer)
    html = client.get(reverse("training:my_training")).content.decode()
    return re.search(r'data-testid="next-step".*?(?=<div class="row g-3">)', html, re.S).group(0)


def test_handed_in_scenario_answers_wait_for_their_grader_not_for_another_attempt(client, org):
    assert "Not started" in next_step_card(client, org)  # the validation is first and can be taken
    hand_in(org)
    progress = org.progress(StepKind.VALIDATION)
    assert progress.status == ProgressStatus.SUBMITTED
    assert SignOff.objects.filter(step=progress.step, action=SignOffAction.SUBMITTED).exists()
    card = next_step_card(client, org)  # the cached home page shows it at once too
    assert "Waiting for Maria Silva to grade your scenario answers — since today" in card
    assert "Not started" not in card
    meanwhile = re.search(r'data-testid="meanwhile">(.*?)</div>', card, re.S).group(1)
    assert "Exercise: Practise" in meanwhile  # the next thing the engineer can do


def test_a_failed_grade_hands_the_validation_back_to_the_engineer(client, org):
    attempt = hand_in(org)
    assessment_services.attempt_review_grade(
        attempt=attempt, reviewer=org.mentor,
        scores={r.pk: {c.pk: 0 for c in r.question.criteria.all()} for r in attempt.responses.all()})
    assert org.progress(StepKind.VALIDATION).status == ProgressStatus.IN_PROGRESS
    card = next_step_card(client, org)
    assert "Waiting for" not in card and "Scenario validation" in card


def test_only_the_final_sign_off_left_says_the_manager_and_offers_reading(client, org):
    unread = DocumentFactory(title="Escalation handbook")
    org.enrollment.progress.exclude(step__kind=StepKind.SIGNOFF).update(
        status=ProgressStatus.DONE, completed_at=timezone.now() - datetime.timedelta(days=1))
    card = next_step_card(client, org)
    assert "Waiting for Mara Manager to complete your readiness checklist — since yesterday" in card
    assert "Manager sign-off" in card and "Not started" not in card
    assert f'href="{unread.get_absolute_url()}">Escalation handbook</a>' in card

    services.readiness_complete(enrollment=org.enrollment, by=org.manager,
                                checked=org.track.readiness_items)
    assert "Waiting for Mara Manager to sign you off as ready for on-call — since today" in next_step_card(client, org)


def test_a_log_waiting_for_the_mentor_leads_and_the_next_step_is_offered(client, org):
    services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer, notes="Done.",
                                 ticks=[0, 1])
    hand_in(org)
    card = next_step_card(client, org)
    assert "Waiting for Maria Silva to grade your scenario answers" in card
    other_waits = re.search(r'data-testid="other-waits">(.*?)</ul>', card, re.S).group(1)
    assert "Exercise: Practise</a>: Waiting for Maria Silva to verify your exercise log — since today" in other_waits
    assert "Confirm your pager works" in re.search(r'data-testid="meanwhile">(.*?)</div>', card, re.S).group(1)


def test_a_shift_waiting_for_its_host_while_more_hours_are_needed():
    org = Org()
    org.host.first_name, org.host.last_name = "Hugo", "Host"
    org.host.save()
    org.team.hosts.add(org.host)
    services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)
    services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer, notes="Done.",
                                 ticks=[0, 1])
    services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer, hours=2, host=org.host,
                              date=timezone.localdate() - datetime.timedelta(days=1))
    overview = enrollment_overview(Enrollment.objects.with_people().get(pk=org.enrollment.pk))
    # 2 of 4 hours logged: the engineer can log more while Hugo confirms.
    assert overview.next_progress.step.kind == StepKind.SHADOW
    assert "Waiting for Hugo Host to confirm your shadow shift — since today" in [w.sentence for w in overview.waits]


def test_day_phrase():
    today = datetime.date(2026, 11, 26)  # a Thursday
    assert day_phrase(datetime.date(2026, 11, 26), today) == "today"
    assert day_phrase(datetime.date(2026, 11, 25), today) == "yesterday"
    assert day_phrase(datetime.date(2026, 11, 24), today) == "Tuesday"
    assert day_phrase(datetime.date(2026, 11, 12), today) == "12 Nov"


def test_the_team_page_says_the_scenario_answers_wait_for_the_mentor(client, org):
    hand_in(org)
    client.force_login(org.manager)
    html = client.get(reverse("training:team")).content.decode()
    waiting = re.search(r'data-testid="waiting-on">(.*?)</td>', html, re.S).group(1)
    assert waiting == "mentor (1 to grade)"


def test_the_step_page_says_the_answers_are_handed_in_and_offers_no_new_attempt(client, org):
    hand_in(org)
    client.force_login(org.engineer)
    html = client.get(reverse("training:step_detail", args=[org.progress(StepKind.VALIDATION).pk])).content.decode()
    assert 'data-testid="handed-in"' in html and 'data-testid="quiz-link"' not in html
