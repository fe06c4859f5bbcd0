"""gunicorn's settings for the production start (README "Configuration"):
``gunicorn -c training/site/gunicorn.conf.py training.site.wsgi``.

Each worker is recycled after ``max_requests`` requests (plus a random jitter, so they do not all
restart at once): a large PDF or export leaves memory a Python process never gives back, and a
fresh worker does. ``timeout`` ends a worker stuck longer than that on one request. Every value
comes from the environment, with these defaults."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# The TLS proxy in front passes X-Forwarded-Proto (settings.SECURE_PROXY_SSL_HEADER); gunicorn
# trusts the forwarding headers of the proxies listed here (loopback by default).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_worker_init(worker):
    """Once the worker has loaded the application, what it holds (Django, our modules, their
    objects) is frozen out of Python's garbage collections, which then walk only what requests
    make: a full collection walking the whole application costs the request it falls in up to
    120 ms (``make bench``'s engineer home p95)."""
    gc.collect()
    gc.freeze()
