"""Settings of the Quinzaine du Japon programme manager, read from environment variables.

Defaults suit local development (SQLite file, DEBUG on). With DEBUG off, the site refuses
to start without SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from quinzaine.api_settings import api_settings
from quinzaine.security import content_security_policy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Public address of the site, used in feeds and e-mails when no request is at hand.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Domain part of iCalendar UIDs: keeps them unique across installations.
ICAL_UID_DOMAIN = os.environ.get("ICAL_UID_DOMAIN", "quinzaine.japonoccitanie.fr")
# The festival as the ORGANIZER of every calendar entry (RFC 5546 asks for one in PUBLISH).
FESTIVAL_NAME = os.environ.get("FESTIVAL_NAME", "Quinzaine du Japon en Occitanie")
# Where the full name is too long: calendar names, the admin's title, the header's lockup.
FESTIVAL_SHORT_NAME = os.environ.get("FESTIVAL_SHORT_NAME", "Quinzaine du Japon")
FESTIVAL_CONTACT_EMAIL = os.environ.get("FESTIVAL_CONTACT_EMAIL", "contact@" + ICAL_UID_DOMAIN)
# Who hears of each new or amended event proposal (the festival team, comma-separated); the
# contact address when empty. How mail is sent (console by default, SMTP…) is EMAIL_URL's.
PROPOSALS_NOTIFY_EMAIL = env_list("PROPOSALS_NOTIFY_EMAIL")
# Map tiles of the venue maps: OpenStreetMap's, or a tile server of one's own.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# The address service that places venues from their address (venues/geocoding.py); empty
# turns it off. Asked while an organiser waits: a short timeout, in seconds.
GEOCODER_URL = os.environ.get("GEOCODER_URL", "https://api-adresse.data.gouv.fr/search/")
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "2.5"))

INSTALLED_APPS = [
    # Before the admin: its translation fields stand beside the French ones.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Widget templates from templates/ too (the admin's kept-image input).
    "django.forms",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "csp",
    "axes",
    # The partners' read API (events/api): its OpenAPI schema, CORS for GET. REST framework
    # itself is not installed: its French catalogue would reword Django's form messages.
    "drf_spectacular",
    "corsheaders",
    # The project's own tables: rate limits, images kept for a refused form.
    "quinzaine",
    "events",
    "venues",
]

# The legal notice, privacy, accessibility and contact pages are flat pages of this site.
SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS headers on the API's answers, those served from the page cache too.
    "corsheaders.middleware.CorsMiddleware",
    # Serves anonymous visitors' pages and feeds, compressed or not, as the middleware below
    # made them (their headers included): a cached page skips them all.
    "quinzaine.caching.PublicCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "quinzaine.security.PermissionsPolicyMiddleware",
    # Feeds and pages compressed for clients that accept it (a whole-edition feed: ~10x).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the URL's prefix (/en/, /ja/; none is French: the admin too).
    "quinzaine.middleware.URLLanguageMiddleware",
    # The domain in « Sites » as saved, whichever server process saved it.
    "quinzaine.middleware.FreshSiteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers a locked-out login with the lockout page (templates/axes/lockout.html).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "quinzaine.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
                "events.context_processors.festival",
                "quinzaine.context_processors.languages",
            ],
        },
    },
]

WSGI_APPLICATION = "quinzaine.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url, name="default", max_entries=1000):
    """Return a cache setting: local memory by default, Redis for a redis:// URL."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"quinzaine-{name}",
        }
    if url == "dummy://":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"quinzaine-{name}",
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


# Several app servers share one Redis: CACHE_URL=redis://host:6379/0. Pages and feeds go
# to "default"; fragments of single sessions (VEVENTs, programme rows), small and many,
# to "fragments", keyed by everything they show.
CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
CACHES = {
    "default": cache_from_url(CACHE_URL),
    "fragments": cache_from_url(CACHE_URL, "fragments", max_entries=50_000),
}
# Anonymous pages and feeds (quinzaine.caching): how long a copy is kept in the cache (the
# programme version makes any change show at once; this bounds what depends on the clock),
# how long browsers and proxies may keep it, and serve it stale while asking again.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "60"))
PAGE_STALE_SECONDS = int(os.environ.get("PAGE_STALE_SECONDS", "600"))
# What a write must change the programme version for: the tables of these apps, but these
# models', written while serving pages and feeds (stamps, the version itself) or never shown
# to the public (proposals: a submission must not empty the page cache).
PAGE_CACHE_WATCHED_APPS = ["events", "venues", "flatpages", "sites"]
PAGE_CACHE_UNWATCHED_MODELS = [
    "events.FeedStamp",
    "events.ProgrammeVersion",
    "events.Proposal",
    "events.ProposedSession",
]
PAGE_CACHE_VERSION_MODEL = "events.ProgrammeVersion"
# Addresses whose language comes from ?lang= or Accept-Language, not from the path: the
# cache keeps one copy per language (events/api/limits.py reads them the same way).
PAGE_CACHE_NEGOTIATED_PREFIXES = ("/api/",)

# The partners' read API (events/api): REST framework, its schema, CORS, the data's licence.
API_REQUESTS_PER_HOUR = int(os.environ.get("API_REQUESTS_PER_HOUR", "600"))
OPEN_DATA_LICENCE = os.environ.get("OPEN_DATA_LICENCE", "Licence Ouverte / Etalab 2.0")
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
)
REST_FRAMEWORK, SPECTACULAR_SETTINGS = api_settings(
    FESTIVAL_NAME, OPEN_DATA_LICENCE, OPEN_DATA_LICENCE_URL
)
# Any site may read the API from a browser, for GET only; nothing else is shared.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Content-Language", "RateLimit-Policy")

# Several app servers share sessions through the database; with a shared Redis cache in
# front of it (cached_db). A cache of each process's own would keep a session alive on the
# other servers after logging out.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else "django.contrib.sessions.backends.db"
)

# Logins: after AXES_FAILURE_LIMIT failures from one address (for one account or several),
# logging in from that address is refused (even with the right password) for
# AXES_COOLOFF_HOURS, or until a superuser deletes the attempts (admin « Axes », or
# manage.py axes_reset_ip). Never by account alone: a stranger's failures cannot keep an
# organiser out from elsewhere. User names that do not exist count as one name per address,
# and refused attempts are not recorded, so a flood of made-up names adds no rows. Attempts
# are kept in the database: every app server sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Only organisers log in, through the admin (the password reset pages link to it).
LOGIN_URL = "admin:login"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_USERNAME_CALLABLE = "quinzaine.lockout.attempted_username"
# A refused attempt is not recorded: it neither grows the table nor prolongs the lockout.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Hours a lockout lasts; 0: until a superuser unlocks.
AXES_COOLOFF_TIME = int(os.environ.get("AXES_COOLOFF_HOURS", "1")) or None
AXES_RESET_ON_SUCCESS = True
# The lockout page (templates/axes/lockout.html) in the admin's look.
AXES_LOCKOUT_CALLABLE = "quinzaine.lockout.lockout"
# Behind reverse proxies, how many of them append the client's address to X-Forwarded-For
# (nginx's $proxy_add_x_forwarded_for: 1). 0: the header is not trusted.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "quinzaine.security.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
# French first, at addresses without prefix; English under /en/, Japanese under /ja/. The
# admin stays French: the address decides, never the browser (quinzaine.middleware).
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais")), ("ja", _("Japonais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times as each language writes them: « samedi 28 novembre 2026 »,
# "Saturday 28 November 2026", « 2026年11月28日(土) » (quinzaine/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["quinzaine.formats"]
# Content translated by django-modeltranslation: French is the original column (title),
# English and Japanese sit beside it (title_en, title_ja) and fall back to it when empty.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en", "ja")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr",)}
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
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

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads in an S3-compatible bucket, shared by every app server, when a bucket is named.
# Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3 itself.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Public pictures: plain addresses that pages and caches can keep.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
        },
    }
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_URL = f"https://{AWS_S3_CUSTOM_DOMAIN}/"
    else:
        endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "https://s3.amazonaws.com").rstrip("/")
        MEDIA_URL = f"{endpoint}/{AWS_STORAGE_BUCKET_NAME}/"
# Uploaded images are served by Django when no front server does it (local use, small sites).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
# Largest image an organiser may upload, in bytes.
MAX_IMAGE_UPLOAD_SIZE = int(os.environ.get("MAX_IMAGE_UPLOAD_SIZE", 5 * 1024 * 1024))

# Django 6 behaviour now: a URL typed without scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Spreadsheet import and export of the programme in the admin (events/resources.py):
# importing needs the "add" permission of the list, exporting the "view" one.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# HTTPS. Behind a TLS proxy, trust its X-Forwarded-Proto (the proxy must set it on every
# request, overwriting what the client sent). Defaults are for production when DEBUG is off.
if env_bool("BEHIND_TLS_PROXY", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The load balancer's health check may call each app server over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# No script of the site reads the CSRF token from its cookie.
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles from this site's files only (none inline); images also from the map
# tile server and the media storage.
CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILES_URL, MEDIA_URL)

# E-mail (password resets, proposals): printed on the console by default. In production
# EMAIL_URL=submission://user:password@smtp.example.org (SMTP with STARTTLS on port 587),
# smtp://host:25, or smtp://…:465?ssl=1; file:// writes each message to a file in
# EMAIL_FILE_PATH (or the URL's path).
EMAIL_URL = os.environ.get("EMAIL_URL", "console://")
_email = dj_email_url.parse(EMAIL_URL)
if "EMAIL_BACKEND" not in _email:
    raise ImproperlyConfigured(f"EMAIL_URL: unknown scheme in {EMAIL_URL.split(':')[0]!r}.")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 10
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or (
    "/" + _email["EMAIL_FILE_PATH"] if _email["EMAIL_FILE_PATH"] else str(BASE_DIR / "mails")
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", FESTIVAL_CONTACT_EMAIL)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Who receives server errors by e-mail: "Name <address>, address…"; empty: nobody.
ADMINS = [
    (name, address) for name, address in getaddresses([os.environ.get("ADMINS", "")]) if address
]

# Errors, with the request's method and path (django.request), on the console where
# gunicorn or systemd collects them; mailed to ADMINS too when set.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "request": {"()": "quinzaine.logs.RequestFilter"},
    },
    "formatters": {
        "readable": {
            "format": "{asctime} {levelname} {name} [{request_line}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "readable",
            "filters": ["request"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"handlers": ["console", "mail_admins"], "propagate": False},
        "django.security": {"handlers": ["console", "mail_admins"], "propagate": False},
    },
}
