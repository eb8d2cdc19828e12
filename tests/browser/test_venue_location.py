"""An organiser places a venue on the admin's map, and types a Japanese event title."""

import pytest

from events.models import Event
from tests.factories import make_edition
from tests.helpers import log_in
from venues.models import Venue

pytestmark = pytest.mark.usefixtures("organiser")


@pytest.fixture(autouse=True)
def offline_tiles(settings):
    # No tile server here: the map still takes clicks, and says the tiles are missing.
    settings.MAP_TILES_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"


def test_click_and_drag_on_the_map_set_the_coordinates(desktop_page, live_server):
    page = desktop_page
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/venues/venue/add/")
    page.fill("#id_name", "Dōjō")
    page.fill("#id_address", "3 rue du Japon")
    page.fill("#id_postcode", "34000")
    page.fill("#id_town", "Montpellier")
    assert page.input_value("#id_department") == ""
    page.click("button[data-geocode]")
    page.wait_for_selector("[data-geocode-status].is-error")
    assert page.text_content("[data-geocode-status]") == (
        "Le service d'adresses ne répond pas : placez le lieu en cliquant sur la carte."
    )
    # Below the English and Japanese names: in sight before the mouse reaches it.
    page.locator("[data-venue-location-map]").scroll_into_view_if_needed()
    box = page.locator("[data-venue-location-map]").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    first = (page.input_value("#id_latitude"), page.input_value("#id_longitude"))
    assert all(value and len(value.split(".")[1]) == 6 for value in first)
    pin = page.locator(".leaflet-marker-icon").bounding_box()
    page.mouse.move(pin["x"] + pin["width"] / 2, pin["y"] + pin["height"] - 5)
    page.mouse.down()
    page.mouse.move(pin["x"] + 120, pin["y"] + 80, steps=8)
    page.mouse.up()
    dragged = (page.input_value("#id_latitude"), page.input_value("#id_longitude"))
    assert float(dragged[0]) < float(first[0]) and float(dragged[1]) > float(first[1])
    page.wait_for_selector("[data-tiles-status]:not(:empty)")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    venue = Venue.objects.get()
    assert (venue.slug, venue.department) == ("dojo-montpellier", "34")
    assert (f"{venue.latitude:.6f}", f"{venue.longitude:.6f}") == dragged


def test_japanese_title_gets_a_romanised_address(desktop_page, live_server):
    edition = make_edition(name="Quinzaine 2026", slug="2026")
    page = desktop_page
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/events/event/add/")
    page.select_option("#id_edition", str(edition.pk))
    page.fill("#id_title", "Tōkyō 東京")
    page.dispatch_event("#id_title", "change")
    # The admin's script drops what it cannot spell: the server puts it back.
    assert page.input_value("#id_slug") == "tky"
    page.select_option("#id_category", label="Exposition")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert Event.objects.get().slug == "tokyo-toukyou"
