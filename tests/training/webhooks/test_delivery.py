"""Deliveries to a real receiver: signed (the reference library verifies every one), retried on the
schedule through the database task queue, the webhook disabled after a day of failures with an
email to its owner; secret rotation with its overlap; sending again; chat messages; commands."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory
from tests.training.factories import Org
from training.webhooks import services
from training.webhooks.models import DeliveryState, WebhookDelivery, WebhookEvent, WebhookSubscription
from training.webhooks.tasks import deliver

pytestmark = pytest.mark.django_db

# Standard Webhooks' schedule: the attempt after each failure, 8 attempts over about 27 hours.
SCHEDULE = [datetime.timedelta(seconds=5), datetime.timedelta(minutes=5), datetime.timedelta(minutes=30),
            datetime.timedelta(hours=2), datetime.timedelta(hours=5), datetime.timedelta(hours=10),
            datetime.timedelta(hours=10)]


def ping(subscription, by, capture):
    with capture(execute=True):
        return services.subscription_ping(subscription=subscription, by=by)


class TestSigned:
    def test_every_event_arrives_signed_and_verified_by_standardwebhooks(
            self, receiver, subscribe, training_admin, django_capture_on_commit_callbacks):
        subscribe()
        with django_capture_on_commit_callbacks(execute=True):
            org = Org()
        delivery = ping(WebhookSubscription.objects.get(), training_admin, django_capture_on_commit_callbacks)
        assert receiver.types() == ["enrollment.created", "ping"]
        assert all(r.verified for r in receiver.requests)
        request = receiver.requests[-1]
        assert request.path == "/hooks/shiftready"
        assert request.headers["webhook-id"] == delivery.event.message_id and request.headers["webhook-id"].startswith(
            "msg_")
        assert abs(int(request.headers["webhook-timestamp"]) - timezone.now().timestamp()) < 60
        assert re.fullmatch(r"v1,[A-Za-z0-9+/]+=*", request.headers["webhook-signature"])
        assert request.headers["content-type"] == "application/json"
        assert request.headers["user-agent"] == "Shiftready-Webhooks/1"
        body = receiver.requests[0].json
        assert body["data"]["person"]["username"] == org.engineer.username
        assert datetime.datetime.fromisoformat(body["timestamp"])
        delivery.refresh_from_db()
        assert delivery.state == DeliveryState.SUCCEEDED and delivery.last_status_code == 200
        assert delivery.attempt_log.get().response_excerpt == "ok"

    def test_a_receiver_with_another_secret_refuses_it(self, receiver, subscribe, training_admin,
                                                       django_capture_on_commit_callbacks):
        subscription = subscribe()
        receiver.secret = "whsec_" + "QUJD" * 8  # not this webhook's
        delivery = ping(subscription, training_admin, django_capture_on_commit_callbacks)
        delivery.refresh_from_db()
        assert receiver.requests[0].verified is False and delivery.last_status_code == 401
        assert delivery.state == DeliveryState.RETRYING


class TestRotation:
    def test_during_the_overlap_either_secret_verifies_after_it_only_the_new_one(
            self, receiver, subscribe, training_admin, django_capture_on_commit_callbacks):
        subscription = subscribe()
        old = receiver.secret
        new = services.subscription_rotate_secret(subscription=subscription, by=training_admin, overlap_hours=24)
        assert new != old and new.startswith("whsec_")
        ping(subscription, training_admin, django_capture_on_commit_callbacks)
        during = receiver.requests[-1]
        assert receiver.verifies(during, old) and receiver.verifies(during, new)

        WebhookSubscription.objects.filter(pk=subscription.pk).update(
            previous_secret_until=timezone.now() - datetime.timedelta(seconds=1))
        subscription.refresh_from_db()
        ping(subscription, training_admin, django_capture_on_commit_callbacks)
        after = receiver.requests[-1]
        assert receiver.verifies(after, new) and not receiver.verifies(after, old)

    def test_no_overlap_drops_the_old_secret_at_once(self, receiver, subscribe, training_admin,
                                                     django_capture_on_commit_callbacks):
        subscription = subscribe()
        old = receiver.secret
        new = services.subscription_rotate_secret(subscription=subscription, by=training_admin, overlap_hours=0)
        ping(subscription, training_admin, django_capture_on_commit_callbacks)
        assert receiver.verifies(receiver.requests[-1], new) and not receiver.verifies(receiver.requests[-1], old)


@pytest.fixture
def queue(settings, django_capture_on_commit_callbacks):
    """The database task queue, worked as ``db_worker`` does: ``queue.work()`` runs every task
    that is due now."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test", excluded_queue_names=[])

    class Queue:
        @staticmethod
        def work():
            ran = 0
            while (result := DBTaskResult.objects.ready().filter(backend_name="default").first()) is not None:
                with django_capture_on_commit_callbacks(execute=True):
                    result.claim("test")
                    worker.run_task(result)
                ran += 1
            return ran

        @staticmethod
        def waiting():
            return list(DBTaskResult.objects.filter(status="READY"))

    return Queue


class TestRetries:
    def test_a_failing_receiver_gets_every_attempt_on_the_schedule_then_the_webhook_disables_itself(
            self, receiver, subscribe, training_admin, queue, django_capture_on_commit_callbacks):
        owner = UserFactory(username="owner", email="owner@example.com")
        subscription = subscribe(owner=owner)
        receiver.statuses = [500] * 8
        with django_capture_on_commit_callbacks(execute=True):
            Org()  # enrollment.created
        delivery = WebhookDelivery.objects.get()
        for number in range(1, 9):
            assert queue.work() == 1
            delivery.refresh_from_db()
            assert delivery.attempts == number and delivery.last_status_code == 500
            assert len(receiver.requests) == number
            if number == 8:
                break
            (waiting,) = queue.waiting()
            attempted_at = delivery.attempt_log.get(number=number).at
            assert abs(waiting.run_after - attempted_at - SCHEDULE[number - 1]) < datetime.timedelta(seconds=2)
            assert delivery.state == DeliveryState.RETRYING and delivery.next_attempt_at == waiting.run_after
            assert queue.work() == 0  # not due yet
            DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())
        assert sum(SCHEDULE, datetime.timedelta()) > datetime.timedelta(hours=27)
        # The same message each time (one webhook-id), each signed anew and verified.
        assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1
        assert all(r.verified for r in receiver.requests)
        delivery.refresh_from_db()
        assert delivery.state == DeliveryState.FAILED and delivery.finished_at and not queue.waiting()
        subscription.refresh_from_db()
        assert not subscription.is_active and "8 attempts failed" in subscription.disabled_reason
        (email,) = mail.outbox
        assert email.to == ["owner@example.com"] and "disabled" in email.subject
        assert f"http://testserver/manage/webhooks/{subscription.pk}/" in email.body

        # Later events skip it.
        with django_capture_on_commit_callbacks(execute=True):
            Org(prefix="later-")
        assert queue.work() == 0 and len(receiver.requests) == 8
        assert WebhookDelivery.objects.count() == 1

    def test_a_receiver_that_recovers_gets_the_delivery_and_stays_enabled(
            self, receiver, subscribe, training_admin, queue, django_capture_on_commit_callbacks):
        subscription = subscribe()
        receiver.statuses = [503, 502]
        with django_capture_on_commit_callbacks(execute=True):
            services.subscription_ping(subscription=subscription, by=training_admin)
        for _ in range(3):
            queue.work()
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        delivery = WebhookDelivery.objects.get()
        assert [a.status_code for a in delivery.attempt_log.all()] == [503, 502, 200]
        assert delivery.state == DeliveryState.SUCCEEDED
        subscription.refresh_from_db()
        assert subscription.is_active and not mail.outbox

    def test_a_delivery_that_failed_while_others_succeeded_does_not_disable(
            self, receiver, subscribe, training_admin, queue, django_capture_on_commit_callbacks):
        subscription = subscribe()
        receiver.statuses = [500]
        with django_capture_on_commit_callbacks(execute=True):
            failing = services.subscription_ping(subscription=subscription, by=training_admin)
        queue.work()  # first attempt: 500
        with django_capture_on_commit_callbacks(execute=True):
            services.subscription_ping(subscription=subscription, by=training_admin)
        queue.work()  # the second ping succeeds
        receiver.statuses = [500] * 7
        for _ in range(7):
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
            queue.work()
        failing.refresh_from_db()
        subscription.refresh_from_db()
        assert failing.state == DeliveryState.FAILED and failing.attempts == 8
        assert subscription.is_active and not mail.outbox


    def test_a_webhook_added_on_the_command_line_emails_every_training_admin_and_a_stale_run_does_nothing(
            self, receiver, training_admin, django_capture_on_commit_callbacks):
        subscription, receiver.secret = services.subscription_create(url=receiver.url, events="all", by=None)
        assert subscription.owner is None
        receiver.statuses = [500, 500]
        delivery = ping(subscription, None, django_capture_on_commit_callbacks)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=7)  # as after a day of failures
        with django_capture_on_commit_callbacks(execute=True):
            assert deliver.call(delivery_id=delivery.pk, attempt=8) == DeliveryState.FAILED
            assert deliver.call(delivery_id=delivery.pk, attempt=8) == "skipped"
        assert len(receiver.requests) == 2
        (email,) = mail.outbox
        assert email.to == [training_admin.email]
        assert not WebhookSubscription.objects.get().is_active


class TestSendAgain:
    def test_send_again_posts_the_same_event_as_a_new_delivery(self, receiver, subscribe, training_admin,
                                                                django_capture_on_commit_callbacks):
        subscription = subscribe()
        receiver.statuses = [500]
        first = ping(subscription, training_admin, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            again = services.delivery_resend(delivery=first, by=training_admin)
        again.refresh_from_db()
        assert again.pk != first.pk and again.event_id == first.event_id
        assert again.state == DeliveryState.SUCCEEDED
        assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers["webhook-id"]
        assert receiver.requests[0].body == receiver.requests[1].body


class TestChat:
    def _org(self):
        from tests.training.certification.test_certificates import finish

        org = Org()
        org.engineer.first_name, org.engineer.last_name = "Alice", "Moreau"
        org.engineer.save()
        org.manager.first_name, org.manager.last_name = "Mara", "Lind"
        org.manager.save()
        org.team.name = "Platform Operations"
        org.team.save()
        finish(org)
        return org

    def test_slack_gets_a_readable_sentence(self, receiver, subscribe, django_capture_on_commit_callbacks):
        from training.workflow import services as workflow

        org = self._org()
        subscribe(events="engineer.ready", kind="slack")
        with django_capture_on_commit_callbacks(execute=True):
            workflow.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
        (request,) = receiver.requests
        assert request.json == {"text": "Alice Moreau is ready for on-call on Platform Operations (Simple track), "
                                        "signed off by Mara Lind."}

    def test_teams_gets_a_message_card(self, receiver, subscribe, django_capture_on_commit_callbacks):
        from training.workflow import services as workflow

        org = self._org()
        subscribe(events="certificate.issued", kind="teams")
        with django_capture_on_commit_callbacks(execute=True):
            workflow.enrollment_sign_off(enrollment=org.enrollment, by=org.manager)
        (request,) = receiver.requests
        card = request.json
        assert card["@type"] == "MessageCard" and card["title"] == "Shiftready: certificate.issued"
        assert card["text"].startswith("Alice Moreau received the Simple track certificate ")
        assert "Verify: http://testserver/verify/" in card["text"]


class TestCommands:
    def test_webhook_add_prints_the_secret_last_and_webhook_ping_delivers_through_the_queue(
            self, receiver, team, django_capture_on_commit_callbacks):
        out = StringIO()
        call_command("webhook_add", receiver.url, "--events", "engineer.ready,certificate.issued",
                     "--team", team.slug, stdout=out)
        receiver.secret = out.getvalue().split()[-1]
        assert receiver.secret.startswith("whsec_")
        subscription = WebhookSubscription.objects.get()
        assert subscription.events == ["certificate.issued", "engineer.ready"] and subscription.team == team
        with django_capture_on_commit_callbacks(execute=True):
            call_command("webhook_ping", str(subscription.pk), stdout=StringIO())
        (request,) = receiver.requests
        assert request.verified and request.json["type"] == "ping"
        assert request.json["data"]["subscription"] == subscription.pk
        listed = StringIO()
        call_command("webhook_list", stdout=listed)
        assert f"{subscription.pk}\tstandard\t{receiver.url}" in listed.getvalue()
        assert "last succeeded" in listed.getvalue()

    def test_webhook_add_refuses_a_private_url_and_an_unknown_event(self, settings):
        from django.core.management.base import CommandError

        settings.WEBHOOK_ALLOW_PRIVATE = False
        with pytest.raises(CommandError, match="private"):
            call_command("webhook_add", "http://127.0.0.1:9/x", "--events", "all", stdout=StringIO())
        settings.WEBHOOK_ALLOW_PRIVATE = True
        with pytest.raises(CommandError, match="Unknown event certificate.eaten"):
            call_command("webhook_add", "http://127.0.0.1:9/x", "--events", "certificate.eaten", stdout=StringIO())
        assert not WebhookSubscription.objects.exists() and not WebhookEvent.objects.exists()
