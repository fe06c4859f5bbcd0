"""What a site spread over several machines shares besides its database (README "Scaling out"):
background tasks on RQ queues in Redis, and stored files (certificates, exports) in an
S3-compatible object store. ``settings.py`` passes the environment in; a half-made configuration
is refused at start with a message that says what is missing, never half used."""

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from django.core.exceptions import ImproperlyConfigured

# TASKS_BACKEND's short names; any other value is a django-tasks backend's dotted path.
TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
RQ_BACKEND = TASK_BACKENDS["rq"]
FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
STORAGE_URL_OPTIONS = ("endpoint_url", "region", "addressing_style")


def tasks_redis_url(env, redis_url):
    """Where RQ keeps its queues: TASKS_REDIS_URL, else the next database of REDIS_URL's server
    (``redis://host:6379/0`` → ``/1``). Never the cache's own database: Django's ``cache.clear()``
    empties its whole database (FLUSHDB), and a cache full of pages must not evict a queued task."""
    explicit = env("TASKS_REDIS_URL", "")
    if explicit:
        if redis_url and _redis_database(explicit) == _redis_database(redis_url):
            raise ImproperlyConfigured(
                "TASKS_REDIS_URL names the cache's Redis database (REDIS_URL): clearing the cache would "
                "delete the queued tasks. Give the tasks another database (…/1) or another Redis."
            )
        return explicit
    _host, _port, database = _redis_database(redis_url)
    parts = urlsplit(redis_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "db"]
    return parts._replace(path=f"/{database + 1}", query=urlencode(query)).geturl()


def _redis_database(url):
    """``(host, port, database)`` of a redis:// URL, for telling two apart."""
    parts = urlsplit(url)
    database = dict(parse_qsl(parts.query)).get("db") or parts.path.strip("/") or "0"
    return parts.hostname, parts.port or 6379, int(database)


def tasks(env, *, redis_url):
    """``(TASKS, RQ_QUEUES, apps to install)`` for TASKS_BACKEND. On RQ every task goes to the
    queue "default" in Redis (``tasks_redis_url``: by default the database after the cache's),
    worked by ``manage.py rqworker``; a task may run TASK_TIMEOUT_SECONDS (a team report of a
    whole company takes minutes)."""
    backend = env("TASKS_BACKEND", "database")
    path = TASK_BACKENDS.get(backend, backend)
    if path != RQ_BACKEND:
        return {"default": {"BACKEND": path}}, {}, []
    if not redis_url and not env("TASKS_REDIS_URL", ""):
        raise ImproperlyConfigured(
            "TASKS_BACKEND=rq needs REDIS_URL (e.g. redis://redis.internal:6379/0): RQ keeps its queues in Redis."
        )
    queues = {"default": {"URL": tasks_redis_url(env, redis_url),
                          "DEFAULT_TIMEOUT": int(env("TASK_TIMEOUT_SECONDS", "1800"))}}
    return {"default": {"BACKEND": path, "QUEUES": ["default"]}}, queues, ["django_rq", "django_tasks_rq"]


def file_storage(env):
    """``STORAGES["default"]``: files on this machine's MEDIA_ROOT, or in the bucket that
    STORAGE_URL (``s3://BUCKET[/PREFIX]?endpoint_url=...&region=...``) or AWS_STORAGE_BUCKET_NAME
    (with AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME) names; keys from AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY, or else the machine's role. Objects are private: downloads go through
    the views that check who may have them, and a URL of the storage's own is signed and short-lived."""
    storage_url, bucket = env("STORAGE_URL", ""), env("AWS_STORAGE_BUCKET_NAME", "")
    endpoint_url = env("AWS_S3_ENDPOINT_URL", "")
    region = env("AWS_S3_REGION_NAME", env("AWS_DEFAULT_REGION", ""))
    access_key, secret_key = env("AWS_ACCESS_KEY_ID", ""), env("AWS_SECRET_ACCESS_KEY", "")
    location, addressing_style = "", None
    if storage_url:
        parts = urlsplit(storage_url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ImproperlyConfigured(
                f"STORAGE_URL must look like s3://BUCKET?endpoint_url=https://s3.example.com&region=eu-west-1, "
                f"not {storage_url.split('?')[0]!r}."
            )
        options = dict(parse_qsl(parts.query, keep_blank_values=True))
        unknown = sorted(set(options) - set(STORAGE_URL_OPTIONS))
        if unknown:
            raise ImproperlyConfigured(
                f"STORAGE_URL does not know {', '.join(unknown)}; it takes {', '.join(STORAGE_URL_OPTIONS)}."
            )
        bucket, location = parts.netloc, unquote(parts.path).strip("/")
        endpoint_url = options.get("endpoint_url") or endpoint_url
        region = options.get("region") or region
        addressing_style = options.get("addressing_style")
    if not bucket:
        return FILE_SYSTEM
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: set both, or neither to use the "
            "machine's own role."
        )
    options = {
        "bucket_name": bucket, "location": location, "default_acl": "private", "querystring_auth": True,
        "querystring_expire": 300, "file_overwrite": False,
        # A download or a part of an export larger than this is spooled to a temporary file, not memory.
        "max_memory_size": 20 * 1024 * 1024,
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
        # MinIO, Ceph and the like answer at one host name: bucket.host would need a DNS entry per bucket.
        addressing_style = addressing_style or "path"
    if addressing_style:
        options["addressing_style"] = addressing_style
    if region:
        options["region_name"] = region
    if access_key:
        options.update(access_key=access_key, secret_key=secret_key)
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
