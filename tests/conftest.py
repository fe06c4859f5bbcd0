import pytest

from tests.factories import TeamFactory, TrainingAdminFactory, UserFactory


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
