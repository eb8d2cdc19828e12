"""Production settings, security headers, the health check and the error log."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from quinzaine.security import content_security_policy, origin_of

ROOT = Path(__file__).resolve().parent.parent
SECRET = "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG"


def production_env(tmp_path, **extra):
    """Return the environment of the README's production section (SQLite for the test)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "AWS_", "EMAIL_", "SECURE_"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="quinzaine.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/site.sqlite3",
        SITE_URL="https://quinzaine.example.org",
        DJANGO_SETTINGS_MODULE="quinzaine.settings",
    )
    env.update(extra)
    return env


def parse_policy(header):
    """Return a Content-Security-Policy header as {directive: [sources]}."""
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def run_python(code, env):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def settings_under(env, *names):
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_under_the_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_cookies_https_and_sessions(tmp_path):
    values = settings_under(
        production_env(tmp_path),
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_ENGINE",
        "EMAIL_BACKEND",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_ENGINE": "django.contrib.sessions.backends.db",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }


def test_https_parts_switch_off_for_a_site_without_tls_proxy(tmp_path):
    env = production_env(
        tmp_path,
        BEHIND_TLS_PROXY="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_COOKIES="0",
    )
    values = settings_under(
        env, "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"
    )
    assert values == {
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
    }


def test_development_defaults_keep_plain_http(tmp_path):
    env = production_env(tmp_path, DEBUG="1")
    values = settings_under(
        env, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE"
    )
    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_COOKIE_SECURE": False,
    }


def test_redis_cache_keeps_sessions_in_cache_and_database(tmp_path):
    env = production_env(tmp_path, CACHE_URL="redis://127.0.0.1:6379/0")
    assert settings_under(env, "SESSION_ENGINE") == {
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db"
    }


def test_email_from_environment(tmp_path):
    env = production_env(
        tmp_path,
        EMAIL_URL="submission://festival%40example.org:s%C3%A9cret@smtp.example.org",
        DEFAULT_FROM_EMAIL="Quinzaine du Japon <programme@example.org>",
        SERVER_EMAIL="serveur@example.org",
        ADMINS="Camille Martin <camille@example.org>, alex@example.org",
    )
    values = settings_under(
        env,
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "DEFAULT_FROM_EMAIL",
        "SERVER_EMAIL",
        "ADMINS",
    )
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "festival@example.org",
        "EMAIL_HOST_PASSWORD": "sécret",
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "Quinzaine du Japon <programme@example.org>",
        "SERVER_EMAIL": "serveur@example.org",
        "ADMINS": [["Camille Martin", "camille@example.org"], ["", "alex@example.org"]],
    }


def test_email_to_files(tmp_path):
    env = production_env(tmp_path, EMAIL_URL="file://", EMAIL_FILE_PATH=str(tmp_path / "mails"))
    assert settings_under(env, "EMAIL_BACKEND", "EMAIL_FILE_PATH") == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mails"),
    }


def test_unknown_email_scheme_is_refused_at_start(tmp_path):
    result = run_python(
        "import django; django.setup()", production_env(tmp_path, EMAIL_URL="smtp+tls://host")
    )
    assert result.returncode == 1
    assert "EMAIL_URL: unknown scheme in 'smtp+tls'." in result.stderr


def test_s3_media_storage_from_environment(tmp_path):
    env = production_env(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="quinzaine-media",
        AWS_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
        AWS_S3_REGION_NAME="fr-par",
        AWS_S3_CUSTOM_DOMAIN="media.quinzaine.example.org",
    )
    values = settings_under(env, "STORAGES", "MEDIA_URL", "CONTENT_SECURITY_POLICY")
    assert values["STORAGES"]["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "quinzaine-media",
            "endpoint_url": "https://s3.fr-par.scw.cloud",
            "region_name": "fr-par",
            "custom_domain": "media.quinzaine.example.org",
            "location": "",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    assert values["MEDIA_URL"] == "https://media.quinzaine.example.org/"
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
        "https://tile.openstreetmap.org",
        "https://media.quinzaine.example.org",
    ]


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        (
            "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png",
            "https://*.tile.openstreetmap.fr",
        ),
        ("http://127.0.0.1:8765/{z}/{x}/{y}.png", "http://127.0.0.1:8765"),
        ("/tuiles/{z}/{x}/{y}.png", ""),
        ("media/", ""),
    ],
)
def test_origin_of_tile_and_media_addresses(url, origin):
    assert origin_of(url) == origin


def test_policy_allows_only_this_site_and_the_tiles():
    policy = content_security_policy("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "/media/")
    assert policy == {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "img-src": ["'self'", "data:", "https://*.tiles.example.org"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "connect-src": ["'self'"],
            "font-src": ["'self'"],
            "frame-ancestors": ["'none'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
        }
    }


@pytest.mark.django_db
def test_public_page_sends_the_security_headers(client):
    response = client.get("/lieux/")
    assert response.status_code == 200
    assert parse_policy(response["Content-Security-Policy"]) == {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://tile.openstreetmap.org"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    assert response["Permissions-Policy"] == (
        "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    )
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_cached_page_keeps_its_security_headers(client):
    first = client.get("/lieux/")
    again = client.get("/lieux/")
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["Permissions-Policy"] == first["Permissions-Policy"]


@pytest.mark.django_db
def test_https_redirect_and_hsts_behind_a_tls_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/lieux/?commune=Albi")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/lieux/?commune=Albi"
    proxied = client.get("/lieux/", headers={"X-Forwarded-Proto": "https"})
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    # The load balancer asks each app server over plain HTTP.
    health = client.get("/sante/")
    assert (health.status_code, health.content) == (200, b"ok")


@pytest.mark.django_db
def test_health_check_answers_ok_and_is_never_cached(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/sante/")
    assert (response.status_code, response.content) == (200, b"ok")
    assert response["Content-Type"] == "text/plain"
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {
        "max-age=0",
        "no-cache",
        "no-store",
        "must-revalidate",
        "private",
    }


def test_health_check_says_503_when_the_database_is_unreachable_and_logs_it(tmp_path):
    env = production_env(
        tmp_path,
        # Nothing listens on port 1: the connection is refused at once.
        DATABASE_URL="postgres://quinzaine:secret@127.0.0.1:1/quinzaine",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
    )
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/sante/?sonde=1'); print(r.status_code, r.content.decode())"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "503 base de données injoignable"
    assert "ERROR django.request [GET /sante/?sonde=1] Service Unavailable: /sante/" in (
        result.stderr
    )


@pytest.mark.django_db
def test_password_reset_link_on_the_admin_login(client):
    page = BeautifulSoup(client.get("/admin/login/").content, "html.parser")
    link = page.select_one(".password-reset-link a")
    assert (link.get_text(), link["href"]) == (
        "Identifiants de connexion oubliés\xa0?",
        "/admin/password_reset/",
    )


@pytest.mark.django_db
def test_language_links_of_a_404_stay_on_the_site(client):
    # As a raw request line would give it (the test client would read a host from it).
    response = client.get("/", PATH_INFO="//evil.example/lieux/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    links = [a["href"] for a in page.select(".language-switcher a, a[hreflang]")]
    links += [link["href"] for link in page.select("link[rel=alternate][hreflang]")]
    assert links
    # Paths of this site (the unknown address's own, prefixed), never another host.
    assert [link for link in links if urlsplit(link).netloc not in ("", "testserver")] == []
    assert [link for link in links if link.startswith("//")] == []


@pytest.mark.django_db
def test_a_new_domain_in_sites_reaches_every_server_process(client):
    from django.contrib.sites import models as sites
    from django.core import mail

    from tests.helpers import organiser_user

    user = organiser_user()
    user.email = "camille@example.org"
    user.save()
    sites.Site.objects.get_current()  # This process has the old domain in memory.
    # Saved by another server process: this one's memory is not told.
    sites.Site.objects.filter(pk=1).update(domain="quinzaine.example.org")
    assert sites.SITE_CACHE[1].domain != "quinzaine.example.org"
    client.post("/admin/password_reset/", {"email": "camille@example.org"})
    assert "://quinzaine.example.org/admin/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_flat_pages_keep_only_a_text_page_s_html(client):
    from django.contrib.flatpages.models import FlatPage

    page = FlatPage.objects.get(url="/contact/")
    page.title = "Contact <img src=x onerror=alert(1)>"
    page.content = (
        '<p>Écrivez-nous.<meta http-equiv="refresh" content="0;url=https://evil.example"></p>'
        '<script>alert(1)</script><form action="https://evil.example"><input name="carte"></form>'
        '<p><a href="javascript:alert(1)" onclick="x()">lien</a> '
        '<a href="mailto:contact@example.org">contact@example.org</a></p>'
    )
    page.save()
    html = client.get("/contact/").content.decode()
    content = BeautifulSoup(html, "html.parser").select_one(".flatpage-content")
    assert str(content) == (
        '<div class="flatpage-content"><p>Écrivez-nous.</p>'
        '<p><a rel="noopener noreferrer">lien</a> '
        '<a href="mailto:contact@example.org" rel="noopener noreferrer">contact@example.org</a>'
        "</p></div>"
    )
    assert BeautifulSoup(html, "html.parser").h1.get_text() == "Contact "


@pytest.mark.django_db
def test_fragment_keys_do_not_grow_with_searches_or_unknown_parameters(client):
    from django.core.cache import caches

    from tests.factories import make_edition

    make_edition(slug="2027", is_current=True)
    for n in range(40):
        client.get(f"/2027/programme/?q=mot{n}")
        client.get(f"/2027/programme/?utm={n}")
        client.get(f"/2027/programme/?du=2027-01-{n % 28 + 1:02d}")
    client.get("/2027/programme/?gratuit=on")
    keys = [key for key in caches["fragments"]._cache if "programme-form" in key]
    # The search box is outside the cached form: every search shares the plain form's key.
    assert len(keys) == 2


def test_check_deploy_warns_when_site_url_is_left_local(tmp_path):
    env = production_env(tmp_path, SITE_URL="http://127.0.0.1:8000")
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "quinzaine.W001" in run.stderr + run.stdout
