"""Where events come from: the signals of the workflow and of certification (each inside the
transaction of its change; deliveries are queued when it commits), and the daily scan for
certificates about to expire or expired (``training.site.daily``). Nothing is built when no
subscription wants the event."""

import datetime

from django.dispatch import receiver
from django.utils import timezone

from training.certification.models import Certificate
from training.certification.signals import certificate_issued, certificate_revoked, eligibility_changed
from training.levels.signals import level_granted, level_revoked
from training.workflow.signals import enrollment_created, enrollment_signed_off

from . import events, services

EXPIRING_DAYS = (1, 7, 30)  # certificate.expiring, once each, this many days before expiry (or fewer)
EXPIRED_LOOKBACK_DAYS = 30  # certificate.expired for expiries this recent (a new webhook gets no old news)


def _teams(user):
    return list(user.teams.all())


@receiver(enrollment_created, dispatch_uid="webhooks-enrollment-created")
def on_enrollment_created(sender, enrollment, by, **kwargs):
    if services.listening("enrollment.created"):
        teams = _teams(enrollment.engineer)
        services.event_publish("enrollment.created", events.enrollment_created(enrollment, teams, by), team=teams)


@receiver(enrollment_signed_off, dispatch_uid="webhooks-engineer-ready")
def on_signed_off(sender, enrollment, by, **kwargs):
    if services.listening("engineer.ready"):
        teams = _teams(enrollment.engineer)
        services.event_publish("engineer.ready", events.engineer_ready(enrollment, teams, by), team=teams)


@receiver(certificate_issued, dispatch_uid="webhooks-certificate-issued")
def on_certificate_issued(sender, certificate, **kwargs):
    if services.listening("certificate.issued"):
        teams = _teams(certificate.engineer)
        data = events.about_certificate(certificate, teams, signer=events.person(certificate.signer))
        services.event_publish("certificate.issued", data, team=teams)


@receiver(certificate_revoked, dispatch_uid="webhooks-certificate-revoked")
def on_certificate_revoked(sender, certificate, by, **kwargs):
    if services.listening("certificate.revoked"):
        teams = _teams(certificate.engineer)
        data = events.about_certificate(certificate, teams, revoked_by=events.person(by),
                                        reason=certificate.revocation_reason)
        services.event_publish("certificate.revoked", data, team=teams)


def _level_decided(event_type, signoff):
    if services.listening(event_type):
        teams = _teams(signoff.enrollment.engineer)
        services.event_publish(event_type, events.level_decided(signoff, teams), team=teams)


@receiver(level_granted, dispatch_uid="webhooks-level-granted")
def on_level_granted(sender, signoff, **kwargs):
    _level_decided("level.granted", signoff)


@receiver(level_revoked, dispatch_uid="webhooks-level-revoked")
def on_level_revoked(sender, signoff, **kwargs):
    _level_decided("level.revoked", signoff)


@receiver(eligibility_changed, dispatch_uid="webhooks-eligibility-changed")
def on_eligibility_changed(sender, changes, **kwargs):
    if services.listening("eligibility.changed"):
        for change in changes:
            services.event_publish("eligibility.changed", events.eligibility_changed(change), team=change.team)


def expiry_events_publish(today=None):
    """The daily scan: ``certificate.expiring`` 30, 7 and 1 days before a certificate expires and
    ``certificate.expired`` after, once each (the event key), for the latest certificate of each
    person and track when it is not revoked. Returns the number of events published."""
    today = today or timezone.localdate()
    if not (services.listening("certificate.expiring") or services.listening("certificate.expired")):
        return 0
    window = Certificate.objects.filter(
        revoked_at__isnull=True, engineer__is_active=True,
        expires_on__gte=today - datetime.timedelta(days=EXPIRED_LOOKBACK_DAYS),
        expires_on__lte=today + datetime.timedelta(days=max(EXPIRING_DAYS)),
    ).select_related("engineer", "track", "signer").prefetch_related("engineer__teams")
    window = list(window)
    latest = {}
    for pk, engineer_id, slug in Certificate.objects.filter(engineer_id__in={c.engineer_id for c in window}).order_by(
            "issued_on", "pk").values_list("pk", "engineer_id", "track__slug"):
        latest[(engineer_id, slug)] = pk
    published = 0
    for cert in window:
        if latest[(cert.engineer_id, cert.track.slug)] != cert.pk:
            continue  # renewed: the new certificate is the one that counts
        teams = list(cert.engineer.teams.all())
        days_left = (cert.expires_on - today).days
        if days_left < 0:
            event_type, key, extra = "certificate.expired", f"certificate.expired:{cert.code}", {}
        else:
            threshold = next(days for days in EXPIRING_DAYS if days_left <= days)
            event_type, key = "certificate.expiring", f"certificate.expiring:{cert.code}:{threshold}"
            extra = {"days_left": days_left}
        data = events.about_certificate(cert, teams, today=today, **extra)
        published += services.event_publish(event_type, data, team=teams, key=key) is not None
    return published
