import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import make_edition, make_event, make_session, make_venue
from tests.helpers import blank_tile

TILES = "https://tile.openstreetmap.org/**"
OFFLINE_NOTICE = (
    "La carte ne peut pas s'afficher (pas de connexion ?). "
    "La liste des lieux ci-dessous reste utilisable."
)
# The screen of a common phone, wider than the 360 px of the phone_page fixture.
PHONE_390 = {"width": 390, "height": 844}


def soon(days, hour=18):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def open_page(page, url, tiles=False):
    """Open a page with map tiles served blank, or failing, and collect its JavaScript errors."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if tiles:
        tile = blank_tile()
        page.route(TILES, lambda route: route.fulfill(body=tile, content_type="image/png"))
    else:
        page.route(TILES, lambda route: route.abort())
    page.goto(url)
    return errors


@pytest.fixture
def festival_venues(transactional_db):
    edition = make_edition(is_current=True)
    venues = [
        make_venue(
            name="Carré d'Art",
            town="Nîmes",
            department="30",
            latitude="43.838500",
            longitude="4.356700",
        ),
        make_venue(
            name="Médiathèque José Cabanis",
            town="Toulouse",
            latitude="43.611200",
            longitude="1.452400",
        ),
        make_venue(
            name="Scène Nationale",
            town="Albi",
            department="81",
            latitude="43.928900",
            longitude="2.142100",
        ),
        make_venue(
            name="Salle sans coordonnées",
            town="Rodez",
            department="12",
            latitude=None,
            longitude=None,
        ),
    ]
    for venue in venues:
        make_session(
            make_event(edition, venue=venue, title=f"Rendez-vous à {venue.town}"), starts_at=soon(2)
        )
    return venues


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page_fixture", ["phone_page", "desktop_page"])
def test_venue_index_shows_one_marker_per_located_venue(
    request, page_fixture, live_server, festival_venues
):
    page = request.getfixturevalue(page_fixture)

    errors = open_page(page, f"{live_server.url}/lieux/")

    map_box = page.locator("#venues-map")
    map_box.wait_for(state="visible")
    markers = page.locator("#venues-map .leaflet-marker-icon:not(.marker-cluster)")
    assert markers.count() == 3
    assert sorted(markers.evaluate_all("nodes => nodes.map(n => n.title)")) == [
        "Carré d'Art",
        "Médiathèque José Cabanis",
        "Scène Nationale",
    ]
    assert "© OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
    box = map_box.bounding_box()
    assert box["width"] <= page.viewport_size["width"]
    assert box["height"] >= 300
    assert errors == []

    markers.first.click()
    page.locator(".venue-popup-more a").wait_for()
    assert page.locator(".leaflet-popup-content a").count() == 2


@pytest.mark.django_db(transaction=True)
def test_venue_index_list_works_without_javascript(browser, live_server, festival_venues):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/lieux/")
        assert not page.locator("#venues-map").is_visible()
        assert page.locator("#venues-map-notice").inner_text() == ""
        assert page.locator(".venue-item .venue-name").all_inner_texts() == [
            "Salle sans coordonnées",
            "Carré d'Art",
            "Médiathèque José Cabanis",
            "Scène Nationale",
        ]
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_venue_page_on_a_phone_shows_its_upcoming_sessions_and_map(
    phone_page, live_server, festival_venues
):
    venue = festival_venues[0]

    errors = open_page(phone_page, f"{live_server.url}{venue.get_absolute_url()}")

    assert phone_page.locator("h1").inner_text() == "Carré d'Art"
    assert phone_page.locator(".venue-session a").all_inner_texts() == ["Rendez-vous à Nîmes"]
    phone_page.locator("#venue-map .leaflet-marker-icon").wait_for()
    assert phone_page.locator("#venue-map .leaflet-marker-icon").count() == 1
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert errors == []

    phone_page.locator(".venue-session a").click()
    phone_page.wait_for_url(f"**{venue.events.get().get_absolute_url()}")


@pytest.fixture
def nimes_neighbours(festival_venues):
    """Add a theatre 300 m from the Carré d'Art: both pins overlap until the map is zoomed in."""
    theatre = make_venue(
        name="Théâtre de Nîmes",
        town="Nîmes",
        department="30",
        latitude="43.837700",
        longitude="4.359300",
    )
    event = make_event(festival_venues[0].events.get().edition, venue=theatre, title="Nô et kyōgen")
    make_session(event, starts_at=soon(1, hour=20))
    return theatre, event


@pytest.mark.django_db(transaction=True)
def test_overlapping_venues_open_from_their_group_to_a_popup_of_next_sessions(
    phone_page, live_server, nimes_neighbours
):
    theatre, event = nimes_neighbours
    phone_page.set_viewport_size(PHONE_390)

    errors = open_page(phone_page, f"{live_server.url}/lieux/", tiles=True)

    group = phone_page.locator("#venues-map .marker-cluster")
    group.wait_for()
    assert group.count() == 1
    assert group.get_attribute("role") == "button"
    assert group.text_content() == "2 lieux proches : afficher"
    assert phone_page.locator("#venues-map-notice").inner_text() == ""
    group.click()
    pin = phone_page.locator("#venues-map .leaflet-marker-icon[title='Théâtre de Nîmes']")
    pin.wait_for()
    phone_page.locator('#venues-map .leaflet-marker-icon[title="Carré d\'Art"]').wait_for()
    group.first.wait_for(state="detached")

    pin.click()
    popup = phone_page.locator(".leaflet-popup-content .venue-popup")
    popup.wait_for()
    day = date_format(timezone.localtime(soon(1, hour=20)), "l j F")
    assert [line for line in popup.inner_text().splitlines() if line] == [
        "Théâtre de Nîmes",
        "Nîmes",
        f"{day} à 20\xa0h",
        "Nô et kyōgen",
        "Le lieu et toutes ses séances",
    ]
    assert (
        popup.get_by_role("link", name="Le lieu et toutes ses séances").get_attribute("href")
        == theatre.get_absolute_url()
    )
    box = phone_page.locator(".leaflet-popup").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_390["width"]
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    assert errors == []

    popup.get_by_role("link", name="Nô et kyōgen").click()
    phone_page.wait_for_url(f"**{event.get_absolute_url()}")


@pytest.mark.django_db(transaction=True)
def test_venues_at_the_same_spot_spread_out_from_their_group(
    desktop_page, live_server, festival_venues
):
    carre = festival_venues[0]
    auditorium = make_venue(
        name="Auditorium du Carré d'Art",
        town="Nîmes",
        department="30",
        latitude=carre.latitude,
        longitude=carre.longitude,
    )
    make_session(make_event(venue=auditorium, title="Conférence"), starts_at=soon(3))

    errors = open_page(desktop_page, f"{live_server.url}/lieux/", tiles=True)

    group = desktop_page.locator("#venues-map .marker-cluster")
    group.wait_for()
    group.click()
    pins = desktop_page.locator("#venues-map .leaflet-marker-icon:not(.marker-cluster)")
    desktop_page.locator(".leaflet-marker-icon[title='Auditorium du Carré d\\'Art']").wait_for()
    assert sorted(pins.evaluate_all("nodes => nodes.map(n => n.title)")) == [
        "Auditorium du Carré d'Art",
        "Carré d'Art",
        "Médiathèque José Cabanis",
        "Scène Nationale",
    ]
    assert errors == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page_fixture", ["phone_page", "desktop_page"])
def test_venue_index_says_when_the_map_cannot_load_and_keeps_the_list(
    request, page_fixture, live_server, festival_venues
):
    page = request.getfixturevalue(page_fixture)

    errors = open_page(page, f"{live_server.url}/lieux/")

    notice = page.locator("#venues-map-notice")
    page.get_by_text(OFFLINE_NOTICE).wait_for()
    assert notice.inner_text() == OFFLINE_NOTICE
    assert notice.get_attribute("role") == "status"
    map_box = page.locator("#venues-map").bounding_box()
    assert notice.bounding_box()["y"] + notice.bounding_box()["height"] <= map_box["y"]
    assert page.locator(".venue-item .venue-name").all_inner_texts() == [
        "Salle sans coordonnées",
        "Carré d'Art",
        "Médiathèque José Cabanis",
        "Scène Nationale",
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert errors == []

    page.get_by_role("link", name="Scène Nationale").click()
    page.wait_for_url(f"**{festival_venues[2].get_absolute_url()}")


@pytest.mark.django_db(transaction=True)
def test_venue_index_says_so_without_leaflet(phone_page, live_server, festival_venues):
    phone_page.route("**/vendor/leaflet/leaflet.js", lambda route: route.abort())

    errors = open_page(phone_page, f"{live_server.url}/lieux/", tiles=True)

    phone_page.get_by_text(OFFLINE_NOTICE).wait_for()
    assert not phone_page.locator("#venues-map").is_visible()
    assert phone_page.locator(".venue-item").count() == 4
    # The clustering plugin stops on the missing Leaflet; map.js goes on and says so.
    assert errors == ["L is not defined"]
