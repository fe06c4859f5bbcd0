"""The training workflow: every transition through its service, with the denials beside them."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import TrainingAdminFactory, UserFactory
from tests.training.certification.test_certificates import certified
from tests.training.factories import Org
from training.certification import certificates
from training.errors import TrainingError
from training.tracks.models import StepKind
from training.workflow import services
from training.workflow.models import (
    EnrollmentStatus,
    ProgressStatus,
    ReviewState,
    ShiftRole,
    ShiftState,
    SignOff,
    SignOffAction,
)

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def submit_exercise(org, notes="Did it: task 42 completed."):
    progress = org.progress(StepKind.EXERCISE)
    return services.exercise_log_submit(progress=progress, by=org.engineer, notes=notes, ticks=[0, 1])


def finish_everything_but_signoff(org):
    log = submit_exercise(org)
    services.exercise_log_verify(log=log, by=org.mentor)
    services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)
    shift = services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer, date=YESTERDAY,
                                      hours=4, host=org.host, role=ShiftRole.LEAD)
    services.shadow_shift_confirm(shift=shift, by=org.host)


def all_readiness(org):
    return org.track.readiness_items


class TestEnrollment:
    def test_enrolling_creates_progress_for_every_step_and_records_it(self):
        org = Org()
        assert org.enrollment.progress.count() == 4
        assert org.enrollment.steps_total == 4 and org.enrollment.steps_done == 0
        record = SignOff.objects.get(enrollment=org.enrollment)
        assert record.action == SignOffAction.ENROLLED and record.by == org.manager
        assert record.track_version == org.track.version

    def test_another_teams_manager_cannot_enrol(self):
        org = Org()
        stranger = UserFactory(username="other-manager")
        with pytest.raises(TrainingError, match="team you manage"):
            services.enrollment_create(engineer=org.mentor, track=org.track, by=stranger)

    def test_enrolling_twice_on_the_same_track_is_refused(self):
        org = Org()
        with pytest.raises(TrainingError, match="already enrolled"):
            services.enrollment_create(engineer=org.engineer, track=org.track, by=org.manager)


class TestExerciseLogs:
    def test_submit_then_mentor_verifies(self, django_capture_on_commit_callbacks):
        org = Org()
        with django_capture_on_commit_callbacks(execute=True):
            log = submit_exercise(org)
        assert org.progress(StepKind.EXERCISE).status == ProgressStatus.SUBMITTED
        assert set(mail.outbox[-1].to) == {"mentor@example.com", "manager@example.com"}
        with django_capture_on_commit_callbacks(execute=True):
            services.exercise_log_verify(log=log, by=org.mentor, comment="Good")
        assert org.progress(StepKind.EXERCISE).status == ProgressStatus.DONE
        org.enrollment.refresh_from_db()
        assert org.enrollment.steps_done == 1 and org.enrollment.percent == 25
        assert "verified" in mail.outbox[-1].subject and mail.outbox[-1].to == ["engineer@example.com"]

    def test_return_with_comment_then_resubmit_then_verify(self, django_capture_on_commit_callbacks):
        org = Org()
        log = submit_exercise(org)
        with django_capture_on_commit_callbacks(execute=True):
            services.exercise_log_return(log=log, by=org.mentor, comment="Add the task ID")
        progress = org.progress(StepKind.EXERCISE)
        assert progress.status == ProgressStatus.RETURNED
        assert "Add the task ID" in mail.outbox[-1].body
        second = submit_exercise(org, notes="Task ID is 42")
        services.exercise_log_verify(log=second, by=org.manager)
        states = list(progress.exercise_logs.order_by("submitted_at").values_list("state", flat=True))
        assert states == [ReviewState.RETURNED, ReviewState.VERIFIED]

    def test_a_return_needs_a_comment(self):
        org = Org()
        log = submit_exercise(org)
        with pytest.raises(TrainingError, match="needs a comment"):
            services.exercise_log_return(log=log, by=org.mentor, comment="  ")
        log.refresh_from_db()
        assert log.state == ReviewState.SUBMITTED

    def test_engineer_cannot_verify_their_own_log(self):
        org = Org()
        log = submit_exercise(org)
        with pytest.raises(TrainingError, match="your own work"):
            services.exercise_log_verify(log=log, by=org.engineer)
        assert org.progress(StepKind.EXERCISE).status == ProgressStatus.SUBMITTED

    def test_another_teams_manager_cannot_verify(self):
        org = Org()
        other = Org(prefix="x-")
        log = submit_exercise(org)
        with pytest.raises(TrainingError, match="mentor or manager"):
            services.exercise_log_verify(log=log, by=other.manager)

    def test_approving_twice_records_one_decision(self):
        org = Org()
        log = submit_exercise(org)
        services.exercise_log_verify(log=log, by=org.mentor)
        with pytest.raises(TrainingError, match="already verified by"):
            services.exercise_log_verify(log=log, by=org.manager)
        assert SignOff.objects.filter(exercise_log=log, action=SignOffAction.VERIFIED).count() == 1

    def test_every_checklist_item_must_be_ticked(self):
        org = Org()
        with pytest.raises(TrainingError, match="Tick every item"):
            services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.engineer,
                                         notes="x", ticks=[0])

    def test_cannot_submit_twice_while_waiting(self):
        org = Org()
        submit_exercise(org)
        with pytest.raises(TrainingError, match="already waiting"):
            submit_exercise(org)

    def test_only_the_engineer_submits(self):
        org = Org()
        with pytest.raises(TrainingError, match="Only the engineer"):
            services.exercise_log_submit(progress=org.progress(StepKind.EXERCISE), by=org.mentor,
                                         notes="x", ticks=[0, 1])


class TestShadowShifts:
    def log(self, org, hours=2, role=ShiftRole.OBSERVE, host=None):
        return services.shadow_shift_log(
            progress=org.progress(StepKind.SHADOW), by=org.engineer, date=YESTERDAY, hours=hours,
            host=host or org.host, role=role, notes="Watched the hourly checks",
            incidents=[{"reference": "INC-1", "severity": "P2", "summary": "Queue backlog"}],
        )

    def test_host_confirms_and_step_completes_at_the_minimum_with_a_lead_shift(self):
        org = Org()
        first = self.log(org, hours=3)
        services.shadow_shift_confirm(shift=first, by=org.host)
        assert org.progress(StepKind.SHADOW).status == ProgressStatus.IN_PROGRESS
        second = self.log(org, hours=2)
        services.shadow_shift_confirm(shift=second, by=org.host)
        # 5 h confirmed but the step asks for one lead shift too.
        assert org.progress(StepKind.SHADOW).status == ProgressStatus.IN_PROGRESS
        third = self.log(org, hours=1, role=ShiftRole.LEAD)
        services.shadow_shift_confirm(shift=third, by=org.host)
        assert org.progress(StepKind.SHADOW).status == ProgressStatus.DONE
        assert services.shadow_totals(org.progress(StepKind.SHADOW)) == (Decimal("6.0"), 1)

    def test_disputed_hours_do_not_count(self):
        org = Org()
        shift = self.log(org, hours=8, role=ShiftRole.LEAD)
        services.shadow_shift_dispute(shift=shift, by=org.host, comment="I was not on call that day")
        assert shift.__class__.objects.get(pk=shift.pk).state == ShiftState.DISPUTED
        assert org.progress(StepKind.SHADOW).status == ProgressStatus.IN_PROGRESS

    def test_only_the_named_host_confirms(self):
        org = Org()
        shift = self.log(org)
        with pytest.raises(TrainingError, match="Only the host"):
            services.shadow_shift_confirm(shift=shift, by=org.manager)

    def test_engineer_cannot_host_themself(self):
        org = Org()
        with pytest.raises(TrainingError, match="not yourself"):
            self.log(org, host=org.engineer)

    def test_confirming_twice_is_refused(self):
        org = Org()
        shift = self.log(org)
        services.shadow_shift_confirm(shift=shift, by=org.host)
        with pytest.raises(TrainingError, match="already confirmed"):
            services.shadow_shift_confirm(shift=shift, by=org.host)
        assert SignOff.objects.filter(shadow_shift=shift, action=SignOffAction.CONFIRMED).count() == 1

    def test_a_host_must_be_eligible_on_the_engineer_s_team_or_listed_as_its_host(self):
        org = Org()
        trainee = UserFactory(username="trainee")  # a teammate, not certified
        stranger = Org(prefix="x-", track=org.track)  # another team: its certified engineer
        certified(stranger)
        org.team.members.add(trainee)
        for host in (trainee, stranger.engineer, org.manager):
            with pytest.raises(TrainingError, match="cannot host .*: a host must be eligible for on-call"):
                self.log(org, host=host)
        assert not org.progress(StepKind.SHADOW).shadow_shifts.exists()
        org.team.members.add(stranger.engineer)  # now a certified teammate: eligible here
        shift = self.log(org, host=stranger.engineer)
        services.shadow_shift_confirm(shift=shift, by=stranger.engineer)
        assert shift.__class__.objects.get(pk=shift.pk).state == ShiftState.CONFIRMED
        org.team.hosts.add(trainee)  # listed by the manager: may host, certified or not
        assert self.log(org, host=trainee).host == trainee

    def test_a_host_who_lost_eligibility_cannot_confirm_and_two_trainees_cannot_certify_each_other(self):
        org = Org()
        other = Org(prefix="x-", track=org.track)
        certificate = certified(other)
        org.team.members.add(other.engineer)
        shift = self.log(org, host=other.engineer, role=ShiftRole.LEAD, hours=24)
        certificates.certificate_revoke(certificate=certificate, by=TrainingAdminFactory(), reason="Misreported")
        with pytest.raises(TrainingError, match="You may not confirm .* shadow shifts now"):
            services.shadow_shift_confirm(shift=shift, by=other.engineer)
        assert shift.__class__.objects.get(pk=shift.pk).state == ShiftState.PENDING
        # Two trainees of one team, neither certified nor listed: neither hosts the other.
        peer = Org(prefix="p-", track=org.track)
        org.team.members.add(peer.engineer)
        with pytest.raises(TrainingError, match="cannot host"):
            self.log(org, host=peer.engineer)
        with pytest.raises(TrainingError, match="cannot host"):
            services.shadow_shift_log(progress=peer.progress(StepKind.SHADOW), by=peer.engineer, date=YESTERDAY,
                                      hours=24, host=org.engineer, role=ShiftRole.LEAD)

    def test_host_is_emailed(self, django_capture_on_commit_callbacks):
        org = Org()
        with django_capture_on_commit_callbacks(execute=True):
            self.log(org)
        assert mail.outbox[-1].to == ["host@example.com"]


class TestReadinessAndSignOff:
    def test_whole_journey_to_ready(self, django_capture_on_commit_callbacks):
        org = Org()
        finish_everything_but_signoff(org)
        services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=all_readiness(org))
        with django_capture_on_commit_callbacks(execute=True):
            services.enrollment_sign_off(enrollment=org.enrollment, by=org.manager, comment="Welcome to the rota")
        org.enrollment.refresh_from_db()
        assert org.enrollment.status == EnrollmentStatus.READY
        assert org.enrollment.percent == 100
        assert org.progress(StepKind.SIGNOFF).status == ProgressStatus.DONE
        actions = list(SignOff.objects.filter(enrollment=org.enrollment).values_list("action", flat=True))
        assert actions[0] == SignOffAction.ENROLLED and actions[-1] == SignOffAction.SIGNED_OFF
        assert SignOffAction.READINESS in actions
        assert "ready for on-call" in mail.outbox[-1].subject

    def test_readiness_waits_for_every_required_step(self):
        org = Org()
        with pytest.raises(TrainingError, match="Every required step"):
            services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=all_readiness(org))

    def test_readiness_needs_every_item(self):
        org = Org()
        finish_everything_but_signoff(org)
        with pytest.raises(TrainingError, match="Tick every readiness item"):
            services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=all_readiness(org)[:1])

    def test_sign_off_needs_the_readiness_checklist(self):
        org = Org()
        finish_everything_but_signoff(org)
        with pytest.raises(TrainingError, match="readiness checklist"):
            services.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)

    def test_mentor_cannot_give_the_final_sign_off(self):
        org = Org()
        finish_everything_but_signoff(org)
        services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=all_readiness(org))
        with pytest.raises(TrainingError, match="Only the engineer's manager"):
            services.enrollment_sign_off(enrollment=org.enrollment, by=org.mentor)

    def test_separation_of_duties_refuses_a_manager_who_witnessed(self):
        org = Org()
        log = submit_exercise(org)
        services.exercise_log_verify(log=log, by=org.manager)  # the manager acted as witness
        services.step_complete_checklist(progress=org.progress(StepKind.CHECKLIST), by=org.engineer)
        shift = services.shadow_shift_log(progress=org.progress(StepKind.SHADOW), by=org.engineer,
                                          date=YESTERDAY, hours=4, host=org.host, role=ShiftRole.LEAD)
        services.shadow_shift_confirm(shift=shift, by=org.host)
        services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=all_readiness(org))
        with pytest.raises(TrainingError, match="separation of duties"):
            services.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
        org.enrollment.refresh_from_db()
        assert org.enrollment.status == EnrollmentStatus.ACTIVE

    def test_signing_off_twice_records_one_sign_off(self):
        org = Org()
        finish_everything_but_signoff(org)
        services.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=all_readiness(org))
        services.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
        with pytest.raises(TrainingError, match="already signed off"):
            services.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
        assert SignOff.objects.filter(enrollment=org.enrollment, action=SignOffAction.SIGNED_OFF).count() == 1


def test_sign_offs_are_append_only():
    org = Org()
    record = SignOff.objects.get(enrollment=org.enrollment)
    record.comment = "changed"
    with pytest.raises(ValidationError):
        record.save()
    with pytest.raises(ValidationError):
        record.delete()
    with pytest.raises(ValidationError):
        SignOff.objects.filter(pk=record.pk).update(comment="changed")
    with pytest.raises(ValidationError):
        SignOff.objects.filter(pk=record.pk).delete()
    assert SignOff.objects.get(pk=record.pk).comment != "changed"
