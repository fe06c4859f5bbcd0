"""Who may carry the pager: a person is **eligible** for on-call when their account is active and
they hold a certificate that is valid (signed off, not expired, not revoked) and not lapsed for
drift: the track's currency rule (a confirmed on-call shift within ``currency_months``) holds, the
last team assessment due was done when the track asks for it (``team_assessment: required``), and
no re-read of a changed required document is overdue (``REREAD_GRACE_DAYS``).

``eligibility_sync`` writes each change of a team's answer to ``EligibilityChange`` (the API's
"lost lately" list) and announces it (``signals.eligibility_changed``): the final sign-off, a
revocation, a deactivation and a change of a team's members call it at once; the daily run calls
it for what time alone changes (expiry, drift).

``HostPolicy`` answers the workflow's question of who may host an engineer's shadow shifts."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from training.teams.models import Team

from . import signals
from .models import EligibilityChange, ReReadItem
from .states import CertState, certifications, currency_lapsed, currency_reason

GAINED = "signed off and certified"
LEFT_TEAM = "no longer a member of the team"


@dataclass
class Eligibility:
    engineer: object
    eligible: bool
    reason: str = ""  # why not, when not eligible
    certifications: list = field(default_factory=list)  # the valid, current ones when eligible

    @property
    def certificate(self):
        """The certificate that makes the person eligible (the one that lasts longest)."""
        if not self.certifications:
            return None
        return max((c.certificate for c in self.certifications),
                   key=lambda c: (c.expires_on or datetime.date.max, c.issued_on, c.pk))


def _overdue_rereads(engineer_ids, now):
    """``{(engineer id, track slug): reason}`` for re-reads asked more than the grace period ago."""
    cutoff = now - datetime.timedelta(days=settings.REREAD_GRACE_DAYS)
    overdue = {}
    for item in ReReadItem.objects.filter(engineer_id__in=engineer_ids, done_at__isnull=True, created_at__lt=cutoff
                                          ).select_related("certificate__track").order_by("created_at"):
        overdue.setdefault((item.engineer_id, item.certificate.track.slug),
                           f"has not re-read {item.document_title} v{item.version} "
                           f"(asked on {timezone.localtime(item.created_at):%d %b %Y})")
    return overdue


def _reason_not(engineer, touched, lapses):
    if not engineer.is_active:
        return "account deactivated"
    if lapses:
        return f"lapsed: {lapses[0]}"
    held = [c for c in touched if c.certificate is not None]
    if held:
        latest = max(held, key=lambda c: (c.certificate.issued_on, c.certificate.pk))
        certificate = latest.certificate
        if latest.state == CertState.REVOKED:
            return f"certificate {certificate.display_code} revoked: {certificate.revocation_reason}"
        if latest.state == CertState.EXPIRED:
            return f"certificate {certificate.display_code} expired on {certificate.expires_on:%d %b %Y}"
    if any(c.state == CertState.IN_TRAINING for c in touched):
        return "in training"
    return "not signed off"


def eligibility(engineers, *, today=None, now=None, track_slug=None):
    """``{engineer id: Eligibility}`` for ``engineers`` (a list of users), in a fixed number of
    queries; ``track_slug`` counts only that track's certificates."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    engineers = list(engineers)
    if not engineers:
        return {}
    by_engineer = {}
    for (engineer_id, slug), certification in certifications(engineers, today=today).items():
        if track_slug is None or slug == track_slug:
            by_engineer.setdefault(engineer_id, []).append(certification)
    overdue = _overdue_rereads([e.pk for e in engineers], now)
    result = {}
    for engineer in engineers:
        touched = by_engineer.get(engineer.pk, [])
        valid, lapses = [], []
        for c in touched:
            if c.state not in (CertState.CERTIFIED, CertState.DUE):
                continue
            lapse = overdue.get((engineer.pk, c.track_slug))
            if currency_lapsed(c.certificate, c.track, last_shift=c.last_shift, today=today):
                lapse = currency_reason(c.track)
            elif c.missed_assessment:
                lapse = c.missed_assessment
            if lapse:
                lapses.append(lapse)
            else:
                valid.append(c)
        if engineer.is_active and valid:
            result[engineer.pk] = Eligibility(engineer, True, certifications=valid)
        else:
            result[engineer.pk] = Eligibility(engineer, False, reason=_reason_not(engineer, touched, lapses))
    return result


class HostPolicy:
    """Tells the workflow who may host an engineer's shadow shifts (``settings.SHADOW_HOST_POLICY``;
    the workflow sits below certification and cannot ask ``eligibility`` itself): the active
    members of the engineer's teams who are eligible for on-call now, and the people those teams
    list as shadow hosts. Never the engineer. A fixed number of queries."""

    @staticmethod
    def allowed_hosts(enrollment):
        User = get_user_model()
        teams = Team.objects.filter(members=enrollment.engineer_id)
        teammates = User.objects.filter(teams__in=teams, is_active=True).exclude(pk=enrollment.engineer_id).distinct()
        eligible = {pk for pk, answer in eligibility(teammates).items() if answer.eligible}
        listed = User.objects.filter(host_of_teams__in=teams).values("pk")
        return User.objects.filter(Q(pk__in=eligible) | Q(pk__in=listed), is_active=True).exclude(
            pk=enrollment.engineer_id)


def team_members(team):
    return list(team.members.order_by("last_name", "first_name", "username"))


def _last_states(team_ids, engineer_ids=None):
    """``{(team id, engineer id): the latest EligibilityChange}``, in two queries."""
    latest = EligibilityChange.objects.filter(team_id__in=team_ids)
    if engineer_ids is not None:
        latest = latest.filter(engineer_id__in=engineer_ids)
    last_pks = latest.order_by().values("team_id", "engineer_id").annotate(last=Max("pk")).values("last")
    return {(c.team_id, c.engineer_id): c for c in EligibilityChange.objects.filter(pk__in=last_pks)
            .select_related("engineer", "certificate")}


@dataclass
class Change:
    team: object
    engineer: object
    eligible: bool
    reason: str
    certificate: object = None
    at: datetime.datetime | None = None


def pending_changes(teams, *, engineers=None, today=None, now=None):
    """What the record of ``teams`` (optionally only for ``engineers``) is missing: a member who is
    eligible and was not recorded so, or a person recorded eligible who no longer is (or left)."""
    now = now or timezone.now()
    teams = list(teams)
    User = get_user_model()
    membership = Team.members.through.objects.filter(team__in=teams)
    if engineers is not None:
        membership = membership.filter(user__in=engineers)
    members = {}
    for team_id, user_id in membership.values_list("team_id", "user_id"):
        members.setdefault(team_id, set()).add(user_id)
    engineer_ids = [e.pk for e in engineers] if engineers is not None else None
    last = _last_states([t.pk for t in teams], engineer_ids=engineer_ids)
    people_ids = set().union(*members.values(), {engineer_id for _team, engineer_id in last})
    people = User.objects.filter(pk__in=people_ids)
    answers = eligibility(people, today=today, now=now)
    changes = []
    for team in teams:
        team_members = members.get(team.pk, set())
        for engineer_id in sorted(team_members | {e for t, e in last if t == team.pk}):
            answer = answers[engineer_id]
            was = last.get((team.pk, engineer_id))
            was_eligible = was is not None and was.eligible
            is_eligible = answer.eligible and engineer_id in team_members
            if is_eligible and not was_eligible:
                changes.append(Change(team, answer.engineer, True, GAINED, answer.certificate, at=now))
            elif was_eligible and not is_eligible:
                reason = answer.reason if engineer_id in team_members else LEFT_TEAM
                changes.append(Change(team, answer.engineer, False, reason, was.certificate, at=now))
    return changes


@transaction.atomic
def eligibility_sync(*, teams=None, engineers=None, now=None):
    """Record and announce what changed for ``teams`` (default: every team, or the teams of
    ``engineers``). Returns the new ``EligibilityChange`` rows."""
    now = now or timezone.now()
    if teams is None:
        teams = Team.objects.all()
        if engineers is not None:
            ids = [e.pk for e in engineers]
            teams = Team.objects.filter(pk__in=set(
                Team.members.through.objects.filter(user_id__in=ids).values_list("team_id", flat=True))
                | set(EligibilityChange.objects.filter(engineer_id__in=ids).values_list("team_id", flat=True)))
    changes = pending_changes(teams, engineers=engineers, now=now)
    rows = EligibilityChange.objects.bulk_create([
        EligibilityChange(team=c.team, engineer=c.engineer, eligible=c.eligible, reason=c.reason[:300],
                          certificate=c.certificate, at=now) for c in changes
    ])
    if rows:
        signals.eligibility_changed.send(sender=EligibilityChange, changes=rows)
    return rows


def lost_recently(team, *, days=30, now=None):
    """People of ``team`` who lost eligibility in the last ``days`` and have not got it back: the
    record, plus what the record has not caught up with yet (the daily run notices expiry)."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=days)
    lost = [Change(team, c.engineer, False, c.reason, c.certificate, at=c.at)
            for c in _last_states([team.pk]).values() if not c.eligible and c.at >= since]
    lost += [c for c in pending_changes([team], now=now) if not c.eligible]
    return sorted(lost, key=lambda c: c.at, reverse=True)
