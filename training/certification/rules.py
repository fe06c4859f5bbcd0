"""The rules of recertification, as pure functions of dates: when a certificate expires, when
its recertification falls due and when its next review is.

Totara's certifications are the model: a validity period, a window before expiry in which the
certification is due, a rule for the next expiry on renewal and a shorter refresh track.
"""

import calendar
import datetime

from training.teams.models import ReviewCadence
from training.tracks.models import RenewalBasis

CADENCE_MONTHS = {ReviewCadence.MONTHLY: 1, ReviewCadence.QUARTERLY: 3, ReviewCadence.ANNUAL: 12}


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _on(year, month, day):
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def next_expiry(track, *, completed_on, previous_expiry=None):
    """The expiry of a certificate earned on ``completed_on``, by the track's renewal rule.

    - completion: ``validity_months`` after completion;
    - previous expiry: ``validity_months`` after the previous expiry (if the previous one has not
      lapsed yet, so renewing early loses nothing), else from completion;
    - fixed date: the next occurrence of the track's fixed date;
    and never sooner than ``min_active_days`` after completion (a year later if need be).
    """
    if not track.validity_months:
        return None
    if track.renewal_basis == RenewalBasis.FIXED_DATE and track.renewal_month and track.renewal_day:
        expiry = _on(completed_on.year, track.renewal_month, track.renewal_day)
        while expiry <= completed_on:
            expiry = _on(expiry.year + 1, track.renewal_month, track.renewal_day)
        step = 12
    elif track.renewal_basis == RenewalBasis.PREVIOUS_EXPIRY and previous_expiry and previous_expiry >= completed_on:
        expiry = add_months(previous_expiry, track.validity_months)
        step = track.validity_months
    else:
        expiry = add_months(completed_on, track.validity_months)
        step = track.validity_months
    minimum = completed_on + datetime.timedelta(days=track.min_active_days)
    while expiry < minimum:
        expiry = add_months(expiry, step)
    return expiry


def due_on(certificate, track):
    if certificate.expires_on is None:
        return None
    return certificate.expires_on - datetime.timedelta(days=track.recert_window_days)


def review_due_on(certificate, track, team_cadence, last_review):
    cadence = track.review_cadence if track.review_cadence != ReviewCadence.NONE else team_cadence
    months = CADENCE_MONTHS.get(cadence)
    if not months:
        return None
    return add_months(last_review or certificate.issued_on, months)
