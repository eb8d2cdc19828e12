"""The strict Content-Security-Policy breaks nothing: no page logs a violation in Chromium."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from events.models import Edition, EditionPartner
from tests.browser.chromium import watch as watch_problems
from tests.factories import (
    aware,
    image_file,
    make_edition,
    make_event,
    make_partner,
    make_session,
    make_venue,
)
from tests.helpers import blank_tile

TILES = "https://tile.openstreetmap.org/**"


@pytest.fixture
def festival(transactional_db):
    edition = make_edition(
        name="Quinzaine du Japon 2027",
        slug="2027",
        is_current=True,
        image=image_file(),
        starts_on=datetime.date(2027, 11, 12),
        ends_on=datetime.date(2027, 11, 26),
    )
    venue = make_venue(name="Carré d'Art", slug="carre-d-art", town="Nîmes", department="30")
    partner = make_partner(name="Association Yujo", slug="yujo", logo=image_file("yujo.png"))
    EditionPartner.objects.create(edition=edition, partner=partner, role="founding")
    event = make_event(
        edition, title="Kendō", slug="kendo", venue=venue, image=image_file("kendo.png")
    )
    event.organisers.add(partner)
    make_session(event, aware(2027, 11, 16, 14, 0))
    get_user_model().objects.create_superuser("direction", "d@example.org", "mot-de-passe-42")
    return {"event": event, "venue": venue}


def watch(page):
    """Collect the page's policy violations and script errors; serve blank map tiles."""
    problems = watch_problems(page)
    tile = blank_tile()
    page.route(TILES, lambda route: route.fulfill(body=tile, content_type="image/png"))
    return problems


PUBLIC_PAGES = [
    "/",
    "/2027/",
    "/2027/programme/",
    "/2027/programme/?q=kendo&gratuit=on",
    "/2027/evenements/kendo/",
    "/lieux/",
    "/lieux/carre-d-art/",
    "/partenaires/",
    "/partenaires/yujo/",
    "/editions/",
    "/ma-selection/",
    "/contact/",
    "/donnees-ouvertes/",
    "/integrer/?commune=N%C3%AEmes",
    "/integrer/programme/?commune=N%C3%AEmes",
]


def test_public_pages_and_maps_respect_the_policy(desktop_page, live_server, festival):
    problems = watch(desktop_page)
    for path in PUBLIC_PAGES:
        response = desktop_page.goto(live_server.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        desktop_page.wait_for_load_state("networkidle")
    # The map drew its pins and tiles under the policy.
    desktop_page.goto(live_server.url + "/lieux/")
    desktop_page.wait_for_selector(".leaflet-tile-loaded")
    desktop_page.wait_for_selector(".leaflet-marker-icon")
    # Starring an event runs the selection's script; « Ma sélection » then lists it.
    desktop_page.goto(live_server.url + "/2027/evenements/kendo/")
    desktop_page.click(".star-button >> nth=0")
    desktop_page.goto(live_server.url + "/ma-selection/")
    desktop_page.wait_for_selector("text=Kendō")
    # The search box and the filter form send their GET forms; « S'abonner » without a
    # calendar app opens the link to copy.
    desktop_page.goto(live_server.url + "/2027/programme/")
    desktop_page.fill("form.programme-search input[name=q]", "kendo")
    desktop_page.press("form.programme-search input[name=q]", "Enter")
    desktop_page.wait_for_url("**/2027/programme/?q=kendo")
    desktop_page.check("#id_gratuit")
    desktop_page.get_by_role("button", name="Afficher").click()
    desktop_page.wait_for_url("**/2027/programme/?q=kendo&gratuit=on")
    desktop_page.click(".calendar-subscribe")
    desktop_page.wait_for_selector("[data-calendar-help-failed]:visible")
    # The widget generator's form updates the snippet as a choice changes.
    desktop_page.goto(live_server.url + "/integrer/")
    desktop_page.get_by_label("Commune").select_option("Nîmes")
    desktop_page.wait_for_url("**/integrer/?*commune=N%C3%AEmes*")
    assert problems == []


def test_admin_forms_respect_the_policy(desktop_page, live_server, festival):
    problems = watch(desktop_page)
    page = desktop_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "direction")
    page.fill("#id_password", "mot-de-passe-42")
    page.click("input[type=submit]")
    page.wait_for_selector("#content")
    event, venue = festival["event"], festival["venue"]
    for path in [
        "/admin/",
        "/admin/events/event/",
        "/admin/events/event/add/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/events/event/import/",
        "/admin/events/edition/",
        "/admin/events/session/",
        "/admin/venues/venue/add/",
        f"/admin/venues/venue/{venue.pk}/change/",
        "/admin/events/partner/add/",
        "/admin/axes/accessattempt/",
        "/admin/password_change/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    # The inline sessions' "add another" and the calendar widgets run their scripts.
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    page.click(".add-row a")
    page.click(".datetimeshortcuts a >> nth=0")
    # « Dupliquer » copies a session row; the form saves with both.
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    page.locator("#sessions-0 .duplicate-session").click()
    # The copy fills the form's empty new row, no other is added; its start date has the focus.
    assert page.evaluate("document.activeElement.id") == "id_sessions-1-starts_at_0"
    assert page.input_value("#id_sessions-TOTAL_FORMS") == "2"
    page.keyboard.type("17/11/2027")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert event.sessions.count() == 2
    # A venue saved with a pin outside Occitanie is kept, with a warning.
    page.goto(f"{live_server.url}/admin/venues/venue/{venue.pk}/change/")
    page.fill("#id_latitude", "48.856600")
    page.fill("#id_longitude", "2.352200")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .warning")
    assert "hors d'Occitanie" in page.locator(".messagelist").inner_text()
    # The venue's map answers a click.
    page.goto(f"{live_server.url}/admin/venues/venue/{venue.pk}/change/")
    page.wait_for_selector(".leaflet-container")
    page.click(".leaflet-container")
    assert problems == []


def test_login_lockout_and_password_reset_pages_respect_the_policy(
    desktop_page, live_server, festival
):
    problems = watch(desktop_page)
    page = desktop_page
    for n in range(5):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "direction")
        page.fill("#id_password", f"essai-{n}")
        page.click("input[type=submit]")
    assert page.locator("h1").inner_text() == "Connexion bloquée"
    page.goto(f"{live_server.url}/admin/password_reset/")
    page.fill("#id_email", "d@example.org")
    page.click("input[type=submit]")
    page.wait_for_selector("#content")
    assert problems == []


def test_a_violation_would_be_seen(desktop_page, live_server, festival):
    """Check the listener itself: an inline style the policy refuses is reported."""
    problems = watch(desktop_page)
    desktop_page.goto(live_server.url + "/contact/")
    desktop_page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')"
    )
    desktop_page.wait_for_timeout(200)
    assert len(problems) == 1
    assert problems[0].startswith("Applying inline style violates")


def test_the_proposal_form_and_its_venue_search_respect_the_policy(
    desktop_page, live_server, festival
):
    today = datetime.date.today()
    Edition.objects.filter(slug="2027").update(
        proposals_open_on=today - datetime.timedelta(days=1),
        proposals_close_on=today + datetime.timedelta(days=10),
    )
    problems = watch(desktop_page)
    page = desktop_page
    response = page.goto(live_server.url + "/proposer/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    combo = page.locator("#id_seances-0-venue-saisie")
    combo.fill("carre")
    assert combo.get_attribute("aria-expanded") == "true"
    page.click("text=Ajouter une séance")
    assert page.locator("[data-session-list] [data-session]").count() == 3
    assert problems == []
