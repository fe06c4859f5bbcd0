"""The demo's weekly check-ins: Alice's first two weeks held with the mentor (an action carried
from week 1 into week 2), Carol's first week overdue. The two enrollments are dated back so their
weeks have passed. Made once: running again leaves them as they are."""

import datetime

from django.utils import timezone

from training.checkins import selectors, services
from training.checkins.models import CheckIn, Owner
from training.workflow.models import Enrollment, EnrollmentStatus


def _started(enrollment, days_ago):
    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    Enrollment.objects.filter(pk=enrollment.pk).update(start_date=start)
    enrollment.refresh_from_db()
    return enrollment


def load_checkins(people):
    mentor = people["mentor"]
    active = Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE).select_related("track", "engineer")
    alice = active.filter(engineer=people["alice"]).first()
    if alice is not None and not CheckIn.objects.filter(enrollment=alice).exists():
        alice = _started(alice, 17)
        day = alice.start_date
        services.checkin_record(
            enrollment=alice, week=1, by=mentor, held_at=day + datetime.timedelta(days=6), mentor_confidence=3,
            notes="A good start: the architecture guide made sense. Unsure where the broker's dashboards live.",
            actions=[("Walk through the broker dashboards together", Owner.MENTOR),
                     ("Finish the runbooks' sections 1-4", Owner.ENGINEER)])
        first = alice.checkins.get(week=1)
        services.checkin_confirm(checkin=first, by=people["alice"], confidence=2,
                                 notes="I would like one more look at the dashboards before shadowing.")
        carried = selectors.carried_actions(alice, 2)
        services.checkin_record(
            enrollment=alice, week=2, by=mentor, held_at=day + datetime.timedelta(days=13), mentor_confidence=4,
            notes="Dashboards covered. The incident guide is read; the runbooks still need an evening.",
            carried_done={a.pk for a in carried if a.owner == Owner.MENTOR},
            actions=[("Shadow an evening shift with Hugo", Owner.ENGINEER)])
    carol = active.filter(engineer=people["carol"]).first()
    if carol is not None and carol.start_date == timezone.localtime(carol.created_at).date():  # not dated back yet
        _started(carol, 20)  # week 1 ended 13 days ago and nobody met: overdue on the team page and in the digest
