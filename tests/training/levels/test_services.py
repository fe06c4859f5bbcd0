"""Granting and revoking readiness levels: grantable only once every required step up to the
level's stage is done, granted and revoked by the engineer's manager alone, audited, and never a
way to eligibility for on-call."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from tests.factories import TeamFactory, TrainingAdminFactory
from tests.training.factories import Org
from training.audit.models import AuditEvent, AuditKind
from training.certification.eligibility import eligibility
from training.certification.models import Certificate
from training.errors import TrainingError
from training.levels import selectors, services
from training.levels.models import LevelAction, LevelSignOff
from training.workflow import services as workflow
from training.workflow.models import Enrollment, EnrollmentStatus

from .conftest import LEVELS_TRACK, levels_track, tick, week_1_done, week_2_done

pytestmark = pytest.mark.django_db


def grant(org, level="Support rota", by=None, comment=""):
    return services.level_grant(enrollment=org.enrollment, level=level, by=by or org.manager, comment=comment)


def states(org):
    return {s.level.name: s.state for s in selectors.enrollment_states(org.enrollment)}


class TestWhenALevelIsGrantable:
    def test_not_before_every_required_step_of_its_stage_is_done(self, org):
        assert states(org) == {"Support rota": "not_yet", "Escalation backup": "not_yet"}
        with pytest.raises(TrainingError, match="comes at the end of Week 1: Foundations: it waits for "
                                                "“Confirm your pager works”"):
            grant(org)
        assert not LevelSignOff.objects.exists()
        assert not AuditEvent.objects.filter(summary__contains="readiness level").exists()

    def test_an_optional_step_left_open_does_not_hold_it_back(self, org):
        week_1_done(org)  # "Review three past incidents" is optional and still open
        assert states(org) == {"Support rota": "grantable", "Escalation backup": "not_yet"}

    def test_a_later_level_waits_for_the_steps_of_every_earlier_stage_too(self, org):
        tick(org, "Walk through the escalation policy")
        [_, backup] = selectors.enrollment_states(org.enrollment)
        assert backup.state == "not_yet" and backup.waiting_for == "“Confirm your pager works”"
        with pytest.raises(TrainingError, match="waits for “Confirm your pager works”"):
            grant(org, "Escalation backup")

    def test_a_level_of_the_last_stage_waits_for_everything_but_the_final_sign_off(self):
        text = LEVELS_TRACK.replace("  Week 2: Escalation backup\n", "  Week 3: [Escalation backup]\n")
        org = Org(track=levels_track(text))
        week_2_done(org)
        assert states(org)["Escalation backup"] == "grantable"
        assert grant(org, "Escalation backup").stage.title == "Week 3: Sign-off"

    def test_a_level_the_track_does_not_declare_is_refused(self, org):
        week_2_done(org)
        with pytest.raises(TrainingError, match="Levels track has no readiness level “Incident commander”"):
            grant(org, "Incident commander")


class TestGrantAndRevoke:
    def test_the_manager_grants_it_with_a_comment_and_it_is_audited(self, org):
        week_1_done(org)
        signoff = grant(org, comment="Handled the rota handover well")
        assert (signoff.action, signoff.by, signoff.stage.title) == (LevelAction.GRANTED, org.manager,
                                                                      "Week 1: Foundations")
        assert states(org)["Support rota"] == "granted"
        event = AuditEvent.objects.get(kind=AuditKind.SIGN_OFF, subject=org.engineer)
        assert event.actor == org.manager
        assert "readiness level “Support rota” granted" in event.summary
        assert "Handled the rota handover well" in event.summary

    def test_a_level_is_granted_once(self, org):
        week_1_done(org)
        grant(org)
        with pytest.raises(TrainingError, match="already has the level “Support rota”"):
            grant(org)
        assert LevelSignOff.objects.count() == 1

    def test_revoked_with_a_reason_then_granted_again(self, org):
        week_1_done(org)
        grant(org)
        with pytest.raises(TrainingError, match="a revoked level needs a reason"):
            services.level_revoke(enrollment=org.enrollment, level="Support rota", by=org.manager, reason="  ")
        services.level_revoke(enrollment=org.enrollment, level="Support rota", by=org.manager,
                              reason="Missed two handovers")
        assert states(org)["Support rota"] == "grantable"
        event = AuditEvent.objects.get(kind=AuditKind.REVOCATION, subject=org.engineer)
        assert "“Support rota”" in event.summary and "Missed two handovers" in event.summary
        with pytest.raises(TrainingError, match="does not have the level “Support rota”"):
            services.level_revoke(enrollment=org.enrollment, level="Support rota", by=org.manager, reason="Again")
        grant(org, comment="Back on track")
        assert states(org)["Support rota"] == "granted"
        assert [(d.action, d.comment) for d in selectors.history(org.enrollment)] == [
            ("granted", "Back on track"), ("revoked", "Missed two handovers"), ("granted", "")]

    def test_decisions_are_append_only(self, org):
        week_1_done(org)
        signoff = grant(org)
        with pytest.raises(ValidationError, match="append-only"):
            signoff.save()
        with pytest.raises(ValidationError, match="append-only"):
            LevelSignOff.objects.all().delete()
        if connection.vendor == "postgresql":  # there a trigger refuses any client's SQL too
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
                c.execute("UPDATE training_levelsignoff SET comment = %s", ["Forged"])
        assert LevelSignOff.objects.get().comment == ""

    def test_not_on_an_enrollment_that_is_withdrawn(self, org):
        week_1_done(org)
        Enrollment.objects.filter(pk=org.enrollment.pk).update(status=EnrollmentStatus.WITHDRAWN)
        with pytest.raises(TrainingError, match="no longer active"):
            grant(org)


class TestWhoMayGrant:
    @pytest.mark.parametrize("who", ["engineer", "mentor", "host", "other_manager", "admin", "anonymous"])
    def test_only_the_engineers_manager(self, org, who):
        week_1_done(org)
        person = {"engineer": org.engineer, "mentor": org.mentor, "host": org.host,
                  "other_manager": TeamFactory().managers.get(), "admin": TrainingAdminFactory(),
                  "anonymous": AnonymousUser()}[who]
        with pytest.raises(TrainingError, match="Only the engineer's manager"):
            grant(org, by=person)
        grant(org)
        with pytest.raises(TrainingError, match="Only the engineer's manager"):
            services.level_revoke(enrollment=org.enrollment, level="Support rota", by=person, reason="Forged")
        assert [d.action for d in LevelSignOff.objects.all()] == ["granted"]

    def test_the_manager_named_on_the_enrollment_may(self, org):
        week_1_done(org)
        assert grant(org, by=org.enrollment.manager).by == org.manager


class TestNeverEligibility:
    def test_every_level_granted_leaves_the_engineer_in_training_and_only_the_sign_off_makes_them_eligible(self, org):
        week_2_done(org)
        grant(org)
        grant(org, "Escalation backup")
        answer = eligibility([org.engineer])[org.engineer.pk]
        assert answer.eligible is False and answer.reason == "in training"
        org.enrollment.refresh_from_db()
        assert org.enrollment.status == EnrollmentStatus.ACTIVE and not Certificate.objects.exists()

        workflow.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=org.track.readiness_items)
        workflow.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
        assert eligibility([org.engineer])[org.engineer.pk].eligible is True

    def test_the_final_sign_off_does_not_wait_for_the_levels(self, org):
        week_2_done(org)
        workflow.readiness_complete(enrollment=org.enrollment, by=org.manager, checked=org.track.readiness_items)
        workflow.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
        assert eligibility([org.engineer])[org.engineer.pk].eligible is True
        org.enrollment.refresh_from_db()
        assert states(org) == {"Support rota": "closed", "Escalation backup": "closed"}
        with pytest.raises(TrainingError, match="no longer active"):
            grant(org)
