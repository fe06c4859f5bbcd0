"""Test settings: the one place tests change configuration."""

import tempfile

from training.site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="shiftready-test-media-")
SITE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# django-axes needs the request in authenticate(), which the test client's login() and
# force_login() do not pass: off here, switched on by the tests in tests/security that exercise
# the lockout (with the `settings` fixture).
AXES_ENABLED = False
# WhiteNoise lists every static file (270 of them, 35 to 110 ms) each time a test client builds
# its handler, which nearly every test does: here it looks a file up when one is asked for, as in
# development. tests/training/site/test_production_start.py serves them as production does.
WHITENOISE_AUTOREFRESH = True
