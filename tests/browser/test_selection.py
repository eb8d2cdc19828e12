"""A visitor stars events, opens "Ma sélection" and gets a feed of just those events."""

import urllib.request

import pytest
import time_machine
import vobject

from tests.factories import aware, make_edition, make_event, make_session


@pytest.fixture(autouse=True)
def during_the_festival():
    """Stars are for an edition not over yet: the clock is set before the 2023 one ends."""
    with time_machine.travel(aware(2023, 11, 12, 9), tick=True):
        yield


@pytest.fixture
def three_events(transactional_db):
    edition = make_edition(name="Quinzaine du Japon 2023", is_current=True)
    events = [make_event(edition, title=title) for title in ("Estampes", "Projection", "Taiko")]
    sessions = {event.pk: [make_session(event)] for event in events}
    return events, sessions


def star(page, live_server, event):
    page.goto(live_server.url + event.get_absolute_url())
    button = page.locator(f'[data-star-event="{event.pk}"]').first
    assert button.is_visible()
    assert button.inner_text().strip() == "☆ Ajouter à ma sélection"
    link = page.get_by_role("link", name="Voir ma sélection")
    assert link.count() == 0 or not link.first.is_visible()
    button.click()
    assert button.inner_text().strip() == "★ Retirer de ma sélection"
    assert link.first.is_visible()


def test_starred_events_make_a_subscribable_feed(desktop_page, live_server, three_events):
    events, sessions = three_events
    estampes, _, taiko = events
    star(desktop_page, live_server, estampes)
    star(desktop_page, live_server, taiko)

    desktop_page.goto(f"{live_server.url}/ma-selection/")
    # The page reloads itself with the ids kept in the browser.
    desktop_page.wait_for_url(f"**/ma-selection/?ids={estampes.pk}%2C{taiko.pk}")
    titles = desktop_page.locator(".session-title").all_inner_texts()
    assert titles == ["Estampes", "Taiko"]

    subscribe = desktop_page.get_by_role("link", name="S'abonner", exact=True)
    assert subscribe.get_attribute("href").startswith("webcal://")
    download = desktop_page.get_by_role("link", name="Télécharger (.ics)")
    with urllib.request.urlopen(download.get_attribute("href")) as response:
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        calendar = vobject.readOne(response.read().decode())
    uids = {vevent.uid.value for vevent in calendar.vevent_list}
    assert uids == {s.ical_uid for s in sessions[estampes.pk] + sessions[taiko.pk]}


def test_unstarring_on_the_selection_page_removes_the_event(
    desktop_page, live_server, three_events
):
    events, _ = three_events
    estampes, projection, _ = events
    star(desktop_page, live_server, estampes)
    star(desktop_page, live_server, projection)
    desktop_page.goto(f"{live_server.url}/ma-selection/")
    desktop_page.wait_for_url(f"**/ma-selection/?ids={estampes.pk}%2C{projection.pk}")
    desktop_page.locator(f'.session-row [data-star-event="{estampes.pk}"]').click()
    desktop_page.wait_for_url(f"**/ma-selection/?ids={projection.pk}")
    assert desktop_page.locator(".session-title").all_inner_texts() == ["Projection"]


def test_without_javascript_the_page_explains_and_shows_no_star(
    browser, live_server, transactional_db
):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/ma-selection/")
        assert "Ajouter à ma sélection" in page.locator(".selection-empty").inner_text()
        assert page.locator("[data-star-event]:visible").count() == 0
    finally:
        context.close()
