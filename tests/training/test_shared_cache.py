"""With REDIS_URL every process shares one cache (Django's RedisCache): a page one gunicorn worker
built is served by the others. Against a real redis-server, started on 127.0.0.1 for these tests
(``make test`` installs it when it is missing)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.core.cache import caches
from django.test.utils import override_settings
from django.urls import reverse

from tests import servers
from tests.training.factories import Org
from tests.training.test_pagecache import content, visit
from training import pagecache

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with servers.redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


def test_redis_url_selects_the_shared_cache():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "training.site.settings", "REDIS_URL": "redis://127.0.0.1:6399/2"}
    shown = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert shown.stdout.split() == [REDIS_CACHE, "redis://127.0.0.1:6399/2"]


def test_a_home_built_by_one_worker_is_served_from_redis_to_the_others(client, redis_url):
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    with override_settings(CACHES={"default": {"BACKEND": REDIS_CACHE, "LOCATION": redis_url, "KEY_PREFIX": prefix}}):
        org = Org()
        client.force_login(org.engineer)
        html, built = visit(client)
        # Another worker: a cache connection of its own finds the page the first one stored.
        other_worker = caches.create_connection("default")
        stamp = pagecache.stamps(user=org.engineer)["user"]
        key = pagecache.page_key("my_training", org.engineer.pk, stamp)
        stored = other_worker.get(key)
        assert stored and 'data-testid="overall-percent"' in stored and stored in html
        assert redis.Redis.from_url(redis_url).keys(f"{prefix}:*")  # in Redis itself, under the prefix
        again, cached = visit(client, reverse("training:my_training"))
        assert content(again) == content(html) and cached < built
