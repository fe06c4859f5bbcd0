"""Scheduling the first on-call shifts with a backup, the dated countdown, "on the rota without
backup", and who may do each: every rule with its refusal, and the audit log of each change."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import TrainingAdminFactory, UserFactory
from tests.training.rota.world import TODAY, Rota, at, walk
from training.audit.models import AuditEvent, AuditKind
from training.errors import TrainingError
from training.rota import selectors, services
from training.rota.models import CountdownTick, FirstShifts
from training.workflow import services as workflow

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def refused(call, message):
    with pytest.raises(TrainingError) as error:
        call()
    assert message in str(error.value)


def audit_summaries():
    events = AuditEvent.objects.filter(kind=AuditKind.FIRST_SHIFTS).order_by("seq")
    return list(events.values_list("summary", flat=True))


class TestScheduling:
    def test_the_manager_schedules_the_first_shift_with_an_eligible_backup_and_it_is_audited(self):
        rota = Rota()
        first = rota.schedule(days=10)
        assert first.backup == rota.backup and first.backed_weeks == 2 and first.scheduled_by == rota.manager
        assert first.backed_until == TODAY + 24 * DAY  # two weeks from the first shift
        [summary] = audit_summaries()
        assert "first on-call shift of" in summary and "scheduled for" in summary
        assert "with Hugo Lindqvist as backup for 2 week(s)" in summary

    def test_refused_before_the_final_sign_off(self):
        rota = Rota(signed_off=False)
        refused(rota.schedule, "is not signed off as ready for on-call yet: the first shifts are scheduled after "
                               "the final sign-off")
        assert not FirstShifts.objects.exists() and not audit_summaries()

    def test_a_backup_who_is_not_eligible_is_refused(self):
        rota = Rota()
        # The mentor is on the team but not signed off; an outsider is certified nowhere near the team.
        refused(lambda: rota.schedule(backup=rota.mentor), "is not eligible for on-call now (not signed off): "
                                                           "the backup must be")
        outsider = UserFactory(username="outsider")
        refused(lambda: rota.schedule(backup=outsider), "is not on the engineer's team: the backup must be")
        refused(lambda: rota.schedule(backup=rota.engineer), "The engineer cannot be their own backup")
        rota.backup.is_active = False
        rota.backup.save(update_fields=["is_active"])
        refused(rota.schedule, "is not eligible for on-call now (account deactivated)")
        assert not FirstShifts.objects.exists()

    def test_the_backup_list_holds_only_the_eligible_teammates(self):
        rota = Rota()
        assert selectors.backup_candidates(rota.enrollment) == [rota.backup]

    def test_a_first_shift_in_the_past_or_weeks_out_of_range_are_refused(self):
        rota = Rota()
        refused(lambda: rota.schedule(days=-1), "The first shift must start in the future")
        refused(lambda: rota.schedule(weeks=0), "The engineer is backed up for 1 to 8 weeks")
        refused(lambda: rota.schedule(weeks=9), "The engineer is backed up for 1 to 8 weeks")

    def test_only_the_manager_or_a_training_admin_schedules(self):
        rota = Rota()
        other_manager = UserFactory(username="other-manager")
        for who in (rota.engineer, rota.mentor, rota.backup, rota.host, other_manager):
            refused(lambda who=who: rota.schedule(by=who), services.NOT_SCHEDULER)
        assert rota.schedule(by=TrainingAdminFactory()).pk

    def test_rescheduling_and_changing_the_backup_are_audited_with_what_they_were(self):
        rota = Rota()
        first = rota.schedule(days=10)
        second_backup = UserFactory(username="second", first_name="Bea", last_name="Ng")
        rota.team.members.add(second_backup)
        walk(rota, second_backup, workflow.enrollment_create(engineer=second_backup, track=rota.track,
                                                             by=rota.manager, mentor=rota.mentor))
        rota.schedule(days=12, backup=second_backup, weeks=3)
        first.refresh_from_db()
        assert (first.backup, first.backed_weeks, first.first_shift_on) == (second_backup, 3, TODAY + 12 * DAY)
        change = audit_summaries()[-1]
        assert "rescheduled from" in change and "backup changed from Hugo Lindqvist to Bea Ng" in change
        assert "backed-up weeks changed from 2 to 3" in change
        refused(lambda: rota.schedule(days=12, backup=second_backup, weeks=3), "Nothing changed")


class TestTheCountdown:
    def test_each_step_is_dated_from_the_first_shift(self):
        rota = Rota()
        first = rota.schedule(days=10)
        plan = selectors.plan_of(first)
        shift_day = TODAY + 10 * DAY
        assert [(i.step.title, i.due_on, i.when) for i in plan.items] == [
            ("Work through the on-call procedures", shift_day - 7 * DAY, "1 week before"),
            ("Review the incident response guide", shift_day - 2 * DAY, "2 days before"),
            ("Sleep well and charge your phone", shift_day - DAY, "1 day before"),
            ("Read the emergency section of the runbooks", shift_day, "Morning of the shift"),
        ]
        rota.schedule(days=20)  # rescheduled: the dates move with it
        first.refresh_from_db()
        assert selectors.plan_of(first).items[0].due_on == TODAY + 13 * DAY

    def test_hours_before_a_shift_that_starts_early_fall_on_the_day_before(self):
        rota = Rota()
        first = rota.schedule(days=10)
        step = rota.steps()[0]
        step.before_first_shift = datetime.timedelta(hours=12)
        first.first_shift_at = at(TODAY + 10 * DAY, hour=8)
        assert first.due_on(step) == TODAY + 9 * DAY

    def test_the_engineer_ticks_a_step_once_and_nobody_else_does(self):
        rota = Rota()
        first = rota.schedule()
        step = rota.steps()[1]
        for who in (rota.manager, rota.backup, rota.mentor):
            refused(lambda who=who: services.countdown_tick(first_shifts=first, step=step, by=who),
                    services.NOT_THE_ENGINEER)
        tick = services.countdown_tick(first_shifts=first, step=step, by=rota.engineer)
        assert tick.ticked_at.date() == timezone.now().date()
        refused(lambda: services.countdown_tick(first_shifts=first, step=step, by=rota.engineer), "is ticked already")
        training_step = rota.track.steps.get(title="Confirm your pager works")
        refused(lambda: services.countdown_tick(first_shifts=first, step=training_step, by=rota.engineer),
                "not in the countdown")
        assert CountdownTick.objects.count() == 1
        assert "“Review the incident response guide” ticked by" in audit_summaries()[-1]


class TestOnTheRota:
    def test_refused_before_the_backed_up_weeks_end_then_accepted(self):
        rota = Rota()
        first = rota.schedule(days=3, weeks=2)
        refused(lambda: services.first_shifts_on_rota(first_shifts=first, by=rota.manager),
                f"is backed up by Hugo Lindqvist until {TODAY + 17 * DAY:%a %-d %b %Y} (2 week(s) from the first "
                "shift): confirm them on the rota from then")
        # Fifteen days after a first shift two weeks and a day ago: the weeks are over.
        FirstShifts.objects.filter(pk=first.pk).update(first_shift_at=at(TODAY - 15 * DAY))
        for who in (rota.engineer, rota.backup, rota.mentor):
            refused(lambda who=who: services.first_shifts_on_rota(first_shifts=first, by=who),
                    "Only the engineer's manager")
        services.first_shifts_on_rota(first_shifts=first, by=rota.manager)
        first.refresh_from_db()
        assert first.on_rota_by == rota.manager and first.on_rota_at is not None
        assert "confirmed on the rota without backup after 2 backed-up week(s) with Hugo Lindqvist" in \
            audit_summaries()[-1]
        # Closed: no second confirmation, no change, no tick.
        refused(lambda: services.first_shifts_on_rota(first_shifts=first, by=rota.manager), "already")
        refused(lambda: rota.schedule(days=30), "is on the rota without backup already")
        refused(lambda: services.countdown_tick(first_shifts=first, step=rota.steps()[0], by=rota.engineer),
                "the countdown is closed")
