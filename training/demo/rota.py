"""The demo's first on-call shifts: Bob, signed off on the Fast track, takes his first primary
shift in ten days with Hugo as his backup for two weeks, and has ticked the first item of the
countdown. Hugo is certified on the Fast track first (Bob hosted his shadow shifts) so that he is
eligible to back Bob up. Made once: running again leaves them as they are."""

import datetime

from django.utils import timezone

from training.rota import services
from training.rota.models import FirstShifts
from training.tracks.models import Track
from training.workflow import services as workflow_services
from training.workflow.models import Enrollment, EnrollmentStatus

FIRST_SHIFT_IN_DAYS = 10


def load_rota(people, *, walk_to_ready):
    bob, hugo, manager, mentor = people["bob"], people["host"], people["manager"], people["mentor"]
    enrollment = Enrollment.objects.filter(engineer=bob, status=EnrollmentStatus.READY).select_related(
        "track", "engineer").first()
    if enrollment is None or FirstShifts.objects.filter(enrollment=enrollment).exists():
        return
    if not Enrollment.objects.filter(engineer=hugo).exists():
        certified = workflow_services.enrollment_create(
            engineer=hugo, track=Track.objects.current().get(slug="fast"), by=manager, mentor=mentor)
        walk_to_ready(certified, {"engineer": hugo, "host": bob, "mentor": mentor, "manager": manager})
    first_day = timezone.localdate() + datetime.timedelta(days=FIRST_SHIFT_IN_DAYS)
    first_shifts = services.first_shifts_schedule(
        enrollment=enrollment, by=manager, backup=hugo, backed_weeks=2,
        first_shift_at=timezone.make_aware(datetime.datetime.combine(first_day, datetime.time(9, 0))))
    first_step = first_shifts.enrollment.track.steps.filter(before_first_shift__isnull=False).order_by("order").first()
    if first_step is not None:
        services.countdown_tick(first_shifts=first_shifts, step=first_step, by=bob)
