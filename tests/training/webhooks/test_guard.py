"""Signatures checked by the reference implementation, and the network guard: a webhook reaches
public addresses only (unless WEBHOOK_ALLOW_PRIVATE), over https when WEBHOOK_REQUIRE_HTTPS, and a
refused address is never connected to."""

import json
import re
import time

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from tests.training.factories import Org
from training.errors import TrainingError
from training.webhooks import outbound, services, signing
from training.webhooks.models import DeliveryState, WebhookSubscription

pytestmark = pytest.mark.django_db


class TestSigning:
    def test_the_reference_library_verifies_our_signature_and_refuses_a_changed_body(self):
        secret = signing.new_secret()
        body = json.dumps({"type": "ping", "data": {"note": "Grüße"}}, ensure_ascii=False).encode()
        headers = signing.headers([secret], "msg_abc", time.time(), body)
        assert Webhook(secret).verify(body, headers) == {"type": "ping", "data": {"note": "Grüße"}}
        with pytest.raises(WebhookVerificationError):
            Webhook(secret).verify(body.replace(b"ping", b"pong"), headers)
        with pytest.raises(WebhookVerificationError):
            Webhook(signing.new_secret()).verify(body, headers)

    def test_a_secret_is_whsec_and_at_least_24_random_bytes(self):
        import base64

        first, second = signing.new_secret(), signing.new_secret()
        assert first.startswith("whsec_") and first != second
        assert len(base64.b64decode(first.removeprefix("whsec_"))) >= 24

    def test_two_secrets_give_two_signatures_either_verifies(self):
        old, new = signing.new_secret(), signing.new_secret()
        body = b'{"type":"ping"}'
        headers = signing.headers([new, old], "msg_x", time.time(), body)
        assert len(headers["webhook-signature"].split(" ")) == 2
        for secret in (old, new):
            Webhook(secret).verify(body, headers)


UNSPECIFIED = "0.0.0.0"  # noqa: S104 (an address checked, never bound)
REFUSED = ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", UNSPECIFIED,
           "224.0.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1",
           "203.0.113.5"]


class TestAddresses:
    @pytest.mark.parametrize("address", REFUSED)
    def test_loopback_private_link_local_shared_and_reserved_addresses_are_refused(self, address):
        """The check is a pure function of the resolved addresses: nothing is resolved or opened."""
        with pytest.raises(outbound.Refused, match=re.escape(address)):
            outbound.check_addresses([address], allow_private=False)

    def test_one_private_address_among_public_ones_is_enough_to_refuse(self):
        with pytest.raises(outbound.Refused, match="10.0.0.1"):
            outbound.check_addresses(["93.184.215.14", "10.0.0.1"], allow_private=False)

    def test_public_addresses_pass_and_private_ones_only_when_allowed(self):
        outbound.check_addresses(["93.184.215.14", "2606:4700:4700::1111"], allow_private=False)
        outbound.check_addresses(["10.0.0.1", "127.0.0.1", "fd00::1"], allow_private=True)
        with pytest.raises(outbound.Refused):  # never a broadcast-like target, even when allowed
            outbound.check_addresses([UNSPECIFIED], allow_private=True)

    @pytest.mark.parametrize("url", ["https://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data",
                                     "https://192.168.1.1:8443/x", "https://[::1]/x", "https://[fd00::1]/x",
                                     "https://100.64.0.1/x", "http://localhost:9/x", "http://127.0.0.1:9/x"])
    def test_a_private_url_is_refused_at_subscription_time(self, training_admin, url):
        with pytest.raises(TrainingError, match="private or link-local"):
            services.subscription_create(url=url, events="all", by=training_admin)
        assert not WebhookSubscription.objects.exists()

    @pytest.mark.parametrize(("url", "reason"), [
        ("ftp://93.184.215.14/x", "must start with https://"), ("https:///path", "must start with https://"),
        ("https://user:pw@93.184.215.14/x", "user name and password"), ("https://93.184.215.14:99999/", "not a valid"),
    ])
    def test_a_url_that_is_not_one_is_refused(self, training_admin, url, reason):
        with pytest.raises(TrainingError, match=reason):
            services.subscription_create(url=url, events="all", by=training_admin)

    def test_http_is_refused_when_https_is_required(self, training_admin, settings):
        settings.WEBHOOK_REQUIRE_HTTPS = True
        with pytest.raises(TrainingError, match="must use https://"):
            services.subscription_create(url="http://93.184.215.14/hook", events="all", by=training_admin)
        subscription, _ = services.subscription_create(url="https://93.184.215.14/hook", events="all",
                                                       by=training_admin)
        assert subscription.url == "https://93.184.215.14/hook"

    def test_production_requires_https_by_default(self):
        import subprocess
        import sys

        code = ("import os; os.environ.update(SHIFTREADY_ENV='production', SECRET_KEY='x'*60 + 'abcdefgh',"
                "SITE_URL='https://shiftready.example.com');"
                "from training.site import settings as s; print(s.WEBHOOK_REQUIRE_HTTPS, s.WEBHOOK_ALLOW_PRIVATE)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.split() == ["True", "False"]


class TestRefusedAtDelivery:
    def test_a_webhook_saved_while_private_was_allowed_is_refused_without_a_connection(
            self, receiver, subscribe, settings, django_capture_on_commit_callbacks, training_admin):
        subscription = subscribe()
        settings.WEBHOOK_ALLOW_PRIVATE = False
        with django_capture_on_commit_callbacks(execute=True):
            delivery = services.subscription_ping(subscription=subscription, by=training_admin)
            Org()  # enrollment.created too
        assert receiver.requests == []
        delivery.refresh_from_db()
        assert delivery.state == DeliveryState.RETRYING and delivery.last_status_code is None
        (attempt,) = delivery.attempt_log.all()
        assert attempt.status_code is None
        assert "Refused" in attempt.error and "127.0.0.1" in attempt.error and "private" in attempt.error

    def test_https_goes_to_the_checked_address_and_fails_without_a_tls_receiver(
            self, receiver, subscribe, django_capture_on_commit_callbacks, training_admin):
        subscription = subscribe(url=receiver.url.replace("http://", "https://"))
        with django_capture_on_commit_callbacks(execute=True):
            delivery = services.subscription_ping(subscription=subscription, by=training_admin)
        delivery.refresh_from_db()
        assert delivery.state == DeliveryState.RETRYING
        assert "SSL" in delivery.last_error  # a TLS handshake was tried with our plain HTTP receiver
        assert receiver.requests == []  # what it got was a handshake, never a delivery

    def test_a_closed_port_is_a_failed_attempt_not_a_crash(self, receiver, subscribe,
                                                           django_capture_on_commit_callbacks, training_admin):
        subscription = subscribe(url="http://127.0.0.1:9/closed")
        with django_capture_on_commit_callbacks(execute=True):
            delivery = services.subscription_ping(subscription=subscription, by=training_admin)
        delivery.refresh_from_db()
        assert delivery.attempts == 1 and "ConnectionRefusedError" in delivery.last_error
