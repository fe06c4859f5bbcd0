"""Shiftready settings.

Everything that differs between a laptop and a server comes from the environment. The defaults
are safe for a laptop (SQLite file, console email, DEBUG on, loopback hosts). Set
``SHIFTREADY_ENV=production`` for a server: DEBUG goes off, a real ``SECRET_KEY`` and an https
``SITE_URL`` are required and the security settings that ``manage.py check --deploy`` asks for are
switched on.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from training.site import scaleout

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SHIFTREADY_VERSION = "0.1.0"


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


ENVIRONMENT = env("SHIFTREADY_ENV", "development").lower()
PRODUCTION = ENVIRONMENT == "production"

_DEV_SECRET_KEY = "django-insecure-shiftready-development-key-never-use-in-production"  # noqa: S105 (refused in production)
SECRET_KEY = env("SECRET_KEY", None if PRODUCTION else _DEV_SECRET_KEY)
if PRODUCTION and (
    not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SHIFTREADY_ENV=production needs a real SECRET_KEY in the environment "
        "(at least 50 random characters; generate one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`)."
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    DEBUG = False

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "content",
    "assessments",
    "training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "training.site.security.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # /scim/v2/ answers the directory's bearer token and nothing else (training.people.scim).
    "training.people.scim_config.DirectoryTokenMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # The audit log's "who and from where" for receivers, and the record of every download.
    "training.audit.recorder.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A manager or training admin without a second factor sets one up first (MFA_REQUIRED_FOR_SIGNERS).
    "training.people.mfa.MFARequiredMiddleware",
    # Idle and absolute session timeouts (after messages, to say why; LoginRequiredMiddleware
    # works in process_view, so an expired session still goes to the login page at once).
    "training.site.security.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, allowing the identity provider as a form target when single sign-on is on.
    "training.site.security.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "training.site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "training.site.context_processors.shiftready",
                "assessments.context_processors.grading",
            ],
        },
    },
]

WSGI_APPLICATION = "training.site.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
         "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT, SSD page costs, prepared queries (DB_PREPARE_THRESHOLD): README "Running on PostgreSQL".
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off -c random_page_cost=1.1")
    prepare = env("DB_PREPARE_THRESHOLD", "1").strip().lower()
    if prepare not in ("off", "none", ""):
        DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", int(prepare))

# Argon2id for new and changed passwords; the others stay so that existing hashes still verify
# (and are upgraded to Argon2 at the next login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# django-axes watches every authentication (login page and admin) before the others; allauth's
# backend takes a username or an email address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Security (README "Security") -----------------------------------------------------------
# The same browser protections in every mode, so that a template that breaks them fails in
# development and in the browser tests, not first in production. Production adds HTTPS-only
# parts below.

# Sessions: 30 minutes idle (sliding: training.site.security.SessionPolicyMiddleware refreshes the
# expiry at most once a minute) and 12 hours at most since login, whatever the activity.
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_ABSOLUTE_TIMEOUT = int(env("SESSION_ABSOLUTE_TIMEOUT", str(12 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4): no inline script anywhere (the templates load every
# script from /static/). Inline *style attributes* are allowed (style-src-attr) because the
# progress bars set their width with style="width: N%"; a style attribute cannot run code.
# <style> elements stay forbidden: htmx 2 would inject one for .htmx-indicator (a class no
# template uses), so base.html turns that off with <meta name="htmx-config"
# content='{"includeIndicatorStyles": false}'>. django-csp leaves DEBUG's 404/500 pages alone;
# the Django admin loads its scripts from files and works under this policy (tests/security).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# The client's address: REMOTE_ADDR, unless TRUSTED_PROXY_COUNT=N says how many reverse proxies
# stand in front; then the address the outermost of them saw, taken from X-Forwarded-For
# (training.access.client_ip). Behind a proxy without it, every request comes from the proxy.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# Failed logins (django-axes): 5 failures for one username from one address lock that pair out
# for 15 minutes (a lock on the username alone would let anyone lock a colleague out). Every
# failure and lockout is logged by the "axes" logger and kept in the admin (Access attempts).
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_CLIENT_IP_CALLABLE = "training.access.client_ip"
# allauth's login form names its field "login" (a username or an email address).
AXES_USERNAME_CALLABLE = "training.people.accounts.axes_username"
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # lockouts are still logged; no banner on every manage.py command
# The log names the username and address (never the password): that is what an auditor needs.
AXES_SENSITIVE_PARAMETERS = []
# The login page again, with the reason and status 429 (training.people.accounts.lockout_response).
AXES_LOCKOUT_CALLABLE = "training.people.accounts.lockout_response"

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# --- Accounts, single sign-on and MFA (django-allauth; README "Single sign-on and provisioning") --
ACCOUNT_ADAPTER = "training.people.accounts.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "training.people.sso.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"  # a changed address is confirmed; people come in by invitation
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = True  # cookie and expiry from SESSION_COOKIE_AGE: the idle timeout, as before
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Shiftready] "
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Rate limits (allauth's, per address from TRUSTED_PROXY_COUNT): password reset requests per
# address and per email; allauth's own lock after failed logins is per username alone, which is
# exactly the lock anyone could use against a colleague: django-axes (username and address)
# counts failed logins instead.
ACCOUNT_RATE_LIMITS = {"login_failed": None, "reset_password": "20/m/ip,5/m/key",
                       "reset_password_from_key": "20/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Shiftready"
# Passkeys need HTTPS, except on a laptop (http://127.0.0.1 in development).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
# Managers and training admins (the people who sign) must have a second factor; on by default in
# production (training.people.mfa.MFARequiredMiddleware).
MFA_REQUIRED_FOR_SIGNERS = env_bool("MFA_REQUIRED_FOR_SIGNERS", PRODUCTION)

# Single sign-on with OpenID Connect: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.
OIDC_ISSUER = (env("OIDC_ISSUER", "") or "").rstrip("/")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", "")
OIDC_LABEL = env("OIDC_LABEL", "single sign-on")
OIDC_ONLY = env_bool("OIDC_ONLY", False)
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM", "groups")
OIDC_GROUP_MAP = env("OIDC_GROUP_MAP", "{}")  # JSON, read by training.people.groupmap
SOCIALACCOUNT_AUTO_SIGNUP = True  # the first sign-in makes the account (just in time)
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # ... or signs in the account with that verified email
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [{
            "provider_id": "sso", "name": OIDC_LABEL, "client_id": OIDC_CLIENT_ID, "secret": OIDC_CLIENT_SECRET,
            "settings": {"server_url": OIDC_ISSUER, "token_auth_method": "client_secret_post"},
        }] if OIDC_ISSUER and OIDC_CLIENT_ID else [],
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic gathers the static files that WhiteNoise serves in production.
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "build" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"
WHITENOISE_USE_FINDERS = not PRODUCTION
# In production the pages name static files by their hashed names, from the manifest that
# ``collectstatic`` writes into STATIC_ROOT (a page answers 500 until it has run). With
# STATIC_COMPRESS (on by default) it also writes gzip and Brotli copies, except of source maps,
# which only a browser's developer tools fetch.
STATIC_COMPRESS = env_bool("STATIC_COMPRESS", True)
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz",
                                       "br", "swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v",
                                       "mov", "mp4", "mpeg", "mpg", "webm", "wmv", "map"]
# Stored files on MEDIA_ROOT, or in the S3-compatible bucket STORAGE_URL names (training.site.scaleout).
STORAGES = {
    "default": scaleout.file_storage(env),
    "staticfiles": {
        "BACKEND": (
            ("whitenoise.storage.CompressedManifestStaticFilesStorage" if STATIC_COMPRESS
             else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage")
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Shiftready <shiftready@localhost>")

# Absolute address of the site, used in emails and on certificates (QR code, verification link):
# printed on paper, so production refuses to start without an https:// one.
SITE_URL = env("SITE_URL", None if PRODUCTION else "http://127.0.0.1:8000")
if PRODUCTION and not (SITE_URL or "").lower().startswith("https://"):
    raise ImproperlyConfigured(
        "SHIFTREADY_ENV=production needs SITE_URL, the site's public https:// address "
        "(e.g. https://shiftready.example.com): it is printed on every certificate and in every email."
    )
SITE_URL = SITE_URL.rstrip("/")

# Verifiable certificates (training.credentials, README "Verifying a certificate without
# Shiftready"): the signing keys live in this folder, outside the database and outside backups of
# it; production refuses to start without them (``manage.py credential_keys create``).
CREDENTIAL_KEYS_DIR = Path(env("CREDENTIAL_KEYS_DIR", str(BASE_DIR / "var" / "credential-keys")))
# The issuer named in every credential and in the PDF signer's certificate.
CREDENTIAL_ISSUER_NAME = env("CREDENTIAL_ISSUER_NAME", "Shiftready")
# The organisation's own PDF signing certificate (a PKCS#12 file from its CA), instead of the
# self-signed one kept with the keys.
CREDENTIAL_PDF_SIGNER = env("CREDENTIAL_PDF_SIGNER", "")
CREDENTIAL_PDF_SIGNER_PASSWORD = env("CREDENTIAL_PDF_SIGNER_PASSWORD", "")
# The REST API (training.api, README "API and webhooks"): bearer tokens only, JSON only, one error
# shape, API_RATE requests per token.
API_RATE = env("API_RATE", "3600/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["training.api.framework.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["training.api.framework.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["training.api.framework.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "training.api.framework.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "training.api.errors.handle_exception",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shiftready API",
    "DESCRIPTION": "Who is ready for on-call: people, teams, tracks, enrollments, certificates and on-call "
                   "eligibility; enrol people and record shadow shifts. Send `Authorization: Bearer <token>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "training.api.schema.add_error_responses"],
    "ENUM_NAME_OVERRIDES": {},
}

# Outgoing webhooks (training.webhooks, README "API and webhooks"): a webhook may call a loopback,
# private or link-local address only with WEBHOOK_ALLOW_PRIVATE (a receiver on your own network);
# plain http only when WEBHOOK_REQUIRE_HTTPS is off (the default outside production).
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", False)
WEBHOOK_REQUIRE_HTTPS = env_bool("WEBHOOK_REQUIRE_HTTPS", PRODUCTION)
WEBHOOK_TIMEOUT_SECONDS = float(env("WEBHOOK_TIMEOUT_SECONDS", "10"))
# A certified engineer asked to re-read a changed required document stops being eligible for
# on-call after this many days without reading it (training.certification.eligibility).
REREAD_GRACE_DAYS = int(env("REREAD_GRACE_DAYS", "30"))

# Directory provisioning (SCIM 2.0, django-scim2) at /scim/v2/, with tokens from
# `manage.py scim_token create --name NAME`.
SCIM_SERVICE_PROVIDER = {
    "NETLOC": SITE_URL.split("://", 1)[-1].split("/", 1)[0],
    "SCHEME": SITE_URL.split("://", 1)[0],
    "AUTHENTICATION_SCHEMES": [{
        "type": "oauthbearertoken", "name": "Bearer token", "primary": True,
        "description": "A directory token made with `manage.py scim_token create --name NAME`.",
    }],
    "USER_ADAPTER": "training.people.scim.ScimUser",
    "GROUP_MODEL": "training.people.models.DirectoryGroup",
    "GROUP_ADAPTER": "training.people.scim.ScimGroup",
    "USER_FILTER_PARSER": "training.people.scim_config.ScimUserFilter",
    "GROUP_FILTER_PARSER": "training.people.scim_config.ScimGroupFilter",
    "SERVICE_PROVIDER_CONFIG_MODEL": "training.people.scim_config.ServiceProviderConfig",
    "BASE_LOCATION_GETTER": "training.people.scim_config.base_location",
    "GET_IS_AUTHENTICATED_PREDICATE": "training.people.scim_config.is_directory",
    "GET_EXTRA_MODEL_EXCLUDE_KWARGS_GETTER": "training.people.scim_config.hide_deleted",
    "GET_OBJECT_POST_PROCESSOR_GETTER": "training.people.scim_config.post_process_object",
    "SCHEMAS_GETTER": "training.people.scim_config.schemas",
    "WWW_AUTHENTICATE_HEADER": 'Bearer realm="shiftready-scim"',
}

# The engineer's home is rendered once per change of the data it shows (training.pagecache);
# this bounds what its key does not see, such as a name edited in the admin. 0 turns it off.
# Each process keeps its own copy in memory by default; CACHES may name a shared one (Redis).
CONTENT_CACHE_SECONDS = int(env("CONTENT_CACHE_SECONDS", "60"))
# With REDIS_URL (redis://host:6379/0) every process shares one cache in Redis (Django's own
# RedisCache): a page built by one gunicorn worker is served by the others.
REDIS_URL = env("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "shiftready",
    } if REDIS_URL else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(env("CACHE_MAX_ENTRIES", "5000"))},
    }
}

# Background tasks in the database (`db_worker`), or TASKS_BACKEND=rq: RQ in Redis (training.site.scaleout).
TASKS, RQ_QUEUES, _task_apps = scaleout.tasks(env, redis_url=REDIS_URL)
INSTALLED_APPS += _task_apps
RQ_SHOW_ADMIN_LINK = False  # its dashboard's API answers a token of its own: `manage.py rqstats` instead

# Bulk export zips (every certificate and report of a team) are deleted this many days after
# they were built, by the daily run (`send_reminders --schedule`) or `manage.py purge_exports`.
EXPORT_RETENTION_DAYS = int(env("EXPORT_RETENTION_DAYS", "7"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Upload limits: documents and question banks are text; a certificate PDF is small.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Any request body larger than this is refused with 413 (training.site.security) before it is read;
# DATA_UPLOAD_MAX_MEMORY_SIZE alone leaves uploaded files unbounded. Set your proxy's limit
# (nginx: client_max_body_size) to the same.
MAX_REQUEST_BODY_SIZE = int(env("MAX_REQUEST_BODY_SIZE", str(10 * 1024 * 1024)))

# Who may grade scenario answers: assessments knows nothing of teams, so training tells it.
ASSESSMENTS_REVIEWER_POLICY = "training.access.AttemptReviewPolicy"
# Who may host (and confirm) a shadow shift: eligibility for on-call is certification's answer,
# and the workflow sits below certification, so it asks this policy (README "Architecture").
SHADOW_HOST_POLICY = "training.certification.eligibility.HostPolicy"
ENROLLMENT_PAGE_PANELS = ["training.levels.views.enrollment_panel", "training.rota.views.enrollment_panel"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    # "__Host-" cookies are only accepted over HTTPS, for this host and path "/" (ASVS V3.3.1).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # Any http:// reference left in a page is fetched over HTTPS.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
