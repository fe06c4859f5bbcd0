"""The first on-call shifts in the daily reminders: each countdown step to the engineer on the
day it is due (until ticked), the backup the day before the first shift, and the manager the day
the backed-up weeks end."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from training.certification.reminders import Reminder
from training.teams.models import person_name
from training.tracks import countdown

from . import selectors
from .models import MAX_BACKED_WEEKS, WEEK, FirstShifts

DAY = datetime.timedelta(days=1)


def _link(first_shifts):
    return settings.SITE_URL + reverse("training:first_shifts", args=[first_shifts.enrollment_id])


def first_shifts_reminders(today):
    """The reminders of the first on-call shifts that hold on ``today``."""
    # A countdown step is due at most 60 days before the first shift; the backed-up weeks end at most 8 weeks after.
    window = [today - WEEK * MAX_BACKED_WEEKS - DAY, today + countdown.LONGEST + DAY]
    plans = (FirstShifts.objects.waiting().filter(first_shift_at__date__range=window)
             .select_related("enrollment__engineer", "enrollment__manager", "enrollment__track", "backup")
             .prefetch_related("ticks"))
    steps_of = {}
    reminders = []
    for first in plans:
        enrollment = first.enrollment
        track_id = enrollment.track_id
        if track_id not in steps_of:
            steps_of[track_id] = selectors.countdown_steps(track_id)
        shift = f"{timezone.localtime(first.first_shift_at):%a %-d %b at %H:%M}"
        for item in selectors.plan_of(first, steps_of[track_id]).items:
            if item.due_on == today and item.tick is None:
                reminders.append(Reminder(enrollment.engineer, f"first-shift-{first.pk}-step-{item.step.pk}",
                                          f"Before your first on-call shift ({shift}), today: {item.step.title}. "
                                          f"Tick it when done: {_link(first)}"))
        if first.first_shift_on - DAY == today:
            reminders.append(Reminder(first.backup, f"first-shift-{first.pk}-backup-{first.first_shift_on}",
                                      f"Tomorrow you back up {person_name(enrollment.engineer)} on their first "
                                      f"on-call shift ({shift}), for {first.backed_weeks} week(s): {_link(first)}"))
        if first.backed_until == today:
            reminders.append(Reminder(enrollment.manager, f"first-shift-{first.pk}-on-rota",
                                      f"{person_name(enrollment.engineer)}'s backed-up weeks with "
                                      f"{person_name(first.backup)} are over: confirm them on the rota without "
                                      f"backup: {_link(first)}"))
    return reminders
