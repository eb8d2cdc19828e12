"""Public pages and feeds served from a cache that no change can leave stale.

Every SQL statement that writes to a table of the programme (events, venues, flat pages…)
also changes one token, the programme version, in the same transaction. The version is part
of every cache key: after a change, whatever it touched, through the admin, a bulk update or
a cascade, the next request builds its page anew. Nothing lists keys to forget.

Only GET and HEAD requests without a session cookie (anonymous visitors) are cached, and
only responses that set no cookie and do not vary on it (a CSRF token, messages) and are
not private.
"""

import datetime
import hashlib
import re
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
)
from django.utils.http import http_date, parse_http_date_safe

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)
# robots.txt is a fixed text: cheaper to render than to look up. The health check must
# reach the database, and answer even when it cannot.
NOT_CACHED_PREFIXES = ("/admin/", "/static/", "/media/", "/robots.txt", "/sante/")
# As GZipMiddleware reads Accept-Encoding.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")

_watched_tables = None


def watched_tables():
    global _watched_tables
    if _watched_tables is None:
        # Which apps and models: settings.PAGE_CACHE_WATCHED_APPS, PAGE_CACHE_UNWATCHED_MODELS.
        unwatched = {label.lower() for label in settings.PAGE_CACHE_UNWATCHED_MODELS}
        _watched_tables = {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in settings.PAGE_CACHE_WATCHED_APPS
            and model._meta.label_lower not in unwatched
        }
    return _watched_tables


def _version_table():
    return apps.get_model(settings.PAGE_CACHE_VERSION_MODEL)._meta.db_table


def bump_after_writes(execute, sql, params, many, context):
    """Execute a statement; if it writes to the programme, change the version with it."""
    result = execute(sql, params, many, context)
    match = WRITE.match(sql)
    if match and match.group(1) in watched_tables():
        # A cursor of its own: the statement's cursor may still hold rows (INSERT … RETURNING).
        with context["connection"].cursor() as cursor:
            set_version(cursor)
    return result


def set_version(cursor):
    table = _version_table()
    connection = cursor.db
    if not getattr(connection, "has_version_table", False):
        # Not yet, while migrations create the tables: nothing is cached then.
        if table not in connection.introspection.table_names(cursor):
            return
        connection.has_version_table = True
    token, now = uuid.uuid4().hex, timezone.now()
    cursor.execute(f'UPDATE "{table}" SET token = %s, changed_at = %s WHERE id = 1', [token, now])


def current_version():
    """Return the programme version: (token, time of the last change).

    Plain SQL: read on every cached request, where building an ORM query would cost more
    than serving the page.
    """
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT token, changed_at FROM "{_version_table()}" WHERE id = 1')
        row = cursor.fetchone()
    if row is None:
        # No row yet (a test database emptied between tests): create it.
        version = apps.get_model(settings.PAGE_CACHE_VERSION_MODEL).objects.get_or_create(
            pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        )[0]
        return version.token, version.changed_at
    token, changed_at = row
    if isinstance(changed_at, str):  # SQLite gives text, in UTC.
        changed_at = datetime.datetime.fromisoformat(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return token, changed_at


def watch_writes(sender, connection, **kwargs):
    """Add bump_after_writes to a new database connection (connection_created signal)."""
    if bump_after_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(bump_after_writes)


class PublicCacheMiddleware:
    """Serve anonymous visitors' pages and feeds from the cache, keyed by the programme version.

    Answers If-None-Match and If-Modified-Since from the cached copy, without running the
    view. Puts Cache-Control on what it caches, so a reverse proxy or CDN may keep it a
    little and serve it stale while it asks again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.may_cache(request):
            return self.get_response(request)
        token, changed_at = current_version()
        key = self.key(request, token)
        cached = cache.get(key)
        if cached is None:
            response = self.get_response(request)
            if not self.cacheable(request, response):
                return response
            self.prepare(response, changed_at)
            cache.set(key, stored_copy(response), settings.PAGE_CACHE_SECONDS)
        else:
            response = cached
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=_timestamp(response),
            response=response,
        )
        return conditional if conditional is not None else response

    def may_cache(self, request):
        # Without a session cookie a visitor is anonymous: no need to load a session (which
        # would add "Vary: Cookie" to every response and keep CDNs from caching it).
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(NOT_CACHED_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    def key(self, request, token):
        # Outside GZipMiddleware, so compressed bodies are cached too: one copy per encoding.
        # The language comes from the path, as LocaleMiddleware takes it for i18n patterns.
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        if request.path.startswith(settings.PAGE_CACHE_NEGOTIATED_PREFIXES):
            language = negotiated_language(request)
        encoding = (
            "gzip" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""
        )
        address = f"{request.build_absolute_uri()}|{language}|{encoding}"
        return f"page:{token}:{hashlib.sha256(address.encode()).hexdigest()}"

    def cacheable(self, request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not has_vary_header(response, "Cookie")
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    def prepare(self, response, changed_at):
        if not response.has_header("ETag"):
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            response["ETag"] = f'W/"{digest}"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(changed_at.timestamp())
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE)
        patch_cache_control(response, stale_while_revalidate=settings.PAGE_STALE_SECONDS)


def stored_copy(response):
    """Return the bytes and headers of a response, without what the view built it from.

    An API answer keeps its serialized data beside its bytes (REST framework's Response):
    pickled with it, a 600-session list would be rebuilt object by object on every hit.
    """
    copy = HttpResponse(response.content, status=response.status_code)
    for name, value in response.items():
        copy[name] = value
    return copy


def negotiated_language(request):
    """Return the language asked by ?lang=, else by Accept-Language, else the default one.

    For addresses without a language prefix (PAGE_CACHE_NEGOTIATED_PREFIXES): the API.
    """
    languages = [code for code, _name in settings.LANGUAGES]
    asked = request.GET.get("lang", "")
    if asked in languages:
        return asked
    for part in request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500].split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in languages:
            return code
    return settings.LANGUAGE_CODE


def _timestamp(response):
    return parse_http_date_safe(response.get("Last-Modified", ""))
