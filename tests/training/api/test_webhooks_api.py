"""Webhook subscriptions through the API (scope ``webhooks``): the training admin's services,
with their refusals."""

import pytest

from tests.training.api.test_api import api, command_token, get, post
from training.webhooks.models import WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_token(training_admin):
    return command_token("--name", "hooks", "--scopes", "read,webhooks", "--user", training_admin.username)


def test_a_training_admins_token_subscribes_pings_rotates_and_deletes(admin_token, settings, team):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    response = post(admin_token, "webhooks/", {"url": "http://127.0.0.1:9/hooks", "events": ["engineer.ready"],
                                               "team": team.slug, "description": "rota sync"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["secret"].startswith("whsec_") and body["team"] == team.slug and body["events"] == ["engineer.ready"]
    subscription = WebhookSubscription.objects.get(pk=body["id"])
    assert subscription.secret == body["secret"]
    listed = get(admin_token, "webhooks/").json()["results"]
    assert [row["id"] for row in listed] == [subscription.pk] and "secret" not in listed[0]

    ping = post(admin_token, f"webhooks/{subscription.pk}/ping/", {})
    assert ping.status_code == 202
    assert WebhookDelivery.objects.get(pk=ping.json()["delivery"]).event.type == "ping"

    rotated = post(admin_token, f"webhooks/{subscription.pk}/rotate-secret/", {"overlap_hours": 2})
    subscription.refresh_from_db()
    assert rotated.json()["secret"] == subscription.secret != body["secret"]
    assert subscription.previous_secret == body["secret"]
    assert post(admin_token, f"webhooks/{subscription.pk}/rotate-secret/", {"overlap_hours": -1}).status_code == 400

    assert api(admin_token).delete(f"/api/v1/webhooks/{subscription.pk}/").status_code == 204
    assert not WebhookSubscription.objects.exists()


def test_the_webhook_rules_refuse_through_the_api(admin_token, manager, team, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    private = post(admin_token, "webhooks/", {"url": "http://127.0.0.1:9/hooks", "events": ["all"]})
    assert private.status_code == 409 and "127.0.0.1" in private.json()["error"]["message"]
    unknown = post(admin_token, "webhooks/", {"url": "http://127.0.0.1:9/", "events": ["pager.exploded"]})
    assert unknown.status_code == 400 and "events" in unknown.json()["error"]["fields"]
    managers = command_token("--name", "mgr-hooks", "--scopes", "webhooks", "--user", manager.username)
    refused = post(managers, "webhooks/", {"url": "https://hooks.example.com/x", "events": ["all"]})
    assert refused.json()["error"]["message"] == "Only a training admin can manage webhooks."
    reader = command_token("--name", "reader", "--user", manager.username)
    assert get(reader, "webhooks/").status_code == 403
    assert not WebhookSubscription.objects.exists()
