import datetime

import pytest
from django.utils import timezone

from tests.factories import make_edition, make_event, make_session, make_venue


def soon(days, hour=18):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def open_page(page, url):
    """Open a page offline from map tiles, and collect its JavaScript errors."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
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
    markers = page.locator("#venues-map .leaflet-marker-icon")
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
    page.locator(".leaflet-popup-content a").wait_for()
    assert page.locator(".leaflet-popup-content a").count() == 1


@pytest.mark.django_db(transaction=True)
def test_venue_index_list_works_without_javascript(browser, live_server, festival_venues):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/lieux/")
        assert not page.locator("#venues-map").is_visible()
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
