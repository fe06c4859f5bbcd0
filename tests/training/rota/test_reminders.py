"""The countdown in the daily reminders: each step reaches the engineer on its date (not before,
not once ticked), the backup hears the day before the first shift, the manager the day the
backed-up weeks end. The real daily run, for a given day."""

import datetime

import pytest
from django.core import mail

from tests.training.rota.world import TODAY, Rota
from training.rota import services
from training.site.daily import send_reminders_task

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
SHIFT_DAY = TODAY + 10 * DAY


def mails_on(day):
    """The reminders the daily run sends on ``day``: ``{recipient: body}``."""
    mail.outbox.clear()
    send_reminders_task.call(day=day.isoformat())
    return {message.to[0]: message.body for message in mail.outbox}


def test_each_countdown_step_reaches_the_engineer_on_its_date_and_the_backup_the_day_before():
    rota = Rota()
    rota.schedule(days=10)
    engineer, backup = rota.engineer.email, rota.backup.email

    week_before = mails_on(SHIFT_DAY - 7 * DAY)
    assert "today: Work through the on-call procedures." in week_before[engineer]
    assert "Review the incident response guide" not in week_before[engineer]
    assert backup not in week_before

    assert engineer not in mails_on(SHIFT_DAY - 5 * DAY)  # nothing is due that day

    day_before = mails_on(SHIFT_DAY - DAY)
    assert "today: Sleep well and charge your phone." in day_before[engineer]
    assert f"/enrollments/{rota.enrollment.pk}/first-shifts/" in day_before[engineer]
    assert "Tomorrow you back up" in day_before[backup] and "for 2 week(s)" in day_before[backup]

    assert "today: Read the emergency section of the runbooks." in mails_on(SHIFT_DAY)[engineer]


def test_a_ticked_step_is_not_sent_and_the_manager_hears_when_the_weeks_are_over():
    rota = Rota()
    first = rota.schedule(days=10)
    services.countdown_tick(first_shifts=first, step=rota.steps()[0], by=rota.engineer)
    assert rota.engineer.email not in mails_on(SHIFT_DAY - 7 * DAY)
    over = mails_on(SHIFT_DAY + 14 * DAY)
    assert "backed-up weeks with Hugo Lindqvist are over: confirm them on the rota without backup" in \
        over[rota.manager.email]
    assert rota.manager.email not in mails_on(SHIFT_DAY + 13 * DAY)
