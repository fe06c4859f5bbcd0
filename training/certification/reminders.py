"""Reminders: every item that holds today (certifications due or expired, overdue training, logs
and shifts waiting, documents to re-read, weekly check-ins and team assignments overdue), emailed
once a day to each person, managers as a digest."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from training import access
from training.assignments.selectors import overdue_with_members
from training.checkins.selectors import checkins_overdue
from training.teams.models import Team, person_name
from training.workflow.models import Enrollment, EnrollmentStatus, ExerciseLog, ReviewState, ShadowShift, ShiftState

from .models import ReminderLog, ReReadItem
from .states import CertState, certifications


@dataclass
class Reminder:
    recipient: object
    key: str
    text: str


# Sent by ``collect_reminders`` with ``today``: a receiver in a package above certification (the
# first on-call shifts' countdown, ``training.rota``) returns its own list of ``Reminder``.
reminders_wanted = Signal()


def collect_reminders(*, today=None):
    """Every reminder that holds today, one per (recipient, item)."""
    today = today or timezone.localdate()
    reminders = []
    engineers = list(get_user_model().objects.filter(
        Q(certificates__isnull=False) | Q(enrollments__status=EnrollmentStatus.ACTIVE)).distinct())
    managers_of = defaultdict(set)
    for team in Team.objects.prefetch_related("members", "managers"):
        for member in team.members.all():
            managers_of[member.pk].update(team.managers.all())
    for cert in certifications(engineers, today=today).values():
        who = person_name(cert.engineer)
        if cert.state in (CertState.DUE, CertState.EXPIRED) and cert.certificate is not None:
            what = "expired" if cert.state == CertState.EXPIRED else "is due for recertification"
            why = "; ".join(cert.reasons)
            key = f"cert-{cert.certificate.pk}-{cert.state}"
            reminders.append(Reminder(cert.engineer, key, f"Your {cert.certificate.track.name} certification {what} "
                                                          f"({why})."))
            for manager in managers_of[cert.engineer.pk]:
                reminders.append(Reminder(manager, key, f"{who}: {cert.certificate.track.name} certification {what} "
                                                        f"({why})."))
    overdue = Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE, target_date__lt=today).select_related(
        "engineer", "manager", "track")
    for enrollment in overdue:
        who = person_name(enrollment.engineer)
        key = f"overdue-{enrollment.pk}"
        text = (f"{enrollment.track.name}: the target date {enrollment.target_date:%d %b %Y} has passed with "
                f"{enrollment.steps_total - enrollment.steps_done} required steps open")
        reminders.append(Reminder(enrollment.engineer, key, f"Your training is overdue. {text}."))
        reminders.append(Reminder(enrollment.manager, key, f"{who} is overdue. {text}."))
    for overdue in checkins_overdue(Enrollment.objects.all(), today=today):
        enrollment = overdue.enrollment
        text = (f"{person_name(enrollment.engineer)}: the week {overdue.week} check-in ({enrollment.track.name}) was "
                f"due on {overdue.due:%d %b %Y} and is not recorded"
                + (f" ({overdue.weeks - 1} later week(s) overdue too)." if overdue.weeks > 1 else "."))
        for person in {p for p in (enrollment.mentor, enrollment.manager) if p is not None}:
            reminders.append(Reminder(person, f"checkin-{enrollment.pk}-{overdue.week}", text))
    pending_logs = ExerciseLog.objects.filter(state=ReviewState.SUBMITTED).select_related(
        "progress__enrollment__mentor", "progress__enrollment__manager", "progress__enrollment__engineer",
        "progress__step")
    for log in pending_logs:
        enrollment = log.progress.enrollment
        who = person_name(enrollment.engineer)
        for person in {p for p in (enrollment.mentor, enrollment.manager) if p is not None}:
            reminders.append(Reminder(person, f"log-{log.pk}",
                                      f"Exercise log “{log.progress.step.title}” from {who} is waiting for you."))
    for shift in ShadowShift.objects.filter(state=ShiftState.PENDING).select_related(
            "host", "progress__enrollment__engineer"):
        who = person_name(shift.progress.enrollment.engineer)
        reminders.append(Reminder(shift.host, f"shift-{shift.pk}",
                                  f"Confirm the shadow shift of {shift.date:%d %b %Y} with {who}."))
    for item in ReReadItem.objects.filter(done_at__isnull=True).select_related("engineer"):
        reminders.append(Reminder(item.engineer, f"reread-{item.pk}",
                                  f"Re-read {item.document_title} (version {item.version})."))
    for assignment, late in overdue_with_members(today=today):
        what = f"“{assignment.title}” ({assignment.get_reason_display().lower()}, due on {assignment.due_on:%d %b %Y})"
        key = f"assignment-{assignment.pk}"
        for person in late:
            reminders.append(Reminder(person, key, f"Your team's {assignment.kind} {what} is overdue."))
        names = ", ".join(person_name(p) for p in late)
        for manager in assignment.team.managers.all():
            reminders.append(Reminder(manager, key, f"{assignment.team.name}: {len(late)} member(s) have not done "
                                                    f"{what}: {names}."))
    for _receiver, more in reminders_wanted.send(sender=Reminder, today=today):
        reminders += more
    return reminders


def send_reminders(*, today=None):
    """Email each person their new reminders of the day, one email each (managers get their
    team's items as one digest). An item is sent at most once a day: running twice sends nothing
    new. Returns the number of emails sent."""
    today = today or timezone.localdate()
    by_recipient = defaultdict(dict)
    for reminder in collect_reminders(today=today):
        by_recipient[reminder.recipient][reminder.key] = reminder
    sent = 0
    for recipient, items in by_recipient.items():
        already = set(ReminderLog.objects.filter(recipient=recipient, sent_on=today, key__in=items)
                      .values_list("key", flat=True))
        new = [items[key] for key in sorted(items) if key not in already]
        if not new or not recipient.email:
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.bulk_create(
                    [ReminderLog(recipient=recipient, key=r.key, sent_on=today) for r in new])
        except IntegrityError:
            continue  # another run is sending the same reminders right now
        is_digest = access.is_manager(recipient)
        subject = (f"Your team's training digest: {len(new)} item{'s' if len(new) > 1 else ''}" if is_digest
                   else f"{len(new)} training reminder{'s' if len(new) > 1 else ''}")
        body = "\n".join(f"- {r.text}" for r in new)
        link = settings.SITE_URL + reverse("home")
        send_mail(f"[Shiftready] {subject}", f"{body}\n\nOpen Shiftready: {link}\n", settings.DEFAULT_FROM_EMAIL,
                  [recipient.email])
        sent += 1
    return sent
