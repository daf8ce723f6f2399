"""citydip settings, read from the environment.

Debug is off unless DJANGO_DEBUG=1 says otherwise: a server started with no environment (`gunicorn
citydip.wsgi`) shows no tracebacks. `make run`, `manage.py` and the tests turn it on for development, on the
embedded SQLite database. With debug off, the secret key and the allowed hosts must come from the
environment, or start-up stops with a message saying which is missing.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    missing = [name for name, value in [("DJANGO_SECRET_KEY", SECRET_KEY), ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS)] if not value]
    if missing:
        raise ImproperlyConfigured(
            f"DJANGO_DEBUG=0 needs {' and '.join(missing)} in the environment "
            "(e.g. DJANGO_SECRET_KEY=$(openssl rand -hex 32) DJANGO_ALLOWED_HOSTS=citydip.example.org); "
            "for development, set DJANGO_DEBUG=1 instead (make run does)."
        )

INSTALLED_APPS = [
    "citydip.site.admin_config.DeskAdminConfig",  # django.contrib.admin, its start page the editors' desk
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "axes",
    "citydip",
    "articles",
    "initiatives",
]

MIDDLEWARE = [
    # Outermost, so that their headers are on every response, static files included.
    "csp.middleware.CSPMiddleware",
    "citydip.core.middleware.PermissionsPolicyMiddleware",
    # Outside the page cache and the error pages, so that redirects, errors and cached answers carry it too.
    "citydip.core.middleware.ReadApiCorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every page, and 304 when the reader already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads a parameter: a NUL would reach PostgreSQL, which refuses it.
    "citydip.core.middleware.ControlCharacterMiddleware",
    "citydip.core.middleware.ReadOnlySiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside every middleware that adds a header, so that a cached page carries the same headers as a fresh one.
    "citydip.core.caching.AnonymousPageCacheMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user or address is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "citydip.urls"
WSGI_APPLICATION = "citydip.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Short waits instead of "database is locked" when the dev server and a command write at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    INSTALLED_APPS.append("django.contrib.postgres")
    # PostgreSQL's JIT compiles any query its planner thinks large; for a page's queries at scale it spent
    # 50 ms compiling to save a few (measured on the map at scale 100).
    options = "-c jit=off"
    if env_flag("CITYDIP_SERVING", False):
        # A web request never waits on a lock or a statement past these, which stay below gunicorn's 30 s
        # worker timeout: the reader gets a 503 (citydip.core.errors) instead of a worker killed mid-request.
        statement_ms = int(os.environ.get("CITYDIP_STATEMENT_TIMEOUT_MS", "20000"))
        lock_ms = int(os.environ.get("CITYDIP_LOCK_TIMEOUT_MS", "5000"))
        options += f" -c statement_timeout={statement_ms} -c lock_timeout={lock_ms}"
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = options

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "citydip.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "citydip",
            # The cache is an accelerator: a Redis that does not answer within these is given up on (and left
            # alone for a few seconds, citydip.core.redis_cache), and the page is made afresh.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("CITYDIP_REDIS_CONNECT_TIMEOUT", "0.1")),
                "socket_timeout": float(os.environ.get("CITYDIP_REDIS_TIMEOUT", "0.1")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "citydip"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

TAGGIT_CASE_INSENSITIVE = True

# Security headers, on every response (the development server's too).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Production: HTTPS only, behind a proxy that says so. `make serve` turns the redirect and the secure-only
# cookies off for plain-HTTP runs on this machine (DJANGO_SECURE_SSL_REDIRECT=0, DJANGO_SECURE_COOKIES=0).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", True)
    # A load balancer's probes come over plain HTTP from inside: a redirect would read as a failure.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "")  # e.g. HTTP_X_FORWARDED_PROTO,https
if proxy_header:
    SECURE_PROXY_SSL_HEADER = tuple(part.strip() for part in proxy_header.split(",", 1))

# Login guessing: after 5 failures for one user name from one address, 15 minutes' lock-out with a 429 page
# that says when to try again. Counted by name and address together, so that a team behind one NAT is not
# locked out by one colleague's typos, and no one can lock a known editor out from elsewhere.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "citydip.core.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Behind a proxy, the client's address is the last one the proxy (DJANGO_PROXY_COUNT of them) appended.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]

PAGE_SIZE = 20

# The apps whose records readers see and editors curate: the Editors group's permissions, the content version
# (citydip.core.versions), whether a database holds content before a restore.
CONTENT_APPS = ("articles", "initiatives")

# The site's own address, for what is made outside a request (the dataset files of /data/).
SITE_URL = os.environ.get("CITYDIP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where readers write to report an error, shown on /about/ (none: the page says how to reach the editors otherwise).
CONTACT_EMAIL = os.environ.get("CITYDIP_CONTACT_EMAIL", "").strip()
# Dataset files are built in a thread of the process that finds them out of date (citydip.data.datasets), kept in the
# database, and copied to this directory of each app server, from where the operating system sends them.
DATASETS_BUILD_IN_BACKGROUND = True
DATASETS_DIR = Path(os.environ.get("CITYDIP_DATASETS_DIR", Path(tempfile.gettempdir()) / "citydip-datasets"))

# Whole pages cached for anonymous readers (citydip.core.caching); off only to measure uncached pages (bench/).
PAGE_CACHE = env_flag("CITYDIP_PAGE_CACHE", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_on_one_line": {"()": "citydip.core.log_filters.ClientErrorsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors_on_one_line"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
