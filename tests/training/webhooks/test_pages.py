"""The training admin's webhook pages: the list, a new webhook with its secret shown once, the
delivery log with "Send again", a test event, rotation, enabling, deleting; nobody else may open
them; each page runs the same queries however many webhooks and deliveries there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from training.audit.models import AuditEvent
from training.webhooks import services
from training.webhooks.models import DeliveryState, WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db

PUBLIC = "https://93.184.215.14/hooks"  # a public address literal: checked, never called here


@pytest.fixture
def admin_client(client, training_admin):
    client.force_login(training_admin)
    return client


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


class TestAccess:
    @pytest.mark.parametrize("who", ["engineer", "manager"])
    def test_only_training_admins_see_or_change_webhooks(self, client, team, who, request, training_admin):
        subscription, _ = services.subscription_create(url=PUBLIC, events="all", by=training_admin)
        client.force_login(request.getfixturevalue(who))
        for name in ("webhook_list", "webhook_create"):
            assert client.get(reverse(f"training:{name}")).status_code == 403
        assert client.get(reverse("training:webhook_detail", args=[subscription.pk])).status_code == 403
        for name in ("webhook_ping", "webhook_rotate", "webhook_enable", "webhook_delete"):
            assert client.post(reverse(f"training:{name}", args=[subscription.pk])).status_code == 403
        assert client.post(reverse("training:webhook_create"), {"url": PUBLIC, "all_events": "on",
                                                                "kind": "standard"}).status_code == 403
        assert WebhookSubscription.objects.get().secret == subscription.secret
        assert not WebhookDelivery.objects.exists()

    def test_anonymous_goes_to_the_login_page(self, client):
        response = client.get(reverse("training:webhook_list"))
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))

    def test_services_refuse_anyone_but_a_training_admin(self, manager, training_admin):
        from training.errors import TrainingError

        with pytest.raises(TrainingError, match="Only a training admin"):
            services.subscription_create(url=PUBLIC, events="all", by=manager)
        subscription, _ = services.subscription_create(url=PUBLIC, events="all", by=training_admin)
        for action in (services.subscription_ping, services.subscription_rotate_secret, services.subscription_delete):
            with pytest.raises(TrainingError, match="Only a training admin"):
                action(subscription=subscription, by=manager)


class TestPages:
    def test_a_new_webhook_shows_its_secret_once(self, admin_client, team, training_admin):
        response = admin_client.post(reverse("training:webhook_create"), {
            "url": PUBLIC, "kind": "standard", "events": ["engineer.ready", "certificate.issued"],
            "team": team.pk, "description": "Paging sync"})
        subscription = WebhookSubscription.objects.get()
        assert response.status_code == 302 and response.url == reverse("training:webhook_detail",
                                                                       args=[subscription.pk])
        assert subscription.events == ["certificate.issued", "engineer.ready"] and subscription.team == team
        assert subscription.owner == training_admin
        first = page(admin_client, response.url)
        assert "Copy the signing secret now" in first and subscription.secret in first
        again = page(admin_client, response.url)
        assert subscription.secret not in again and "Copy the signing secret now" not in again
        listed = page(admin_client, reverse("training:webhook_list"))
        assert "Paging sync" in listed and "engineer.ready" in listed and team.name in listed
        assert AuditEvent.objects.filter(summary__contains=f"webhook {subscription.pk} (standard) to "
                                                           "https://93.184.215.14/… for platform-ops").exists()

    def test_a_private_url_is_refused_with_the_reason(self, admin_client):
        response = admin_client.post(reverse("training:webhook_create"), {
            "url": "https://169.254.169.254/latest", "kind": "standard", "all_events": "on"}, follow=True)
        assert "a loopback, private or link-local address" in response.content.decode()
        assert not WebhookSubscription.objects.exists()

    def test_no_event_chosen_is_refused(self, admin_client):
        response = admin_client.post(reverse("training:webhook_create"), {"url": PUBLIC, "kind": "standard"})
        assert "Choose at least one event" in response.content.decode()
        assert not WebhookSubscription.objects.exists()

    def test_test_event_log_and_send_again(self, admin_client, receiver, subscribe, django_capture_on_commit_callbacks):
        subscription = subscribe()
        receiver.statuses = [500]
        detail = reverse("training:webhook_detail", args=[subscription.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(reverse("training:webhook_ping", args=[subscription.pk]), follow=True)
        assert "Test event queued" in response.content.decode()
        log = page(admin_client, detail)
        delivery = WebhookDelivery.objects.get()
        assert f'data-delivery="{delivery.pk}" data-state="retrying"' in log and ">500<" in log.replace(" ", "")
        assert "HTTP 500" in log and "Send again" in log
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(reverse("training:webhook_resend", args=[delivery.pk]))
        assert [d.state for d in WebhookDelivery.objects.order_by("pk")] == [DeliveryState.RETRYING,
                                                                              DeliveryState.SUCCEEDED]
        assert receiver.types() == ["ping", "ping"] and receiver.requests[1].verified

    def test_rotate_shows_the_new_secret_once_and_enable_and_delete(self, admin_client, training_admin):
        subscription, old = services.subscription_create(url=PUBLIC, events="all", by=training_admin)
        detail = reverse("training:webhook_detail", args=[subscription.pk])
        response = admin_client.post(reverse("training:webhook_rotate", args=[subscription.pk]),
                                     {"overlap_hours": "12"}, follow=True)
        subscription.refresh_from_db()
        html = response.content.decode()
        assert subscription.secret != old and subscription.secret in html and old not in html
        assert "the old one keeps working for 12 hours" in html and subscription.previous_secret == old
        assert subscription.secret not in page(admin_client, detail)

        WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=False, disabled_reason="8 failed")
        assert "8 failed" in page(admin_client, detail)
        admin_client.post(reverse("training:webhook_enable", args=[subscription.pk]))
        subscription.refresh_from_db()
        assert subscription.is_active and subscription.disabled_reason == ""

        response = admin_client.post(reverse("training:webhook_delete", args=[subscription.pk]))
        assert response.url == reverse("training:webhook_list") and not WebhookSubscription.objects.exists()
        assert "Nothing sent yet" not in page(admin_client, reverse("training:webhook_list"))

    def test_the_nav_has_webhooks_for_training_admins_only(self, admin_client, client, engineer):
        assert 'data-nav="webhooks"' in page(admin_client, reverse("training:webhook_list"))
        client.force_login(engineer)
        assert 'data-nav="webhooks"' not in page(client, reverse("training:my_training"))


def queries(client, url):
    client.get(url)  # the navigation's counts are cached per user after the first page (training.pagecache)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


class TestQueries:
    def test_the_list_runs_the_same_queries_for_2_and_12_webhooks(self, admin_client, training_admin, team):
        def add(n):
            for i in range(n):
                subscription, _ = services.subscription_create(url=f"{PUBLIC}/{i}", events="all", by=training_admin,
                                                               team=team if i % 2 else None)
                services.subscription_ping(subscription=subscription, by=training_admin)

        add(2)
        few = queries(admin_client, reverse("training:webhook_list"))
        add(10)
        assert queries(admin_client, reverse("training:webhook_list")) == few

    def test_the_delivery_log_runs_the_same_queries_for_2_and_25_deliveries(
            self, admin_client, receiver, subscribe, training_admin, django_capture_on_commit_callbacks):
        subscription = subscribe()
        detail = reverse("training:webhook_detail", args=[subscription.pk])

        def add(n):
            receiver.statuses = [500, 200] * n
            for _ in range(n):
                with django_capture_on_commit_callbacks(execute=True):
                    delivery = services.subscription_ping(subscription=subscription, by=training_admin)
                with django_capture_on_commit_callbacks(execute=True):
                    services.delivery_resend(delivery=delivery, by=training_admin)

        add(1)
        few = queries(admin_client, detail)
        add(12)
        assert WebhookDelivery.objects.count() == 26
        assert queries(admin_client, detail) == few
        assert page(admin_client, detail).count("Send again") == 25  # one page
