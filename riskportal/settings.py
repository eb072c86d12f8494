"""Settings for riskportal: one file, everything that differs between machines from the env.

With no variables set it runs in development on a local SQLite file. Production sets at
least ``DEBUG=false``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``; see README.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from riskportal.env import env_bool, env_int, env_list, env_str
from riskportal.infrastructure import cache_from_url, default_storage, task_backend

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)
# With DEBUG on, a missing page shows the app's own 404 page, as in production; set this to
# get Django's technical page (with every URL pattern) back while developing.
DEBUG_TECHNICAL_404 = env_bool("DEBUG_TECHNICAL_404", default=False)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY
elif len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
# The key of review sign-off seals (assessments/reviews.py); empty: derived from SECRET_KEY.
SIGN_OFF_SEAL_KEY = env_str("SIGN_OFF_SEAL_KEY")
SIGN_OFF_SEAL_FALLBACK_KEYS = env_list("SIGN_OFF_SEAL_FALLBACK_KEYS")
if SIGN_OFF_SEAL_KEY and len(SIGN_OFF_SEAL_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("SIGN_OFF_SEAL_KEY must be at least 32 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entries must start with http:// or https://; got {_origin!r}."
        )

INSTALLED_APPS = [
    "riskportal.admin_site.AdminConfig",  # the admin, scoped to the teams a user supervises
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "csp",
    "axes",
    "template_partials",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    # The domain, in dependency order: each app may import only from those above it.
    "registers",
    "journeys",
    "assessments",
    "exhibits",
    # Work that reads across the domain sits at the end of the chain.
    "criteria",
    "checks",
    "evidence",
    "interchange",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "riskportal.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "riskportal.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "riskportal.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # With DEBUG on, the app's own 404 page instead of Django's technical one.
    "riskportal.not_found.AppNotFoundPageMiddleware",
    # Last, as django-axes asks: turns a lockout into the "locked out" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "riskportal.urls"
WSGI_APPLICATION = "riskportal.wsgi.application"

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
                "riskportal.context_processors.today",
                "riskportal.context_processors.site_links",
            ],
            "builtins": ["riskportal.people"],  # the ``person`` filter, on every page
        },
    }
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    _db = dj_database_url.parse(DATABASE_URL)
except Exception as exc:  # dj-database-url raises several types for unknown schemes.
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL we understand: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers at once: WAL lets readers go on while one writes, IMMEDIATE takes the
    # write lock at BEGIN (so no deadlock on lock upgrade) and the busy timeout waits for it
    # instead of failing with "database is locked".
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60, minimum=0)
    _db["CONN_HEALTH_CHECKS"] = True
else:
    raise ImproperlyConfigured(
        "DATABASE_URL must point at SQLite (sqlite:///path) or PostgreSQL (postgres://...)."
    )
_db.setdefault("TEST", {})
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
# CACHE_URL: locmem:// (default: each process keeps its own) or redis://host:port/db
# (shared by every web server). No page is cached: pages are fast enough rendered afresh.
# The cache holds the matrix spec (keyed on its version), the criteria, the dismissals of
# the checks (dropped by the services that change them) and the sign-in throttles.
CACHES = {
    "default": cache_from_url(
        env_str("CACHE_URL", "locmem://"),
        max_entries=env_int("CACHE_MAX_ENTRIES", 5000, minimum=100),
        key_prefix=env_str("CACHE_KEY_PREFIX", "riskportal"),
    )
}

# --- Authentication -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "riskportal.auth.LoginThrottleBackend",
    # Django's ModelBackend, with the user's "can edit in a team" read in the same query.
    "registers.backends.MembershipBackend",
]
# Failed sign-ins are throttled on the user name and the address together, so one person
# typing a colleague's name wrongly cannot lock the whole office (or that colleague) out.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "riskportal.auth.throttled_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# The client's address: REMOTE_ADDR, or behind a trusted proxy the address it forwarded.
AXES_CLIENT_IP_CALLABLE = "riskportal.throttle.client_address"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"
# Password-reset emails: at most this many requests per email and per client address in
# the window; past either, no email is sent and the page answers the same.
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3, minimum=1)
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 10, minimum=1)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60, minimum=1)

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
try:
    import zoneinfo

    zoneinfo.ZoneInfo(TIME_ZONE)
except Exception:
    raise ImproperlyConfigured(f"TIME_ZONE is not a known time zone: {TIME_ZONE!r}.") from None
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded imports and evidence PDFs: local disk under MEDIA_ROOT, or an S3-compatible
# bucket when AWS_STORAGE_BUCKET_NAME is set (riskportal.infrastructure, README).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": default_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"

# --- Email -------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# Links in emails. By default the address `make run` and `make serve` listen on: the PORT
# they are given (8000 unless set), so a link follows the server to another port.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000, minimum=1)}").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "riskportal <noreply@riskportal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Forms -------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Sessions and security ------------------------------------------------------------------
# Sessions end after SESSION_IDLE_MINUTES without a request; IdleSessionMiddleware renews
# an active one every few minutes rather than writing the session on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120, minimum=5) * 60
SESSION_TOUCH_SECONDS = min(300, SESSION_COOKIE_AGE // 4)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS: on by default in production, off in development. Behind a TLS proxy, list the
# proxy's addresses in TRUSTED_PROXY_IPS: only their X-Forwarded-* headers are believed.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS)
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_IPS else None
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

# Content-Security-Policy: scripts only from our own static files (htmx is vendored), no
# inline scripts, no eval. Inline style attributes are allowed (htmx sets some).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Request and upload limits ------------------------------------------------------------
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 10, minimum=1) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000, minimum=1)
#: Columns a spreadsheet may have: a wider file is refused while it is read, before mapping.
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200, minimum=40)
#: Different words of one kind (categories, likelihoods...) listed on the mapping page.
IMPORT_MAX_VALUES_TO_MAP = env_int("IMPORT_MAX_VALUES_TO_MAP", 100, minimum=10)
#: Imports started but not committed are deleted, with their file, after this many days.
IMPORT_KEEP_DAYS = env_int("IMPORT_KEEP_DAYS", 2, minimum=1)
#: Exhibits (files attached to records): size, pixels of an image, pages of a PDF.
EXHIBIT_MAX_BYTES = env_int("EXHIBIT_MAX_MB", 10, minimum=1) * 1024 * 1024
EXHIBIT_MAX_MEGAPIXELS = env_int("EXHIBIT_MAX_MEGAPIXELS", 40, minimum=1)
EXHIBIT_MAX_PDF_PAGES = env_int("EXHIBIT_MAX_PDF_PAGES", 50, minimum=1)
#: The largest body a request may have: the largest upload plus room for the form.
MAX_REQUEST_BYTES = max(IMPORT_MAX_BYTES, EXHIBIT_MAX_BYTES) + 512 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Task queue ----------------------------------------------------------------------------
# Long work (PDF evidence packs) runs as django-tasks tasks, never in a web request.
# TASKS_BACKEND=database (default): the queue is a table, worked by `manage.py db_worker`.
# TASKS_BACKEND=rq: the queue is in Redis at REDIS_URL, worked by `manage.py rqworker`.
TASKS_BACKEND = env_str("TASKS_BACKEND", "database").strip().lower()
TASKS_QUEUE = env_str("TASKS_QUEUE", "default")
TASKS = {"default": {"BACKEND": task_backend(TASKS_BACKEND), "QUEUES": [TASKS_QUEUE]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]

# --- Evidence pack (PDF) -------------------------------------------------------------------
# Every PDF is rendered by a worker (evidence.tasks), in a child process under these limits.
EVIDENCE_MAX_PAGES = env_int("EVIDENCE_MAX_PAGES", 1500, minimum=10)
EVIDENCE_MAX_RENDER_SECONDS = env_int("EVIDENCE_MAX_RENDER_SECONDS", 300, minimum=10)
EVIDENCE_WORKER_MEMORY_MB = env_int("EVIDENCE_WORKER_MEMORY_MB", 2048, minimum=256)
EVIDENCE_WORKER_CPU_SECONDS = env_int("EVIDENCE_WORKER_CPU_SECONDS", 600, minimum=10)
EVIDENCE_WORKER_WALL_SECONDS = env_int(
    "EVIDENCE_WORKER_WALL_SECONDS", EVIDENCE_WORKER_CPU_SECONDS + 60, minimum=10
)
#: Exports a user may have waiting or running at once (one per register at most).
EVIDENCE_MAX_PENDING_PER_USER = env_int("EVIDENCE_MAX_PENDING_PER_USER", 3, minimum=1)
#: A running export whose worker has not been heard from for this long is retried once,
#: then marked failed (the worker was stopped or killed mid-render).
EVIDENCE_STALE_SECONDS = env_int("EVIDENCE_STALE_SECONDS", 90, minimum=15)
#: Finished exports and their PDFs are deleted after this many days.
EVIDENCE_KEEP_DAYS = env_int("EVIDENCE_KEEP_DAYS", 7, minimum=1)
if TASKS_BACKEND == "rq":
    # django-tasks-rq reads results through the "default" queue's connection.
    RQ_QUEUES = {
        queue: {
            "URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
            # RQ's own limit on a task sits above the render's wall-clock limit.
            "DEFAULT_TIMEOUT": EVIDENCE_WORKER_WALL_SECONDS + 120,
        }
        for queue in {TASKS_QUEUE, "default"}
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
