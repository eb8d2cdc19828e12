"""Limits and lockouts hold across server processes: gunicorn with two workers, as in production.

Each worker has its own local cache, as two app servers would: the counts must be in the
database for the limits to hold, whichever worker answers.
"""

import datetime
import os
import re
import subprocess
import sys
import time
import urllib.error
from pathlib import Path

import pytest
import requests

from tests.browser.production import free_port

ROOT = Path(__file__).resolve().parent.parent
SETUP = """
import datetime
from django.contrib.auth.models import Group, User
from django.utils import timezone
from events.models import Edition
from venues.models import Venue
user = User.objects.create_user("sakura", "sakura@example.org", "mot-de-passe-solide-42", is_staff=True)
user.groups.add(Group.objects.get(name="Organisateurs"))
today = timezone.localdate()
Edition.objects.create(
    name="Quinzaine à venir", year=today.year, slug="a-venir", is_published=True,
    starts_on=today + datetime.timedelta(days=20), ends_on=today + datetime.timedelta(days=34),
    proposals_open_on=today - datetime.timedelta(days=1),
    proposals_close_on=today + datetime.timedelta(days=10),
)
Venue.objects.create(name="Médiathèque", slug="mediatheque", town="Toulouse", postcode="31000")
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Serve the site with gunicorn, two workers, DEBUG=0; yield (base URL, mail folder)."""
    folder = tmp_path_factory.mktemp("two-servers")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quinzaine.settings",
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder}/site.sqlite3",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "EMAIL_URL": f"file:///{folder}/mails",
        # Behind one proxy, as in production: the client's address is X-Forwarded-For's last.
        "PROXY_COUNT": "1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "ERROR",
        "API_REQUESTS_PER_HOUR": "5",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["collectstatic", "--noinput"], ["migrate"]):
        subprocess.run([*manage, *command, "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    subprocess.run([*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, timeout=60)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "quinzaine.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(base + "/sante/", timeout=5)
                break
            except (requests.ConnectionError, urllib.error.URLError):
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield base, folder / "mails"
    finally:
        server.terminate()
        server.wait(timeout=30)


def csrf_form(session, url):
    """Return the CSRF token of the form at url (the session keeps its cookie)."""
    page = session.get(url, timeout=10).text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def from_address(address):
    session = requests.Session()
    session.headers["X-Forwarded-For"] = address
    return session


def test_password_reset_e_mails_stay_within_the_limit(site):
    base, mails = site
    for n in range(8):
        session = from_address(f"198.51.100.{n}")
        token = csrf_form(session, base + "/admin/password_reset/")
        answer = session.post(
            base + "/admin/password_reset/",
            {"email": "sakura@example.org", "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 302
    sent = [path.read_text() for path in mails.glob("*")] if mails.exists() else []
    assert sum(text.count("To: sakura@example.org") for text in sent) == 3


def log_in(session, base, password):
    token = csrf_form(session, base + "/admin/login/")
    return session.post(
        base + "/admin/login/?next=/admin/",
        {"username": "sakura", "password": password, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=10,
    )


def test_a_stranger_locks_out_only_their_own_address(site):
    base, _mails = site
    stranger = from_address("203.0.113.66")
    statuses = [log_in(stranger, base, f"essai-{n}").status_code for n in range(7)]
    assert statuses == [200] * 4 + [429] * 3
    assert log_in(stranger, base, "mot-de-passe-solide-42").status_code == 429
    organiser = from_address("198.51.100.200")
    answer = log_in(organiser, base, "mot-de-passe-solide-42")
    assert (answer.status_code, answer.headers["Location"]) == (302, "/admin/")


def test_proposals_stay_within_the_limit_whichever_worker_answers(site):
    base, _mails = site
    statuses = []
    for n in range(7):
        session = from_address("198.51.100.77")
        token = csrf_form(session, base + "/proposer/")
        page = session.get(base + "/proposer/", timeout=10).text
        venue = re.search(r'<option value="(\d+)">Médiathèque', page).group(1)
        category = re.search(r'name="category"[^>]*>.*?<option value="(\d+)"', page, re.S).group(1)
        day = (datetime.date.today() + datetime.timedelta(days=22)).isoformat()
        data = {
            "csrfmiddlewaretoken": token,
            "organisation": "Association Kizuna",
            "organisation_kind": "association",
            "contact_name": "Léa Martin",
            "email": f"lea{n}@example.org",
            "title": f"Atelier {n}",
            "summary": "S'initier au shodō.",
            "category": category,
            "audience": "all",
            "is_free": "on",
            "booking": "none",
            "seances-TOTAL_FORMS": "1",
            "seances-INITIAL_FORMS": "0",
            "seances-MIN_NUM_FORMS": "1",
            "seances-MAX_NUM_FORMS": "30",
            "seances-0-date": day,
            "seances-0-starts_at": "14:00",
            "seances-0-ends_at": "16:00",
            "seances-0-venue": venue,
        }
        answer = session.post(base + "/proposer/", data, allow_redirects=False, timeout=10)
        statuses.append(answer.status_code)
    assert statuses == [302] * 5 + [429] * 2


def test_api_requests_stay_within_the_limit_whichever_worker_answers(site):
    base, _mails = site
    client = from_address("198.51.100.90")
    # Each address a different one: none is served from the page cache.
    answers = [
        client.get(f"{base}/api/v1/venues/?edition=a-venir&commune=Ville{n}", timeout=10)
        for n in range(8)
    ]
    assert [answer.status_code for answer in answers] == [200] * 5 + [429] * 3
    assert answers[-1].headers["Retry-After"]
    assert from_address("198.51.100.91").get(f"{base}/api/v1/venues/?edition=a-venir").ok
