"""A track may make team assessments part of its currency rule (``recertification:
team_assessment: required``): then a missed quarterly assessment makes the certification due and
lapses eligibility, with the reason where the other reasons show, until it is done. Without the
rule, or for an incident's follow-up, nothing changes. Overdue assignments go into the reminders."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from assessments import services as quiz_services
from tests.assessments.factories import quiz_with, scenario
from tests.training.assignments.helpers import TODAY, assign, take, team_quiz
from tests.training.certification.test_certificates import certified
from tests.training.certification.test_eligibility import answer, eligible_usernames, lost, token  # noqa: F401
from tests.training.factories import SIMPLE_TRACK, ExerciseFactory, Org
from training.assignments.models import AssignmentReason
from training.certification import reminders, states
from training.certification.eligibility import eligibility_sync
from training.certification.models import EligibilityChange
from training.tracks import services as track_services
from training.tracks.models import TeamAssessment, Track
from training.tracks.trackfile import TrackFileError, render_track, spec_from_track

pytestmark = pytest.mark.django_db

REQUIRING = SIMPLE_TRACK.replace("validity_months: 12\n", "validity_months: 12\nrecertification:\n"
                                                          "  team_assessment: required\n")


@pytest.fixture
def org():
    return Org()


def require(org):
    Track.objects.filter(slug=org.track.slug).update(team_assessment=TeamAssessment.REQUIRED)


def certification(org):
    return states.certifications([org.engineer])[(org.engineer.pk, org.track.slug)]


def missed(quiz, due):
    return f"missed the team assessment “{quiz.title}” due on {due:%d %b %Y}"


def test_a_track_file_says_so_and_writes_it_back():
    exercise = ExerciseFactory(slug="practise")
    track, _ = track_services.track_import(text=REQUIRING.format(exercise=exercise.slug))
    assert track.team_assessment == TeamAssessment.REQUIRED
    assert "team_assessment: required" in render_track(spec_from_track(track))


def test_a_track_file_with_another_value_is_refused_with_its_line():
    text = REQUIRING.replace("team_assessment: required", "team_assessment: sometimes")
    with pytest.raises(TrackFileError, match="team_assessment must be one of none, required"):
        track_services.track_import(text=text.format(exercise=ExerciseFactory(slug="practise").slug))
    assert not Track.objects.filter(slug="simple").exists()


def test_without_the_rule_a_missed_assessment_leaves_the_certification_current(org, token):  # noqa: F811
    certified(org)
    assign(org.team, org.manager, quiz=team_quiz(), due_in=-1)
    assert certification(org).state == states.CertState.CERTIFIED
    assert eligible_usernames(answer(token, org.team)) == [org.engineer.username]


def test_with_the_rule_a_missed_assessment_makes_it_due_and_lapses_eligibility_until_done(
        org, token, client):  # noqa: F811
    certified(org)
    require(org)
    quiz = team_quiz()
    due = TODAY - datetime.timedelta(days=1)
    assign(org.team, org.manager, quiz=quiz, due_in=-1)
    cert = certification(org)
    assert cert.state == states.CertState.DUE and cert.reasons == [missed(quiz, due)]
    assert lost(answer(token, org.team)) == {org.engineer.username: f"lapsed: {missed(quiz, due)}"}
    client.force_login(org.engineer)
    assert "M" + missed(quiz, due)[1:] in client.get(reverse("training:my_training")).content.decode()
    take(org.engineer, quiz)  # late, but done
    assert certification(org).state == states.CertState.CERTIFIED
    assert eligible_usernames(answer(token, org.team)) == [org.engineer.username]


def test_the_lapse_is_recorded_by_the_daily_run_and_the_late_assessment_ends_it_at_once(org):
    certified(org)
    require(org)
    quiz = team_quiz()
    assign(org.team, org.manager, quiz=quiz, due_in=-1)
    eligibility_sync()  # the daily run: time alone made the assessment overdue
    lapsed = EligibilityChange.objects.filter(engineer=org.engineer).latest("pk")
    assert not lapsed.eligible and lapsed.reason == f"lapsed: {missed(quiz, TODAY - datetime.timedelta(days=1))}"
    take(org.engineer, quiz)
    assert EligibilityChange.objects.filter(engineer=org.engineer).latest("pk").eligible


def test_an_assessment_not_yet_due_or_an_incident_follow_up_does_not_count(org):
    certified(org)
    require(org)
    assign(org.team, org.manager, quiz=team_quiz(), due_in=7)
    assign(org.team, org.manager, quiz=team_quiz(slug="after-incident"), due_in=-1,
           reason=AssignmentReason.INCIDENT)
    assert certification(org).state == states.CertState.CERTIFIED


def test_answers_handed_in_and_waiting_for_a_grader_are_not_missed_nor_reminded(org):
    certified(org)
    require(org)
    quiz = quiz_with([scenario()], slug="scenario-check", title="Scenario check")
    assign(org.team, org.manager, quiz=quiz, due_in=-1)
    attempt = quiz_services.attempt_start(user=org.engineer, quiz=quiz)
    quiz_services.attempt_submit(attempt=attempt, user=org.engineer,
                                 answers={attempt.responses.get().pk: {"text": "Drain the queue, then restart."}})
    assert certification(org).state == states.CertState.CERTIFIED
    reminders.send_reminders()
    assert "Scenario check" not in "".join(m.body for m in mail.outbox if m.to == [org.engineer.email])
    assert "Scenario check" in "".join(m.body for m in mail.outbox if m.to == [org.host.email])


def test_only_the_last_assessment_that_fell_due_counts(org):
    certified(org)
    require(org)
    old, new = team_quiz(slug="q1"), team_quiz(slug="q2")
    assign(org.team, org.manager, quiz=old, due_in=-90)
    assign(org.team, org.manager, quiz=new, due_in=-1)
    take(org.engineer, new)
    assert certification(org).state == states.CertState.CERTIFIED


def test_overdue_assignments_are_reminded_to_the_members_and_in_the_managers_digest(org):
    quiz = team_quiz()
    assign(org.team, org.manager, quiz=quiz, due_in=-2)
    take(org.mentor, quiz)
    reminders.send_reminders()
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    due = f"{TODAY - datetime.timedelta(days=2):%d %b %Y}"
    line = f"Your team's quiz “Quarterly knowledge check” (quarterly team assessment, due on {due}) is overdue."
    assert line in by_recipient[org.engineer.email] and line in by_recipient[org.host.email]
    assert "Quarterly knowledge check" not in by_recipient.get(org.mentor.email, "")
    digest = by_recipient[org.manager.email]
    assert f"{org.team.name}: 2 member(s) have not done “Quarterly knowledge check”" in digest
