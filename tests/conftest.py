import tempfile
from pathlib import Path

import pytest

from tests import netguard
from tests.factories import TeamFactory, TrainingAdminFactory, UserFactory


def pytest_configure(config):
    netguard.install()  # nothing but 127.0.0.1, for every test (tests/netguard.py)
    from django.conf import settings

    # The suite's own signing keys, made on first use (training.credentials.keys), never the
    # developer's var/credential-keys.
    settings.CREDENTIAL_KEYS_DIR = Path(tempfile.mkdtemp(prefix="shiftready-test-keys-")) / "keys"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a rolled-back test leaves ids (and so the page
    cache's keys, training.pagecache) to be handed out again to the next test's other data."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def engineer(db):
    return UserFactory(username="engineer", first_name="Erin", last_name="Engineer")


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", first_name="Mara", last_name="Manager")


@pytest.fixture
def team(db, manager, engineer):
    return TeamFactory(name="Platform Ops", slug="platform-ops", manager=manager, members=[engineer])


@pytest.fixture
def training_admin(db):
    return TrainingAdminFactory(username="trainadmin")


@pytest.fixture
def client_for(client):
    """``client_for(user)`` logs the test client in as ``user`` and returns it."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session", autouse=True)
def serial_live_server():
    """Serve the browser tests' live server one request at a time.

    On SQLite the test database lives in memory and the live server shares the test's connection;
    Django's threaded server would run two requests (say an htmx autosave and the form submit) on
    that one connection at once ("cannot start a transaction within a transaction"). A plain
    WSGIServer answers them in turn and closes each connection, which Chromium copes with."""
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(WSGIServer):
        # The live server thread itself installs the shared connections before serving.
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    LiveServerThread.server_class = SerialWSGIServer
    yield


@pytest.fixture
def axes_on(settings):
    """django-axes is off in tests/settings.py (the test client logs in without a request);
    the tests of the lockout switch it on."""
    settings.AXES_ENABLED = True
    return settings
