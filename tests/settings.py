"""Test settings: the one place tests change configuration."""

import tempfile

from training.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="shiftready-test-media-")
SITE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
