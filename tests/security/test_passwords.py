"""Passwords: stored with Argon2, weak ones refused. OWASP ASVS 5.0 V6.2 Password Security and
V11 Cryptography (passwords stored with a computationally intensive password hashing function)."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from training.site import settings as project_settings


@pytest.fixture
def project_hashers(settings):
    """tests/settings.py hashes with MD5 for speed; these tests use the project's list."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


@pytest.mark.django_db
@pytest.mark.usefixtures("project_hashers")
class TestHashing:
    def test_new_passwords_are_stored_with_argon2id(self):
        user = UserFactory()
        user.set_password("correct horse battery staple")
        user.save()
        assert user.password.startswith("argon2$argon2id$")
        assert "correct horse" not in user.password
        assert authenticate(username=user.username, password="correct horse battery staple") == user

    def test_an_old_pbkdf2_hash_still_works_and_is_upgraded_at_login(self):
        user = UserFactory()
        user.password = make_password("old but fine passphrase", hasher="pbkdf2_sha256")
        user.save()
        assert Client().login(username=user.username, password="old but fine passphrase")
        user.refresh_from_db()
        assert user.password.startswith("argon2$")


@pytest.mark.django_db
@pytest.mark.parametrize("weak, reason", [
    ("short1", b"too short"),
    ("password123", b"too common"),
    ("84625913572", b"entirely numeric"),
])
def test_a_weak_new_password_is_refused(client_for, weak, reason):
    # ASVS 5.0 V6.2.1 (at least 8 characters) and V6.2.4 (checked against common passwords).
    client = client_for(UserFactory(username="weakling"))
    response = client.post(reverse("account_change_password"), {
        "oldpassword": "pass", "password1": weak, "password2": weak,
    })
    assert response.status_code == 200
    assert reason in response.content


@pytest.mark.django_db
def test_a_long_passphrase_of_any_composition_is_accepted(client_for):
    # ASVS 5.0 V6.2.5 (no composition rules) and V6.2.9 (64 characters and more are accepted).
    client = client_for(UserFactory(username="phraser"))
    phrase = "a very long passphrase with only lower case letters and spaces in it"
    assert len(phrase) >= 64
    response = client.post(reverse("account_change_password"), {
        "oldpassword": "pass", "password1": phrase, "password2": phrase,
    })
    assert response.status_code == 302
