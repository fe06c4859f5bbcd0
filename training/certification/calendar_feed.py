"""A person's dates as an iCalendar feed behind a secret token: target dates, recertification
windows and expiries."""

import datetime
import secrets

import icalendar
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from training.workflow.models import Enrollment, EnrollmentStatus

from .models import CalendarFeed
from .states import certifications


def calendar_feed_for(user, *, renew=False):
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None or renew:
        token = secrets.token_urlsafe(32)
        if feed is None:
            feed = CalendarFeed.objects.create(user=user, token=token)
        else:
            feed.token = token
            feed.save(update_fields=["token"])
    return feed


def calendar_ics(user, *, today=None):
    """The person's dates as iCalendar: target dates of their enrollments (and of the engineers
    they manage), due windows and expiries of certificates."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Shiftready//Training calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Shiftready")
    managed = Enrollment.objects.managed_by(user).filter(status=EnrollmentStatus.ACTIVE)
    enrollments = (Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE, target_date__isnull=False)
                   .filter(Q(engineer=user) | Q(pk__in=managed.values("pk"))).select_related("engineer", "track"))
    stamp = timezone.now()

    def event(uid, day, summary, description=""):
        item = icalendar.Event()
        item.add("uid", f"{uid}@shiftready")
        item.add("dtstamp", stamp)
        item.add("dtstart", day)
        item.add("dtend", day + datetime.timedelta(days=1))
        item.add("summary", summary)
        if description:
            item.add("description", description)
        cal.add_component(item)

    for enrollment in enrollments:
        who = "" if enrollment.engineer_id == user.pk else f"{enrollment.engineer.get_full_name()}: "
        event(f"target-{enrollment.pk}", enrollment.target_date, f"{who}{enrollment.track.name} target date")
    engineers = [user] + list(get_user_model().objects.filter(teams__managers=user).distinct())
    for cert in certifications(engineers, today=today).values():
        certificate = cert.certificate
        if certificate is None or certificate.expires_on is None or certificate.revoked_at:
            continue
        who = "" if cert.engineer.pk == user.pk else f"{cert.engineer.get_full_name()}: "
        event(f"expiry-{certificate.pk}", certificate.expires_on, f"{who}{certificate.track.name} certificate expires")
        if cert.due_on:
            event(f"due-{certificate.pk}", cert.due_on, f"{who}{certificate.track.name} recertification due")
    return cal.to_ical()
