"""
WSGI config for training project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'training.site.settings')

application = get_wsgi_application()

# Production signs every certificate: refuse to start without the signing key (README
# "Verifying a certificate without Shiftready"); development makes one on first use.
from training.credentials.keys import require_signing_key  # noqa: E402 (needs the settings loaded above)

require_signing_key()
