"""A festival-goer on a phone, on Wednesday 15 November 2023, in the middle of the festival."""

import pytest
import time_machine

from tests.browser.chromium import PHONE
from tests.factories import aware, make_event, make_festival, make_session, make_venue

TODAY = "2023-11-15"


@pytest.fixture
def festival(transactional_db):
    base = make_festival()
    edition = base.edition
    base.nimes.latitude, base.nimes.longitude = "43.838100", "4.355900"
    base.nimes.save()
    uchaud = make_venue(
        name="Salle des fêtes",
        town="Uchaud",
        department="30",
        latitude="43.7586",
        longitude="4.2686",
    )
    make_session(base.tea, aware(2023, 11, 15, 14))
    rows = [
        ("Taiko à Nîmes", base.nimes, aware(2023, 11, 15, 18)),
        ("Saké à Uchaud", uchaud, aware(2023, 11, 15, 19)),
        ("Kendo du samedi", base.albi, aware(2023, 11, 18, 15)),
        ("Origami du dimanche", base.toulouse, aware(2023, 11, 19, 10)),
        ("Lancement passé", base.nimes, aware(2023, 11, 10, 18)),
    ]
    for title, venue, starts_at in rows:
        make_session(make_event(edition, title=title, venue=venue), starts_at)
    exhibition = make_event(edition, title="Estampes", venue=base.nimes)
    for day in range(10, 25):
        make_session(exhibition, aware(2023, 11, day, 10), aware(2023, 11, day, 18))
    return base


@pytest.fixture(autouse=True)
def wednesday():
    # Ticking: the browser driver waits on real time.
    with time_machine.travel(aware(2023, 11, 15, 9), tick=True):
        yield


def phone(browser, **options):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", **PHONE, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def titles(page):
    return page.locator(".session-title").all_inner_texts()


def test_today_is_one_tap_from_the_home_page(phone_page, live_server, festival):
    page = phone_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Aujourd'hui", exact=True).first.click()
    page.wait_for_url(f"**/2023/programme/?jour={TODAY}")
    assert titles(page) == ["Estampes", "Cérémonie du thé", "Taiko à Nîmes", "Saké à Uchaud"]
    box = page.locator(".session-row").first.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"]


def test_this_weekend_is_one_tap_from_the_home_page(phone_page, live_server, festival):
    page = phone_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Ce week-end", exact=True).first.click()
    page.wait_for_url("**/2023/programme/?du=2023-11-18&au=2023-11-19")
    # The exhibition is one row for the weekend, above the two days.
    assert titles(page) == ["Estampes", "Kendo du samedi", "Origami du dimanche"]
    assert page.locator(".session-series").inner_text() == (
        "tous les jours du 18 novembre au 19 novembre"
    )


def test_near_me_with_the_position_granted(browser, live_server, festival):
    context, page = phone(
        browser,
        geolocation={"latitude": 43.7612, "longitude": 4.2731},
        permissions=["geolocation"],
    )
    try:
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Près de moi").first.click()
        page.wait_for_url("**/2023/programme/?lat=43.76&lng=4.27")
        headings = page.locator(".programme-day-title").all_inner_texts()
        # Nearest first: no exhibition far away before them.
        assert headings[:2] == ["Uchaud · à moins de 1 km", "Nîmes · à 11 km"]
        near = page.get_by_role("link", name="Près de moi").first
        assert near.get_attribute("aria-current") == "true"
        # Applying the filters keeps the position.
        page.locator("details.programme-filters summary").click()
        page.locator("#id_gratuit").check()
        page.get_by_role("button", name="Afficher").click()
        page.wait_for_url("**/2023/programme/?lat=43.76&lng=4.27&gratuit=on")
        assert page.locator(".programme-day-title").first.inner_text() == (
            "Uchaud · à moins de 1 km"
        )
    finally:
        context.close()


def test_today_near_a_chosen_town_in_two_taps(browser, live_server, festival):
    context, page = phone(browser)  # The position is not granted.
    try:
        page.goto(f"{live_server.url}/2023/programme/?jour={TODAY}")
        page.get_by_role("link", name="Près de moi").click()
        picker = page.get_by_label("Les séances les plus proches de")
        picker.wait_for()
        picker.select_option("Uchaud")
        page.wait_for_url(f"**/2023/programme/?jour={TODAY}&pres=Uchaud")
        assert titles(page)[:2] == ["Saké à Uchaud", "Estampes"]
        first = page.locator(".session-row").first.bounding_box()
        assert first["y"] < page.viewport_size["height"]
    finally:
        context.close()


def test_near_a_town_works_without_javascript(browser, live_server, festival):
    context, page = phone(browser, java_script_enabled=False)
    try:
        page.goto(f"{live_server.url}/2023/programme/?jour={TODAY}")
        page.get_by_role("link", name="Près de moi").click()
        page.get_by_label("Les séances les plus proches de").select_option("Nîmes")
        page.get_by_role("button", name="Trier").click()
        page.wait_for_url(f"**/2023/programme/?jour={TODAY}&pres=N%C3%AEmes")
        assert titles(page)[:2] == ["Estampes", "Taiko à Nîmes"]
    finally:
        context.close()


def test_starring_from_the_programme(phone_page, live_server, festival):
    page = phone_page
    page.goto(f"{live_server.url}/2023/programme/?jour={TODAY}")
    row = page.locator(".session-row", has_text="Taiko à Nîmes")
    star = row.get_by_role("button", name="Ajouter à ma sélection : Taiko à Nîmes")
    star.click()
    assert row.locator(".star-icon").inner_text() == "★"
    page.get_by_role("link", name="Ma sélection").first.click()
    page.wait_for_url("**/ma-selection/?seances=*")
    assert titles(page) == ["Taiko à Nîmes"]
    assert page.locator(".session-place").inner_text() == "Nîmes · Carré d'Art"


def test_event_key_facts_are_on_the_first_screen(phone_page, live_server, festival):
    page = phone_page
    page.goto(live_server.url + festival.tea.get_absolute_url())
    facts = page.locator(".event-key-facts")
    box = facts.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"]
    assert facts.locator("dt").all_inner_texts() == [
        "Quand",
        "Où",
        "Tarif",
        "Réservation",
        "Accessibilité",
    ]
