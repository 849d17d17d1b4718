"""Filmsite settings, read from the environment.

One module serves development, tests and production. Defaults are safe: debug
is off unless DJANGO_DEBUG says otherwise, and with debug off a secret key must
be given and the security settings that `manage.py check --deploy` asks for are
on. See README.md for every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


# Two small readers rather than django-environ, whose Env.bool() reads any
# unknown word ("maybe", "ture") and an empty value as False, where these
# refuse the first and keep the default for the second (DJANGO_SECURE_SSL_REDIRECT=""
# must not turn the redirect off), and whose Env.list() keeps the spaces around
# each host name. Its cache URLs know neither "locmem://" nor our fail-soft
# Redis backend, so the cache setting below would stay ours anyway.
def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for local development, set DJANGO_DEBUG=1)."
        )
    SECRET_KEY = "django-insecure-development-only-key"  # used only with DEBUG on

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with a dashboard on its index page (filmsite/dashboard.py).
    "filmsite.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so runserver serves static files as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # search lookups (films.search); inert on SQLite
    "django_filters",
    # Admin login lockout (see "Admin login" below).
    "axes",
    # Revisions: the stored versions behind drafts, compare and revert
    # (filmsite/content/revisions.py).
    "reversion",
    # Publishing, history, the content version and page cache, the shared
    # admin bases: what both content apps build on (imports neither).
    "filmsite.content",
    "films",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Directly after SecurityMiddleware, as whitenoise documents.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Uploaded images, as whitenoise serves static files: an image skips the
    # page cache, sessions and authentication (filmsite/media.py).
    "filmsite.media.MediaMiddleware",
    # Before any view or cache reads the query string.
    "films.middleware.QueryTextMiddleware",
    # Before sessions and authentication: a cached page skips all of them.
    "filmsite.content.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Refuses admin login attempts that come too soon after failures (filmsite/lockout.py).
    "filmsite.lockout.LoginSlowdownMiddleware",
    # After authentication: credits changes made during a request to its user.
    "filmsite.content.history.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes documents: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "filmsite.urls"
WSGI_APPLICATION = "filmsite.wsgi.application"

TEMPLATES = [
    # The public pages (filmsite/jinja2.py says why they use Jinja2).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "filmsite.jinja2.environment"},
    },
    # The admin, and Django's own templates (sitemaps, forms in the admin).
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# DATABASE_URL, e.g. postgres://user@host:5432/filmsite; an SQLite file by default.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections with health checks: opening a PostgreSQL
        # connection per request halves throughput on this hardware, and a new
        # SQLite connection costs ~0.7 ms (schema parse, pragmas, a cold page
        # cache) against ~0.02 ms for a kept one.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
# Behind a PgBouncer in transaction pooling mode: no server-side cursors, which
# need one server connection for the whole client connection.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DJANGO_DB_POOLER")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Take the write lock when a transaction starts, so two writers
            # queue on the busy timeout instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# --- Database outages ----------------------------------------------------------
# A database that does not answer fails a page fast, as a 503 (filmsite/views.py),
# instead of holding it for psycopg's default of 130 s. 2 s is the least libpq and
# psycopg accept (they treat 1 as 2); a refused connection fails at once anyway.
DB_CONNECT_TIMEOUT = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "2"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # setdefault: a connect_timeout in DATABASE_URL's query string wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", DB_CONNECT_TIMEOUT)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache outages -------------------------------------------------------------
# A Redis outage must not take the site down (filmsite/cache.py): a call that
# fails is a miss, answered within DJANGO_CACHE_TIMEOUT, and Redis is then left
# alone for DJANGO_CACHE_BACKOFF_SECONDS, so pages render uncached meanwhile.
CACHE_TIMEOUT = float(os.environ.get("DJANGO_CACHE_TIMEOUT", "0.25"))
CACHE_BACKOFF_SECONDS = float(os.environ.get("DJANGO_CACHE_BACKOFF_SECONDS", "5"))


def redis_cache(url, timeout=CACHE_TIMEOUT, backoff=CACHE_BACKOFF_SECONDS):
    """The cache settings for a Redis server at `url`."""
    return {
        "BACKEND": "filmsite.cache.FailSoftRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            # Connect and read timeouts: Redis on the same network answers in
            # a millisecond; one that does not answer must not hold a page.
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
            "BACKOFF": backoff,
        },
    }


# --- Cache ----------------------------------------------------------------------
# DJANGO_CACHE_URL: "locmem://" (default), "redis://host:6379/0" or "dummy://".
CACHE_URL = os.environ.get("DJANGO_CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": redis_cache(CACHE_URL)}
elif CACHE_URL.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif CACHE_URL.startswith("locmem://"):
    # Per process: fine for one process; use Redis to share pages between workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
else:
    raise ImproperlyConfigured(f"DJANGO_CACHE_URL: unsupported cache {CACHE_URL!r}")

# --- Auth -----------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

# --- Static and media files ------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed files with content-hashed names, cached forever by browsers.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded posters are limited again by the image validators; this bounds the request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------
# Same-origin resources only; no inline script or style anywhere on the site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    # HTTPS everywhere in production. Behind a TLS-terminating proxy, set
    # DJANGO_SECURE_PROXY_SSL_HEADER=1 so Django trusts X-Forwarded-Proto.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Page cache ---------------------------------------------------------------------
# Visitors' pages are cached per URL and content version (filmsite/content/page_cache.py); this
# bounds how late a scheduled publication can appear.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "60"))
# A cache shared by every server process can also hold the content version.
PAGE_CACHE_SHARED = CACHE_URL.startswith(("redis://", "rediss://"))

# --- Film list index -----------------------------------------------------------------
# Each process answers the film list from an index derived from FilmFilter
# (films/catalogue.py). After a change it keeps answering from the index it has
# while a background thread builds the next, at most once per this many
# seconds: about how long a change may take to reach the list. None (the
# tests' setting) rebuilds at once, on the request that finds the change.
CATALOGUE_REFRESH_SECONDS = float(os.environ.get("DJANGO_CATALOGUE_REFRESH_SECONDS", "5"))

# --- Serving media ------------------------------------------------------------------
# Uploaded posters and their renditions are served by the application unless a
# web server in front serves MEDIA_URL itself (README, "Serving media"): only
# JPEG, PNG and WebP, never sniffed, cached by name (filmsite/media.py).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)

# --- Admin login ------------------------------------------------------------------
# django-axes counts failed logins in the database (shared by every process and
# machine) and locks out an account, and separately an address, after
# AXES_FAILURE_LIMIT failures within the cool-off; each further failure starts
# the cool-off again. A superuser unlocks in the admin (Axes → Access attempts)
# or with `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS`.
# First, so a locked-out login is refused before a password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
# Two separate parameters: either one locks (not only the pair).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A correct login must not wipe the failures counted against an address: from
# one address, guessing another account's password and logging in to one's own
# would otherwise reset the count. Failures expire with the cool-off instead.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "filmsite.lockout.lockout_response"
# Before the lockout, each failure doubles the wait before the next attempt is
# checked: 1, 2, 4, 8 s (filmsite.lockout.slowdown_seconds); 0 turns it off.
LOGIN_SLOWDOWN_SECONDS = float(os.environ.get("DJANGO_LOGIN_SLOWDOWN_SECONDS", "1"))
AXES_CLIENT_IP_CALLABLE = "filmsite.lockout.client_ip"
# Behind a proxy: the header it sets to the client's address (e.g.
# X-Forwarded-For, whose last entry is taken). Empty: the connection's own
# address (REMOTE_ADDR), which a client cannot forge.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")
