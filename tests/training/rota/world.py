"""A team whose engineer is signed off on a track with a countdown before the first shift, and a
teammate signed off too (eligible for on-call: the backup)."""

import datetime

from django.utils import timezone

from tests.factories import UserFactory
from tests.training.factories import SIMPLE_TRACK, Org, simple_track
from training.rota import services
from training.tracks.models import StepKind
from training.workflow import services as workflow
from training.workflow.models import ShiftRole

# Braces doubled: ``simple_track`` formats the text with the exercise's slug.
COUNTDOWN = """
## Before your first shift
- [ ] Work through the on-call procedures {{before_first_shift: 7d}}
- [ ] Review the incident response guide {{before_first_shift: 2d}}
- [ ] Sleep well and charge your phone {{before_first_shift: 1d}}
- [ ] Read the emergency section of the runbooks {{before_first_shift: morning}}
"""
COUNTDOWN_TRACK = SIMPLE_TRACK + COUNTDOWN
TODAY = timezone.localdate()


def at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def walk(org, engineer, enrollment, *, sign_off=True):
    """Every step of ``enrollment`` done, the readiness checklist ticked and (``sign_off``) the
    final sign-off given, each by the right person of ``org``."""
    progress = enrollment.progress.select_related("step__exercise")
    log = workflow.exercise_log_submit(progress=progress.get(step__kind=StepKind.EXERCISE), by=engineer,
                                       notes="Task 42 done", ticks=[0, 1])
    workflow.exercise_log_verify(log=log, by=org.mentor)
    workflow.step_complete_checklist(progress=progress.get(step__kind=StepKind.CHECKLIST), by=engineer)
    shift = workflow.shadow_shift_log(progress=progress.get(step__kind=StepKind.SHADOW), by=engineer,
                                      date=TODAY - datetime.timedelta(days=1), hours=4, host=org.host,
                                      role=ShiftRole.LEAD, notes="Watched the hourly checks")
    workflow.shadow_shift_confirm(shift=shift, by=org.host)
    workflow.readiness_complete(enrollment=enrollment, by=org.manager, checked=enrollment.track.readiness_items)
    if sign_off:
        workflow.enrollment_sign_off(enrollment=enrollment, by=org.manager)
    enrollment.refresh_from_db()
    return enrollment


class Rota(Org):
    """``Org`` on the countdown track: the engineer signed off (``signed_off=True``), and
    ``backup``, a teammate signed off on the same track, eligible for on-call."""

    def __init__(self, *, signed_off=True, prefix=""):
        super().__init__(track=simple_track(text=COUNTDOWN_TRACK), prefix=prefix)
        self.backup = UserFactory(username=f"{prefix}backup", first_name="Hugo", last_name="Lindqvist")
        self.team.members.add(self.backup)
        walk(self, self.backup, workflow.enrollment_create(engineer=self.backup, track=self.track, by=self.manager,
                                                           mentor=self.mentor))
        if signed_off:
            walk(self, self.engineer, self.enrollment)

    def schedule(self, *, days=10, backup=None, weeks=2, by=None):
        return services.first_shifts_schedule(
            enrollment=self.enrollment, by=by or self.manager, first_shift_at=at(TODAY + datetime.timedelta(days=days)),
            backup=backup or self.backup, backed_weeks=weeks)

    def steps(self):
        return list(self.track.steps.filter(before_first_shift__isnull=False).order_by("order"))
