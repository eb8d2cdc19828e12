"""Every form people submit, posted by Chromium to the site as production serves it.

gunicorn answers HTTPS with DEBUG off, so the browser gets what it gets in production:
the Content-Security-Policy, the Referrer-Policy, secure cookies and HSTS, and Django
checks each POST's Origin and Referer as it does over HTTPS. The test client sends
neither header, which is how a follow link's form once failed in every browser.
"""

import datetime
import email
import email.policy
import re

import pytest

from events.demo import DEMO_PASSWORD, DEMO_USERNAME
from tests.browser.chromium import DESKTOP, new_page
from tests.browser.production import production_site, tile_server

TEAM = "equipe@example.org"
SETUP = f"""
from django.contrib.auth import get_user_model
get_user_model().objects.filter(username={DEMO_USERNAME!r}).update(email="orga@example.org")
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo over HTTPS; its e-mails are written to files in `mails`."""
    folder = tmp_path_factory.mktemp("https")
    mails = folder / "mails"
    extra_env = {
        "EMAIL_URL": "file://",
        "EMAIL_FILE_PATH": str(mails),
        "PROPOSALS_NOTIFY_EMAIL": TEAM,
        # No address service from the tests: new venues stay unplaced, with a warning.
        "GEOCODER_URL": "",
    }
    with (
        tile_server() as tiles,
        production_site(folder, tiles, tls=True, extra_env=extra_env, setup=SETUP) as url,
    ):
        yield {"url": url, "mails": mails}


@pytest.fixture
def open_page(browser):
    """Open pages in new browser windows that accept the site's self-signed certificate."""
    contexts = []

    def open_page(options=DESKTOP):
        context, page = new_page(browser, {**options, "ignore_https_errors": True})
        contexts.append(context)
        page.problems = watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


def watch(page):
    """Collect policy violations, script errors and pages answered with an error."""
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.request.method} {response.url}")
            if response.status >= 400 and response.request.resource_type == "document"
            else None
        ),
    )
    return problems


def sent_mails(folder):
    """Every e-mail the site wrote to files, oldest first, as (recipients, subject, text)."""
    found = []
    for path in sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                message = email.message_from_bytes(chunk.lstrip(), policy=email.policy.default)
                text = message.get_body(("plain",)).get_content()
                found.append((message["To"], message["Subject"], text))
    return found


def log_in(page, url, password=DEMO_PASSWORD):
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", DEMO_USERNAME)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#edition-dashboard")


def test_the_site_runs_with_production_headers(site, open_page):
    page = open_page()
    response = page.goto(site["url"] + "/")
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    log_in(page, site["url"])
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]
    assert cookies["csrftoken"]["secure"]
    assert page.problems == []


PHONE_390 = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_proposal_is_sent_amended_and_approved(site, open_page):
    url = site["url"]
    day = datetime.date.today() + datetime.timedelta(days=3)
    proposer = open_page(PHONE_390)
    proposer.goto(f"{url}/proposer/")
    proposer.fill("#id_organisation", "Association Kizuna Montpellier")
    proposer.select_option("#id_organisation_kind", "association")
    proposer.fill("#id_contact_name", "Léa Martin")
    proposer.fill("#id_email", "lea@example.org")
    proposer.fill("#id_title", "Atelier de calligraphie")
    proposer.fill("#id_summary", "S'initier au shodō, pinceau en main.")
    proposer.select_option("#id_category", label="Atelier")
    proposer.check("#id_is_free")
    proposer.fill("#id_seances-0-date", day.isoformat())
    proposer.fill("#id_seances-0-starts_at", "14:00")
    proposer.fill("#id_seances-0-ends_at", "16:00")
    combo = proposer.locator("#id_seances-0-venue-saisie")
    combo.fill("carre nimes")
    combo.press("ArrowDown")
    combo.press("Enter")
    proposer.click("text=Envoyer la proposition")
    proposer.wait_for_selector("h1:has-text('Merci, votre proposition est envoyée')")
    follow_url = proposer.locator(".proposal-link-url a").inner_text()
    assert follow_url.startswith(url + "/proposer/suivi/")
    # The proposer's e-mail carries the same link.
    assert any(
        to == "lea@example.org" and follow_url in text for to, _, text in sent_mails(site["mails"])
    )

    organiser = open_page()
    log_in(organiser, url)
    organiser.goto(f"{url}/admin/events/proposal/")
    organiser.click("#result_list >> text=Atelier de calligraphie")
    proposal_url = organiser.url
    organiser.fill("#id_moderator_message", "Précisez le niveau, s'il vous plaît.")
    organiser.click("input[name=_ask_changes]")
    organiser.wait_for_selector(".messagelist .success")

    # The amendment: the form whose Origin once came out « null ».
    proposer.goto(follow_url)
    assert "Précisez le niveau" in proposer.locator("main").inner_text()
    proposer.fill("#id_title", "Atelier de calligraphie pour débutants")
    proposer.click("text=Renvoyer la proposition")
    proposer.wait_for_selector("text=Vos modifications sont envoyées")

    team = [text for to, _, text in sent_mails(site["mails"]) if to == TEAM]
    assert "Atelier de calligraphie pour débutants" in team[-1]
    organiser.goto(proposal_url)
    changes = organiser.locator(".field-changes_table").inner_text()
    assert "Atelier de calligraphie pour débutants" in changes
    organiser.fill("#id_moderator_message", "Bienvenue au programme !")
    organiser.click("input[name=_approve]")
    organiser.wait_for_selector(".messagelist .success")

    proposer.goto(follow_url)
    proposer.click("text=Voir l'événement au programme")
    assert proposer.locator("h1").inner_text() == "Atelier de calligraphie pour débutants"
    assert proposer.problems == [] and organiser.problems == []


def test_a_forgotten_password_is_reset_changed_and_the_session_closed(site, open_page):
    url = site["url"]
    page = open_page()
    page.goto(f"{url}/admin/login/")
    page.click(".password-reset-link a")
    page.fill("#id_email", "orga@example.org")
    page.click("input[type=submit]")
    page.wait_for_selector("h1:has-text('Message de réinitialisation du mot de passe envoyé')")
    text = next(text for to, _, text in sent_mails(site["mails"]) if to == "orga@example.org")
    link = re.search(rf"{re.escape(url)}/admin/reset/\S+/", text)[0]
    page.goto(link)
    page.fill("#id_new_password1", "Kendo-a-Albi-2026")
    page.fill("#id_new_password2", "Kendo-a-Albi-2026")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/reset/done/")
    log_in(page, url, password="Kendo-a-Albi-2026")

    page.goto(f"{url}/admin/password_change/")
    page.fill("#id_old_password", "Kendo-a-Albi-2026")
    # Back to the demo's password, which the other tests log in with.
    page.fill("#id_new_password1", DEMO_PASSWORD)
    page.fill("#id_new_password2", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/password_change/done/")
    # « Déconnexion » is a form too (a POST since Django 5).
    page.click("#logout-form button")
    page.wait_for_url("**/admin/logout/")
    page.goto(f"{url}/admin/")
    page.wait_for_selector("#id_username")
    assert page.problems == []
