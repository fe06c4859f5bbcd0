"""What each event says (README "Webhooks": the ``data`` of every event type), built from the
training records, and the sentence a chat channel shows for it."""

from django.utils import timezone

from training.certification.certificates import verification_url
from training.certification.credential import credential_url
from training.teams.models import person_name


def person(user):
    if user is None:
        return None
    return {"username": user.get_username(), "name": person_name(user), "email": user.email}


def team(team):
    return {"slug": team.slug, "name": team.name}


def track(track, version=None):
    return {"slug": track.slug, "name": track.name, "version": version or track.version}


def certificate(cert, today=None):
    return {
        "code": cert.display_code,
        "issued_on": cert.issued_on.isoformat(),
        "expires_on": cert.expires_on.isoformat() if cert.expires_on else None,
        "state": cert.state_on(today or timezone.localdate()),
        "verify_url": verification_url(cert.code),
        "credential_url": credential_url(cert),
    }


def about_certificate(cert, teams, today=None, **extra):
    return {"person": person(cert.engineer), "teams": [team(t) for t in teams],
            "track": track(cert.track, cert.track_version), "certificate": certificate(cert, today), **extra}


def enrollment_created(enrollment, teams, by):
    return {
        "enrollment": {"id": enrollment.pk, "start_date": enrollment.start_date.isoformat(),
                       "target_date": enrollment.target_date.isoformat() if enrollment.target_date else None},
        "person": person(enrollment.engineer), "teams": [team(t) for t in teams],
        "track": track(enrollment.track), "manager": person(enrollment.manager), "mentor": person(enrollment.mentor),
        "by": person(by),
    }


def engineer_ready(enrollment, teams, by):
    return {
        "enrollment": {"id": enrollment.pk},
        "person": person(enrollment.engineer), "teams": [team(t) for t in teams], "track": track(enrollment.track),
        "signed_off_by": person(by),
        "signed_off_at": enrollment.ready_at.isoformat() if enrollment.ready_at else None,
    }


def level_decided(signoff, teams):
    """``level.granted`` and ``level.revoked``: the level, its stage and the decision."""
    enrollment = signoff.enrollment
    return {
        "enrollment": {"id": enrollment.pk},
        "person": person(enrollment.engineer), "teams": [team(t) for t in teams], "track": track(enrollment.track),
        "level": signoff.level, "stage": signoff.stage.title, "by": person(signoff.by), "comment": signoff.comment,
        "at": signoff.at.isoformat(),
    }


def eligibility_changed(change):
    return {
        "person": person(change.engineer), "team": team(change.team), "eligible": change.eligible,
        "reason": change.reason, "at": change.at.isoformat(),
        "certificate": certificate(change.certificate) if change.certificate else None,
    }


# --- Chat messages (Slack and Teams) -------------------------------------------------------------


def _teams(data):
    names = [t["name"] for t in data.get("teams", [])]
    return " and ".join(names) if names else "no team"


def _cert(data):
    return f"{data['track']['name']} certificate {data['certificate']['code']}"


def _expires(data):
    day = data["certificate"]["expires_on"]
    return f"valid until {day}" if day else "with no expiry"


def sentence(event_type, data):
    """One readable sentence about an event, for a chat channel."""
    who = data.get("person", {}).get("name", "")
    if event_type == "enrollment.created":
        return f"{who} was enrolled on {data['track']['name']} ({_teams(data)}) by {data['by']['name']}."
    if event_type == "engineer.ready":
        return (f"{who} is ready for on-call on {_teams(data)} ({data['track']['name']}), signed off by "
                f"{data['signed_off_by']['name']}.")
    if event_type == "certificate.issued":
        return f"{who} received the {_cert(data)}, {_expires(data)}. Verify: {data['certificate']['verify_url']}"
    if event_type == "certificate.revoked":
        return f"The {_cert(data)} of {who} was revoked by {data['revoked_by']['name']}: {data['reason']}"
    if event_type == "certificate.expiring":
        days = data["days_left"]
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        return f"The {_cert(data)} of {who} ({_teams(data)}) expires {when}, on {data['certificate']['expires_on']}."
    if event_type == "certificate.expired":
        return f"The {_cert(data)} of {who} ({_teams(data)}) expired on {data['certificate']['expires_on']}."
    if event_type == "level.granted":
        return (f"{who} reached the readiness level “{data['level']}” on {data['track']['name']} ({_teams(data)}), "
                f"granted by {data['by']['name']}. Not yet ready for on-call.")
    if event_type == "level.revoked":
        return (f"The readiness level “{data['level']}” of {who} ({data['track']['name']}) was revoked by "
                f"{data['by']['name']}: {data['comment']}")
    if event_type == "eligibility.changed":
        if data["eligible"]:
            return f"{who} may now carry the pager on {data['team']['name']} ({data['reason']})."
        return f"{who} may no longer carry the pager on {data['team']['name']}: {data['reason']}."
    if event_type == "ping":
        return "Test event from Shiftready: this channel will receive its notifications."
    return f"Shiftready: {event_type}."


def chat_body(kind, event_type, data):
    """The JSON a Slack or Teams incoming webhook takes."""
    text = sentence(event_type, data)
    if kind == "teams":
        return {"@type": "MessageCard", "@context": "https://schema.org/extensions", "summary": text[:80],
                "themeColor": "0d6efd", "title": f"Shiftready: {event_type}", "text": text}
    return {"text": text}
