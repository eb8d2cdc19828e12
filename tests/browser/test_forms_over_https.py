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
from tests.browser.chromium import DESKTOP, new_page, poster, watch
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
        page.problems = watch(page, failed_pages=True)
        return page

    yield open_page
    for context in contexts:
        context.close()


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


def fill_proposal(page, name, address, title):
    """Fill the proposal form: a free workshop at the Carré d'Art in a few days, at 8 a.m."""
    page.fill("#id_organisation", "Association Kizuna Montpellier")
    page.select_option("#id_organisation_kind", "association")
    page.fill("#id_contact_name", name)
    page.fill("#id_email", address)
    page.fill("#id_title", title)
    page.fill("#id_summary", "S'initier au shodō, pinceau en main.")
    page.select_option("#id_category", label="Atelier")
    page.check("#id_is_free")
    day = datetime.date.today() + datetime.timedelta(days=3)
    page.fill("#id_seances-0-date", day.isoformat())
    # Early, when nothing else is on at the Carré d'Art: no alert to confirm.
    page.fill("#id_seances-0-starts_at", "08:00")
    page.fill("#id_seances-0-ends_at", "09:30")
    combo = page.locator("#id_seances-0-venue-saisie")
    combo.fill("carre nimes")
    combo.press("ArrowDown")
    combo.press("Enter")


def test_a_proposal_is_sent_amended_and_approved(site, open_page):
    url = site["url"]
    proposer = open_page(PHONE_390)
    proposer.goto(f"{url}/proposer/")
    fill_proposal(proposer, "Léa Martin", "lea@example.org", "Atelier de calligraphie")
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
    assert organiser.locator(".proposal-alerts").count() == 0
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


def french(day):
    return day.strftime("%d/%m/%Y")


def test_an_event_with_three_sessions_at_a_new_venue_in_few_actions(site, open_page):
    """From the empty form to a published event: each action a person takes is counted."""
    url = site["url"]
    page = open_page()
    log_in(page, url)
    first = datetime.date.today() + datetime.timedelta(days=2)
    actions = []

    def act(method, selector, *args, **kwargs):
        actions.append(selector)
        return getattr(page, method)(selector, *args, **kwargs)

    page.goto(f"{url}/admin/events/event/add/")
    # The edition running now is chosen already.
    assert "démonstration" in page.locator("#id_edition option:checked").inner_text()
    act("fill", "#id_title", "Cérémonie du thé")
    act("select_option", "#id_category", label="Atelier")
    # The new venue, from the « + » beside the event's venue, in the admin's popup window.
    with page.expect_popup() as opened:
        act("click", "#add_id_venue")
    popup = opened.value
    popup.problems = watch(popup, failed_pages=True)
    for selector, value in [
        ("#id_name", "Salon de thé Mizu"),
        ("#id_address", "4 rue des Arts"),
        ("#id_postcode", "31000"),
        ("#id_town", "Toulouse"),
    ]:
        actions.append(selector)
        popup.fill(selector, value)
    actions.append("#id_department")
    popup.select_option("#id_department", "31")
    actions.append("_save")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    assert page.locator("#id_venue option:checked").inner_text() == "Salon de thé Mizu (Toulouse)"
    act("set_input_files", "#id_image", poster())
    act("fill", "#id_image_alt", "Un bol de thé matcha")
    act("fill", "#id_sessions-0-starts_at_0", french(first))
    act("fill", "#id_sessions-0-starts_at_1", "15:00")
    act("fill", "#id_sessions-0-ends_at_1", "16:30")
    for index in (1, 2):
        act("click", "#sessions-0 .duplicate-session")
        day = first + datetime.timedelta(days=index * 2)
        act("fill", f"#id_sessions-{index}-starts_at_0", french(day))
    act("select_option", "#id_status", "published")
    act("click", "input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    # Title, category, venue (7 in its popup), picture and its text, the first session in
    # full (3), two duplicates (2 each), status and save. It took 36 before « Dupliquer »,
    # the end day taken from the start and the running edition chosen by default.
    assert len(actions) == 20

    page.goto(f"{url}/demonstration/evenements/ceremonie-du-the/")
    assert page.locator("h1").inner_text() == "Cérémonie du thé"
    assert page.locator("h2:has-text('Séances (3)')").count() == 1
    assert "Salon de thé Mizu, Toulouse" in page.locator("main").inner_text()
    assert page.problems == [] and popup.problems == []


DEMO = "Quinzaine du Japon – édition de démonstration"


def test_an_unchanged_export_imports_back_unchanged_and_the_feed_stays(site, open_page):
    url = site["url"]
    page = open_page()
    log_in(page, url)
    feed = f"{url}/demonstration/programme.ics"
    before = page.request.get(feed)
    page.goto(f"{url}/admin/events/event/")
    page.click(f"#changelist-filter >> text={DEMO}")
    page.click("a.export_link")
    page.select_option("#id_format", label="csv")
    with page.expect_download() as download:
        page.click("#content form input[type=submit]")
    exported = download.value.path().read_bytes()

    page.goto(f"{url}/admin/events/event/")
    page.click("a.import_link")
    page.select_option("#id_edition", label=DEMO)
    page.set_input_files(
        "#id_import_file", {"name": "programme.csv", "mimeType": "text/csv", "buffer": exported}
    )
    page.click("#import-form input[type=submit]")
    page.wait_for_selector("form.import-confirm")
    fates = page.locator("#import-rows tbody td.fate").all_inner_texts()
    assert set(fates) == {"Inchangée"}
    page.click("form.import-confirm input[name=confirm]")
    page.wait_for_selector(".messagelist .success")
    assert page.locator(".messagelist .success").inner_text() == (
        f"Import terminé. Séances créées : 0 ; mises à jour : 0 ; inchangées : {len(fates)}."
    )
    after = page.request.get(feed, headers={"If-None-Match": before.headers["etag"]})
    assert after.status == 304
    assert after.headers["last-modified"] == before.headers["last-modified"]
    assert page.problems == []


def test_the_next_edition_is_prepared_filled_and_published(site, open_page):
    url = site["url"]
    page = open_page()
    log_in(page, url)
    page.goto(f"{url}/admin/events/edition/")
    page.click("text=Quinzaine du Japon en Occitanie 2023")
    page.click(".object-tools >> text=Préparer l'édition suivante")
    page.fill("#id_year", "2027")
    assert page.is_checked("#id_copy_presentation")
    page.click("#prepare-edition-form input[type=submit].default")
    page.wait_for_selector("#preparation-summary")
    assert "2023" in page.locator("#content").inner_text()
    page.click(".preparation-links >> text=Voir son programme")
    # The staff preview shows the copied drafts as drafts.
    assert page.locator(".session-row").count() > 0
    assert "brouillon" in page.locator("main").inner_text()
    programme = page.url

    # The dashboard switches between the running edition and the prepared one.
    page.goto(f"{url}/admin/")
    page.click(".edition-switch >> text=2027")
    page.wait_for_selector(".edition-switch [aria-current=page]:has-text('2027')")

    # A copied exhibition gets every day of the 2027 edition but Mondays in one go.
    page.goto(f"{url}/admin/events/event/")
    page.click("#changelist-filter >> text=Quinzaine du Japon en Occitanie 2027")
    drafts = page.url
    page.locator("#result_list tbody tr").first.locator("th a").click()
    page.click(".object-tools >> text=Générer des séances répétées")
    page.fill("#id_first_day", "13/11/2027")
    page.fill("#id_last_day", "21/11/2027")
    page.fill("#id_start_time", "10:00")
    page.fill("#id_end_time", "18:00")
    page.check("#id_skip_weekdays input[value='0']")
    page.click("input[name=_preview]")
    page.wait_for_selector(".generator-preview")
    page.click("input[name=_create]")
    page.wait_for_selector(".messagelist .success")

    # Every draft published at once: the alerts are confirmed, then the edition itself.
    page.goto(drafts)
    page.check("#action-toggle")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    if page.locator(".publish-confirmation").count():
        page.click("input[value='Publier quand même']")
    page.wait_for_selector(".messagelist .success")
    page.click(".messagelist .warning a:has-text('Publier l')")
    page.click("input[type=submit][value='Publier l’édition']")
    page.wait_for_selector(".messagelist .success")
    public = open_page(PHONE_390)
    public.goto(programme)
    assert public.locator(".session-row").count() > 0
    assert page.problems == [] and public.problems == []


def test_an_event_is_duplicated_into_another_edition_and_deleted(site, open_page):
    url = site["url"]
    page = open_page()
    log_in(page, url)
    page.goto(f"{url}/admin/events/event/?q=Kendo")
    page.check("#result_list tbody input[name=_selected_action] >> nth=0")
    page.select_option("select[name=action]", "duplicate")
    page.click("button[name=index]")
    page.select_option("#id_edition", label="Quinzaine du Japon en Occitanie 2023")
    page.click("#content form input[type=submit][value=Dupliquer]")
    page.wait_for_selector(".messagelist .success")
    page.goto(f"{url}/admin/events/event/?q=Kendo&status__exact=draft")
    page.locator("#result_list tbody tr").first.locator("th a").click()
    page.click(".deletelink")
    page.click("#content form input[type=submit]")
    page.wait_for_selector(".messagelist .success")
    assert page.problems == []


def test_partner_page_session_and_refusal_forms(site, open_page):
    url = site["url"]
    page = open_page()
    log_in(page, url)
    page.goto(f"{url}/admin/events/partner/add/")
    page.fill("#id_name", "Association Hanami")
    page.select_option("#id_kind", "association")
    page.set_input_files("#id_logo", poster())
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(f"{url}/admin/flatpages/flatpage/")
    page.locator("#result_list tbody tr").first.locator("th a").click()
    page.fill("#id_title", page.input_value("#id_title") + " (mise à jour)")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(f"{url}/admin/events/session/")
    page.locator("#result_list tbody tr").first.locator("th a").click()
    page.select_option("#id_status", label="complète")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    # A proposal moved past the edition's last day: approving it asks to confirm the alert.
    page.goto(f"{url}/admin/events/proposal/")
    page.click("#result_list >> text=Atelier d'origami en famille")
    late = datetime.date.today() + datetime.timedelta(days=30)
    page.fill("#id_sessions-0-date", french(late))
    page.click("input[name=_approve]")
    page.wait_for_selector(".messagelist .error")
    assert "est hors des dates de l'édition" in page.locator(".proposal-alerts").inner_text()
    page.check("input[name=_alerts_seen]")
    page.click("input[name=_approve]")
    page.wait_for_selector(".messagelist .success")

    page.goto(f"{url}/admin/events/proposal/")
    page.click("#result_list >> text=Exposition des élèves")
    page.fill("#id_moderator_message", "Le programme est complet cette année, merci !")
    page.click("input[name=_reject]")
    page.wait_for_selector(".messagelist .success")
    assert page.problems == []


def test_the_visitors_get_forms(site, open_page):
    """Search, filters and the widget's generator: GET forms, under the same headers."""
    url = site["url"]
    page = open_page(PHONE_390)
    page.goto(f"{url}/demonstration/programme/")
    page.fill("form.programme-search input[name=q]", "exposition")
    page.press("form.programme-search input[name=q]", "Enter")
    page.wait_for_url("**/programme/?q=exposition")
    assert page.locator(".session-row").count() > 0
    # The filters, then « Près de moi » with a town.
    page.click("summary#filtres")
    page.check("#id_gratuit")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**/programme/?q=exposition&gratuit=on")
    page.get_by_role("link", name="Près de moi").click()
    page.get_by_label("Les séances les plus proches de").select_option("Nîmes")
    page.wait_for_url("**/programme/?*pres=N%C3%AEmes*")
    assert "gratuit=on" in page.url and "q=exposition" in page.url
    page.goto(f"{url}/integrer/")
    page.get_by_label("Commune").select_option("Nîmes")
    page.wait_for_url("**/integrer/?*commune=N%C3%AEmes*")
    assert page.problems == []


def test_a_proposal_with_a_mistake_keeps_its_picture(site, open_page):
    """The picture kept through an error is shown again and sent with the corrected form."""
    url = site["url"]
    page = open_page(PHONE_390)
    page.goto(f"{url}/proposer/")
    fill_proposal(page, "Ken Sato", "ken@example.org", "Démonstration de kyūdō")
    page.set_input_files("#id_image", poster())
    page.fill("#id_image_alt", "Un archer en hakama")
    # Paid, but no price: refused, the picture kept.
    page.uncheck("#id_is_free")
    page.click("text=Envoyer la proposition")
    page.wait_for_selector("#erreurs")
    assert "Indiquez le tarif d'un événement payant." in page.locator("main").inner_text()
    assert "Image gardée : affiche.jpg" in page.locator(".file-kept").inner_text()
    page.fill("#id_price", "5 €")
    page.click("text=Envoyer la proposition")
    page.wait_for_selector("h1:has-text('Merci, votre proposition est envoyée')")
    # The team sees the picture on the proposal.
    organiser = open_page()
    log_in(organiser, url)
    organiser.goto(f"{url}/admin/events/proposal/")
    organiser.click("#result_list >> text=Démonstration de kyūdō")
    organiser.wait_for_function(
        "() => { const img = document.querySelector('.field-image_preview img');"
        " return img && img.complete && img.naturalWidth > 0; }"
    )
    assert page.problems == [] and organiser.problems == []


def test_an_edition_a_venue_and_a_series_are_saved(site, open_page):
    url = site["url"]
    page = open_page()
    log_in(page, url)
    # The edition's own form, with a new picture.
    page.goto(f"{url}/admin/events/edition/")
    page.click(f"#result_list >> text={DEMO}")
    page.fill("#id_tagline", "Deux semaines de Japon, de Nîmes à Toulouse.")
    page.set_input_files("#id_image", poster())
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert page.locator(".field-image a").count() >= 1
    # A venue: « Trouver d'après l'adresse » asks the server, here without an address service.
    page.goto(f"{url}/admin/venues/venue/")
    page.locator("#result_list tbody tr").first.locator("th a").first.click()
    page.click("[data-geocode]")
    page.wait_for_function(
        "() => document.querySelector('[data-geocode-status]').textContent.trim() !== ''"
    )
    page.fill("#id_access_notes", "Entrée par la rue de côté.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    # « Enregistrer et générer des séances répétées » from an event's form.
    page.goto(f"{url}/admin/events/event/?q=Cérémonie")
    page.locator("#result_list tbody tr").first.locator("th a").click()
    page.click("input[name=_generate]")
    page.wait_for_selector("#id_first_day")
    assert page.problems == []
