"""Emails about training work, through Django's email API (console backend by default).
Called with ``transaction.on_commit`` so nothing is sent for a change that rolled back."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from training.teams.models import person_name


def _send(subject, body, recipients):
    to = sorted({user.email for user in recipients if user is not None and user.email})
    if to:
        send_mail(f"[Shiftready] {subject}", body, settings.DEFAULT_FROM_EMAIL, to)


def _link(name, **kwargs):
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def exercise_log_submitted(log):
    enrollment = log.progress.enrollment
    _send(
        f"{person_name(enrollment.engineer)} submitted “{log.progress.step.title}”",
        f"{person_name(enrollment.engineer)} submitted an exercise log for “{log.progress.step.title}”.\n\n"
        f"Verify it or return it with a comment: {_link('training:queue')}\n",
        [enrollment.mentor, enrollment.manager],
    )


def exercise_log_decided(log):
    enrollment = log.progress.enrollment
    verb = "verified" if log.state == "verified" else "returned"
    comment = f"\nComment from {person_name(log.decided_by)}:\n{log.comment}\n" if log.comment else ""
    _send(
        f"Your exercise “{log.progress.step.title}” was {verb}",
        f"{person_name(log.decided_by)} {verb} your exercise log for “{log.progress.step.title}”.\n{comment}\n"
        f"Your training: {_link('training:enrollment_detail', pk=enrollment.pk)}\n",
        [enrollment.engineer],
    )


def shadow_shift_logged(shift):
    enrollment = shift.progress.enrollment
    _send(
        f"Confirm a shadow shift with {person_name(enrollment.engineer)}",
        f"{person_name(enrollment.engineer)} logged {shift.hours} h of shadowing with you on {shift.date:%d %b %Y}.\n\n"
        f"Confirm or dispute it: {_link('training:queue')}\n",
        [shift.host],
    )


def shadow_shift_decided(shift):
    enrollment = shift.progress.enrollment
    _send(
        f"Your shadow shift of {shift.date:%d %b %Y} was {shift.get_state_display().lower()}",
        f"{person_name(shift.host)} {shift.get_state_display().lower()} your shadow shift of {shift.date:%d %b %Y}.\n"
        + (f"\nComment: {shift.comment}\n" if shift.comment else "")
        + f"\nYour training: {_link('training:enrollment_detail', pk=enrollment.pk)}\n",
        [enrollment.engineer],
    )


def enrollment_signed_off(enrollment):
    _send(
        f"You are signed off as ready for on-call ({enrollment.track.name})",
        f"Congratulations, {person_name(enrollment.engineer)}: your manager signed you off as ready for on-call "
        f"on {enrollment.track.name}.\n\nYour record: {_link('training:enrollment_detail', pk=enrollment.pk)}\n",
        [enrollment.engineer, enrollment.mentor],
    )
