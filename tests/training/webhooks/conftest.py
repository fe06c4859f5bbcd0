"""Webhook tests talk to a real receiver (``receiver.py``): an HTTP server on 127.0.0.1 that checks
every signature with ``standardwebhooks``, the reference implementation.

No test may reach anything else: ``loopback_only`` (for every test here) fails a test that
resolves a name other than ``localhost`` or connects to an address that is not loopback."""

import ipaddress
import socket

import pytest

from training.webhooks import services

from .receiver import serve


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch, settings):
    names = {"localhost"} | {db["HOST"] for db in settings.DATABASES.values() if db.get("HOST")}
    escapes = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            ipaddress.ip_address(name)
        except ValueError:
            if name not in names:
                escapes.append(f"resolved {name}")
                raise AssertionError(f"a webhook test resolved {name}") from None
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not ipaddress.ip_address(address[0]).is_loopback:
            escapes.append(f"connected to {address[0]}")
            raise AssertionError(f"a webhook test connected to {address[0]}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    yield
    assert not escapes, escapes


@pytest.fixture
def receiver(settings):
    """A receiver on 127.0.0.1, with WEBHOOK_ALLOW_PRIVATE on so that a webhook may call it."""
    settings.WEBHOOK_ALLOW_PRIVATE = True
    with serve() as state:
        yield state


@pytest.fixture
def subscribe(training_admin, receiver):
    """``subscribe(events="all", **options)``: a webhook to the receiver, whose secret it
    verifies from then on."""

    def make(events="all", url=None, **options):
        subscription, secret = services.subscription_create(url=url or receiver.url, events=events,
                                                            by=training_admin, **options)
        receiver.secret = secret
        return subscription

    return make
