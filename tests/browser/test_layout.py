"""Where things sit on a phone and a wide screen, on the demo served as in production."""

import pytest

from tests.browser.chromium import PHONE, new_page

WIDE = {"viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def phone(browser):
    context, page = new_page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def wide(browser):
    context, page = new_page(browser, WIDE)
    yield page
    context.close()


def test_every_edition_is_within_two_screens_on_a_phone(phone, demo_site):
    phone.goto(demo_site + "/editions/")
    cards = phone.locator(".edition-card")
    assert cards.count() == 3
    last = cards.last.bounding_box()
    assert last["y"] < 2 * PHONE["viewport"]["height"]
    # Only the first card shows its picture.
    assert phone.locator(".edition-card .card-figure:visible").count() == 1


def test_wide_screens_show_the_filters_beside_every_day(wide, demo_site):
    wide.goto(demo_site + "/quinzaine-du-japon-2023/programme/")
    filters = wide.locator("details.programme-filters")
    assert filters.evaluate("details => details.open")
    results = wide.locator(".programme-main").bounding_box()
    aside = wide.locator(".programme-aside").bounding_box()
    assert aside["x"] + aside["width"] <= results["x"]
    assert aside["y"] < results["y"] + results["height"]
    viewport = WIDE["viewport"]["width"]
    chips = wide.locator(".day-nav li")
    assert chips.count() == 16  # « Tous les jours » and the fifteen days.
    for index in range(chips.count()):
        box = chips.nth(index).bounding_box()
        assert box["x"] + box["width"] <= viewport, chips.nth(index).inner_text()


def test_the_venues_map_is_fitted_to_the_venues(wide, demo_site):
    wide.goto(demo_site + "/lieux/")
    wide.locator(".leaflet-marker-icon").first.wait_for()
    area = wide.locator("#venues-map").bounding_box()
    boxes = [icon.bounding_box() for icon in wide.locator(".leaflet-marker-icon").all()]
    xs = [box["x"] + box["width"] / 2 for box in boxes]
    ys = [box["y"] + box["height"] / 2 for box in boxes]
    # The venues spread over most of the map, one way or the other.
    spread = max((max(xs) - min(xs)) / area["width"], (max(ys) - min(ys)) / area["height"])
    assert spread > 0.6
    # Beside the list, not above it.
    listing = wide.locator(".venues-layout-list").bounding_box()
    assert area["x"] + area["width"] <= listing["x"]
