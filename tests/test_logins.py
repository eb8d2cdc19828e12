"""Organisers' logins: lockout after repeated failures, unlocking, password reset by e-mail."""

import re

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.contrib.sites.models import Site
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client

from quinzaine.lockout import UNKNOWN_USERNAME
from quinzaine.settings import cache_from_url
from tests.helpers import organiser_user

LOGIN = "/admin/login/?next=/admin/"


def log_in(client, username, password, **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, headers=headers
    )


def lockout_text(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [" ".join(p.get_text().split()) for p in page.select("#content-main p")]


def is_logged_in(client):
    return client.get("/admin/").status_code == 200


@pytest.fixture
def camille(db):
    user = organiser_user()
    user.email = "camille@example.org"
    user.save()
    return user


@pytest.mark.django_db
def test_twenty_five_wrong_passwords_lock_the_account_with_a_french_page(client, camille):
    statuses = [log_in(client, "camille", f"essai-{n}").status_code for n in range(25)]
    # Four refusals on the form, the fifth locks, the rest stay locked.
    assert statuses == [200] * 4 + [429] * 21
    locked = log_in(client, "camille", "secret")
    assert locked.status_code == 429
    assert lockout_text(locked) == [
        "Trop de tentatives de connexion ont échoué (5 essais) : la connexion est bloquée "
        "depuis cette adresse Internet. Depuis une autre connexion (un téléphone en 4G, par "
        "exemple), elle reste possible.",
        "Pour être débloqué, attendez 1 heure sans nouvel essai, puis reconnectez-vous ; "
        "ou demandez à un administrateur du site de vous débloquer tout de suite.",
        "Mot de passe oublié ? Après le déblocage, demandez-en un nouveau par e-mail : "
        "réinitialiser mon mot de passe.",
        "Besoin d'aide ? Écrivez à l'équipe du festival : contact@quinzaine.japonoccitanie.fr.",
    ]
    page = BeautifulSoup(locked.content, "html.parser")
    assert page.h1.get_text() == "Connexion bloquée"
    assert page.select_one("#site-name").get_text(strip=True) == (
        "Quinzaine du Japon en Occitanie – organisation"
    )
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked_out(client, camille):
    for n in range(5):
        log_in(client, f"inconnu-{n}", "essai")
    assert log_in(client, "camille", "secret").status_code == 429
    # The same account from another address is not locked: only the address was.
    other = log_in(client.__class__(REMOTE_ADDR="192.0.2.7"), "camille", "secret")
    assert other.status_code == 302


@pytest.mark.django_db
def test_forwarded_address_counts_only_behind_a_configured_proxy(client, camille, settings):
    for n in range(5):
        log_in(client, "camille-typo", f"essai-{n}", **{"X-Forwarded-For": f"198.51.100.{n}"})
    # No proxy configured: the header is ignored, every failure came from 127.0.0.1.
    assert AccessAttempt.objects.get(username=UNKNOWN_USERNAME).ip_address == "127.0.0.1"
    AccessAttempt.objects.all().delete()

    settings.PROXY_COUNT = 1
    log_in(client, "camille-typo", "essai", **{"X-Forwarded-For": "10.0.0.1, 203.0.113.9"})
    # Behind one proxy, its own entry (the last one) is the client; earlier ones are not trusted.
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


@pytest.mark.django_db
def test_success_before_the_limit_forgets_the_failures(client, camille):
    for n in range(4):
        log_in(client, "camille", f"essai-{n}")
    assert log_in(client, "camille", "secret").status_code == 302
    client.post("/admin/logout/")
    statuses = [log_in(client, "camille", f"autre-{n}").status_code for n in range(4)]
    assert statuses == [200] * 4
    assert log_in(client, "camille", "secret").status_code == 302


@pytest.mark.django_db
def test_superuser_unlocks_from_the_admin(client, camille):
    for n in range(5):
        log_in(client, "camille", f"essai-{n}")
    assert log_in(client, "camille", "secret").status_code == 429
    admin = User.objects.create_superuser("direction", "direction@example.org", "tres-secret")
    superuser = client.__class__()
    superuser.force_login(admin)
    attempt = AccessAttempt.objects.get(username="camille")
    listing = BeautifulSoup(superuser.get("/admin/axes/accessattempt/").content, "html.parser")
    assert [td.get_text() for td in listing.select("#result_list tbody td.field-username")] == [
        "camille"
    ]
    response = superuser.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert log_in(client, "camille", "secret").status_code == 302
    assert is_logged_in(client)


@pytest.mark.django_db
def test_organisers_cannot_see_the_login_attempts(organiser_client):
    # The admin's own answer to a staff member without permission.
    assert organiser_client.get("/admin/axes/accessattempt/").status_code == 403


@pytest.mark.django_db
def test_axes_reset_username_unlocks_the_account(client, camille, capsys):
    for n in range(5):
        log_in(client, "camille", f"essai-{n}")
    assert log_in(client, "camille", "secret").status_code == 429
    call_command("axes_reset_username", "camille")
    assert log_in(client, "camille", "secret").status_code == 302


@pytest.mark.django_db
def test_password_reset_by_email_through_to_a_new_password(client, camille, settings):
    form = BeautifulSoup(client.get("/admin/password_reset/").content, "html.parser")
    assert form.select_one("#site-name").get_text(strip=True) == (
        "Quinzaine du Japon en Occitanie – organisation"
    )
    assert form.select_one("label[for=id_email]").get_text() == "Adresse électronique\xa0:"
    sent = client.post("/admin/password_reset/", {"email": "camille@example.org"}, secure=True)
    assert sent["Location"] == "/admin/password_reset/done/"
    done = BeautifulSoup(client.get(sent["Location"]).content, "html.parser")
    assert done.h1.get_text() == "Message de réinitialisation du mot de passe envoyé"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille@example.org"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == (
        "Nouveau mot de passe pour l'administration de Quinzaine du Japon en Occitanie"
    )
    assert "Votre identifiant, au cas où vous l'auriez oublié : camille" in message.body
    # The site's domain (admin « Sites »), over HTTPS as the request came.
    domain = Site.objects.get_current().domain
    link = re.search(rf"https://{re.escape(domain)}(/admin/reset/\S+/)\n", message.body)[1]

    choose = client.get(link)
    assert choose.status_code == 302
    page = BeautifulSoup(client.get(choose["Location"]).content, "html.parser")
    assert page.h1.get_text() == "Saisissez un nouveau mot de passe"
    changed = client.post(
        choose["Location"],
        {"new_password1": "Kendo-a-Albi-2026", "new_password2": "Kendo-a-Albi-2026"},
    )
    assert changed["Location"] == "/admin/reset/done/"
    complete = BeautifulSoup(client.get(changed["Location"]).content, "html.parser")
    assert complete.select_one('#content a[href="/admin/login/"]').get_text() == "Connexion"
    assert log_in(client, "camille", "secret").status_code == 200
    assert log_in(client, "camille", "Kendo-a-Albi-2026").status_code == 302


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_sends_nothing(client, camille):
    response = client.post("/admin/password_reset/", {"email": "personne@example.org"})
    assert response["Location"] == "/admin/password_reset/done/"
    assert mail.outbox == []


@pytest.mark.django_db
def test_with_redis_sessions_are_shared_by_app_servers_and_lockouts_still_hold(
    camille, settings, redis_url
):
    settings.CACHES = {
        "default": cache_from_url(redis_url),
        "fragments": cache_from_url(redis_url, "fragments"),
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    first_server = Client()
    assert log_in(first_server, "camille", "secret").status_code == 302
    session_key = first_server.cookies[settings.SESSION_COOKIE_NAME].value
    # The session is in Redis and in the database: another app server knows it.
    assert caches["default"].get(f"django.contrib.sessions.cached_db{session_key}")
    assert Session.objects.filter(session_key=session_key).exists()
    second_server = Client()
    second_server.cookies[settings.SESSION_COOKIE_NAME] = session_key
    assert is_logged_in(second_server)
    # Logging out on one logs out everywhere.
    second_server.post("/admin/logout/")
    assert not is_logged_in(first_server)

    attacker = Client()
    statuses = [log_in(attacker, "camille", f"essai-{n}").status_code for n in range(6)]
    assert statuses == [200] * 4 + [429] * 2
    caches["default"].clear()
    # Attempts are kept in the database, not the cache: clearing it unlocks nothing.
    assert log_in(attacker, "camille", "secret").status_code == 429


@pytest.mark.django_db
def test_failures_from_one_address_do_not_lock_the_organiser_out_from_another(client, camille):
    for n in range(5):
        log_in(client, "camille", f"essai-{n}")
    assert log_in(client, "camille", "secret").status_code == 429
    elsewhere = Client(REMOTE_ADDR="192.0.2.44")
    assert log_in(elsewhere, "camille", "secret").status_code == 302
    assert is_logged_in(elsewhere)


@pytest.mark.django_db
def test_made_up_user_names_count_together_and_add_no_rows_once_refused(client, camille):
    statuses = [log_in(client, f"robot-{n}", "essai").status_code for n in range(60)]
    assert statuses == [200] * 4 + [429] * 56
    assert AccessAttempt.objects.count() == 1
    assert AccessAttempt.objects.get().username == UNKNOWN_USERNAME
