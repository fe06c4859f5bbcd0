"""A grant and a revocation are announced to the webhooks that want them (a real receiver on
127.0.0.1 checks each signature); a level is never an eligibility change."""

import pytest

from training.levels import services

from .conftest import week_1_done

pytestmark = pytest.mark.django_db


def test_a_grant_and_a_revocation_are_announced(org, receiver, subscribe, django_capture_on_commit_callbacks):
    week_1_done(org)
    subscribe()
    with django_capture_on_commit_callbacks(execute=True):
        services.level_grant(enrollment=org.enrollment, level="Support rota", by=org.manager, comment="Good week")
        services.level_revoke(enrollment=org.enrollment, level="Support rota", by=org.manager, reason="Too early")
    assert receiver.types() == ["level.granted", "level.revoked"]  # and no eligibility.changed
    assert all(r.verified for r in receiver.requests)
    granted, revoked = (r.json["data"] for r in receiver.requests)
    assert granted["person"]["username"] == org.engineer.username
    assert granted["teams"] == [{"slug": org.team.slug, "name": org.team.name}]
    assert granted["track"] == {"slug": "levels", "name": "Levels track", "version": 1}
    assert (granted["level"], granted["stage"], granted["comment"]) == ("Support rota", "Week 1: Foundations",
                                                                        "Good week")
    assert granted["by"]["username"] == org.manager.username
    assert (revoked["level"], revoked["comment"]) == ("Support rota", "Too early")


def test_a_chat_channel_gets_a_sentence_that_says_it_is_not_on_call_yet(org, receiver, subscribe,
                                                                       django_capture_on_commit_callbacks):
    week_1_done(org)
    subscribe(events=["level.granted"], kind="slack")
    with django_capture_on_commit_callbacks(execute=True):
        services.level_grant(enrollment=org.enrollment, level="Support rota", by=org.manager)
    [request] = receiver.requests
    assert request.json["text"] == (f"{org.engineer.get_full_name()} reached the readiness level “Support rota” on "
                                    f"Levels track ({org.team.name}), granted by {org.manager.get_full_name()}. "
                                    "Not yet ready for on-call.")
