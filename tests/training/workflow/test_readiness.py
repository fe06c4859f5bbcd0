"""The readiness checklist: what the training proves is ticked by its evidence, with a link to
it, and never by hand; the manager ticks the judgement items."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Quiz
from tests.assessments.factories import quiz_with, single_choice
from tests.training.factories import ExerciseFactory, Org
from training.errors import TrainingError
from training.tracks import services as track_services
from training.tracks.models import StepKind
from training.tracks.trackfile import TrackFileError, parse_track, render_track
from training.workflow import services
from training.workflow.models import ReadinessCheck, ShiftRole, SignOff, SignOffAction

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)

TRACK = """---
name: Evidence track
slug: evidence
readiness:
  Hands-on skills:
    - Practised the thing {evidence: exercise practise}
    - Shadowed an on-call engineer {evidence: shadow}
  Validation:
    - "Passed the extra quiz {evidence: quiz extra}"
  Judgement:
    - Knows when to escalate
---
## Week 1
- [ ] Exercise: Practise the thing {ref: practise}
- [ ] Confirm your pager works
- [ ] Shadow an on-call engineer {hours: 4, lead: 1}
- [ ] Quiz: Extra practice {ref: extra, optional: true}
- [ ] Manager sign-off
"""


@pytest.fixture
def org():
    ExerciseFactory(slug="practise")
    quiz_with([single_choice()], slug="extra")
    track, _ = track_services.track_import(text=TRACK)
    return Org(track=track)


def finish_required(org):
    log = services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer, notes="Done.",
                                       ticks=[0, 1])
    services.exercise_log_verify(log=log, by=org.mentor)
    services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)
    shift = services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer, date=YESTERDAY,
                                      hours=4, host=org.host, role=ShiftRole.LEAD)
    services.shadow_shift_confirm(shift=shift, by=org.host)


def pass_extra(org):
    attempt = assessment_services.attempt_start(user=org.engineer, quiz=Quiz.objects.get(slug="extra"))
    response = attempt.responses.get()
    right = response.question.choices.get(text="RabbitMQ").pk
    assessment_services.attempt_submit(attempt=attempt, user=org.engineer, answers={response.pk: {"selected": [right]}})
    assert org.progress(StepKind.QUIZ).is_done


class TestTheTrackFile:
    def test_an_item_declares_its_evidence_quoted_or_not(self, org):
        items = org.track.readiness_checklist
        assert [item.label for item in items] == ["Practised the thing", "Shadowed an on-call engineer",
                                                  "Passed the extra quiz", "Knows when to escalate"]
        assert [str(e) for e in items[0].evidence] == ["exercise practise"]
        assert [str(e) for e in items[2].evidence] == ["quiz extra"]
        assert items[3].evidence == ()
        assert ("Validation", "Passed the extra quiz") in org.track.readiness_items

    def test_export_writes_the_evidence_back(self, org):
        again = parse_track(render_track(parse_track(TRACK)))
        assert again == parse_track(TRACK)
        assert "Practised the thing {evidence: exercise practise}" in again.readiness[0]["items"]

    def test_unknown_evidence_and_evidence_naming_no_step_are_refused_with_the_line(self):
        text = TRACK.replace("{evidence: shadow}", "{evidence: gut feeling}").replace(
            "{evidence: exercise practise}", "{evidence: exercise other}")
        with pytest.raises(TrackFileError) as refused:
            parse_track(text)
        messages = [message for _line, message in refused.value.errors]
        assert {line for line, _message in refused.value.errors} == {4}
        assert any("unknown evidence 'gut feeling'" in m for m in messages)
        assert any("its evidence 'exercise other' names no step of the track" in m for m in messages)


class TestTheService:
    def test_the_manager_ticks_only_the_judgement_items(self, org):
        finish_required(org)
        pass_extra(org)
        services.readiness_complete(enrollment=org.enrollment, by=org.manager,
                                    checked=[("Judgement", "Knows when to escalate")])
        assert ReadinessCheck.objects.filter(enrollment=org.enrollment).count() == 4
        record = SignOff.objects.get(enrollment=org.enrollment, action=SignOffAction.READINESS)
        assert record.comment == "4 readiness items checked (3 by evidence)"

    def test_a_judgement_item_left_unticked_is_refused(self, org):
        finish_required(org)
        pass_extra(org)
        with pytest.raises(TrainingError, match=r"Tick every readiness item \(1 left\)"):
            services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=[])

    def test_a_hand_tick_never_stands_in_for_missing_evidence(self, org):
        finish_required(org)  # the optional extra quiz is not passed
        with pytest.raises(TrainingError, match="“Passed the extra quiz” cannot be ticked by hand"):
            services.readiness_complete(enrollment=org.enrollment, by=org.manager,
                                        checked=org.track.readiness_items)
        with pytest.raises(TrainingError, match="“Passed the extra quiz” is not met yet: it waits for “Quiz: Extra"):
            services.readiness_complete(enrollment=org.enrollment, by=org.manager,
                                        checked=[("Judgement", "Knows when to escalate")])
        assert not ReadinessCheck.objects.filter(enrollment=org.enrollment).exists()


class TestThePage:
    def test_known_items_show_ticked_with_their_evidence_and_take_no_tick(self, client, org):
        finish_required(org)
        pass_extra(org)
        client.force_login(org.manager)
        html = client.get(reverse("training:readiness", args=[org.enrollment.pk])).content.decode()
        items = re.findall(r'data-testid="readiness-item">(.*?)\n      </div>', html, re.S)
        assert len(items) == 4
        practised = next(item for item in items if "Practised the thing" in item)
        assert re.search(r'<input[^>]*disabled checked', practised)
        assert f'href="{reverse("training:step_detail", args=[org.progress(StepKind.EXERCISE).pk])}"' in practised
        escalate = next(item for item in items if "Knows when to escalate" in item)
        assert "disabled" not in escalate and 'name="item_3"' in escalate
        # Posting a tick for a known item changes nothing: only the judgement item is needed.
        response = client.post(reverse("training:readiness", args=[org.enrollment.pk]), {"item_3": "on"})
        assert response.status_code == 302
        org.enrollment.refresh_from_db()
        assert org.enrollment.readiness_completed_at is not None

    def test_missing_evidence_shows_unticked_with_what_it_waits_for(self, client, org):
        finish_required(org)
        client.force_login(org.manager)
        html = client.get(reverse("training:readiness", args=[org.enrollment.pk])).content.decode()
        extra = next(item for item in re.findall(r'data-testid="readiness-item">(.*?)\n      </div>', html, re.S)
                     if "Passed the extra quiz" in item)
        assert re.search(r"<input[^>]*disabled aria-describedby", extra)  # disabled, not checked
        assert "Not yet: waits for" in extra and "Quiz: Extra practice" in extra
        response = client.post(reverse("training:readiness", args=[org.enrollment.pk]), {"item_3": "on"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "“Passed the extra quiz” is not met yet" in body
        assert re.search(r'name="item_3"[^>]*checked', body)  # the manager's tick stays
