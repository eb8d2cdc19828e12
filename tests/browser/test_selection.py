"""A visitor stars sessions, opens "Ma sélection" and gets a feed of just those sessions."""

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
    button = page.locator(".event-actions .star-button")
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
    ids = sorted(s.pk for s in sessions[estampes.pk] + sessions[taiko.pk])
    desktop_page.wait_for_url(f"**/ma-selection/?seances={ids[0]}%2C{ids[1]}")
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
    events, sessions = three_events
    estampes, projection, _ = events
    first, second = sessions[estampes.pk][0].pk, sessions[projection.pk][0].pk
    star(desktop_page, live_server, estampes)
    star(desktop_page, live_server, projection)
    desktop_page.goto(f"{live_server.url}/ma-selection/")
    desktop_page.wait_for_url(f"**/ma-selection/?seances={first}%2C{second}")
    desktop_page.locator(f'.session-row [data-star-sessions="{first}"]').click()
    desktop_page.wait_for_url(f"**/ma-selection/?seances={second}")
    assert desktop_page.locator(".session-title").all_inner_texts() == ["Projection"]


def test_without_javascript_the_page_explains_and_shows_no_star(
    browser, live_server, transactional_db
):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/ma-selection/")
        assert "Ajouter à ma sélection" in page.locator(".selection-empty").inner_text()
        assert page.locator(".star-button:visible").count() == 0
    finally:
        context.close()


def test_a_selection_made_of_events_becomes_their_sessions_to_come(
    desktop_page, live_server, transactional_db
):
    edition = make_edition(name="Quinzaine du Japon 2023", is_current=True)
    taiko = make_event(edition, title="Taiko")
    make_session(taiko, aware(2023, 11, 10, 20))
    coming = make_session(taiko, aware(2023, 11, 14, 20))
    page = desktop_page
    page.goto(live_server.url + "/")
    # What a browser kept before stars were per session.
    page.evaluate(f"localStorage.setItem('quinzaine.selection', '[{taiko.pk}]')")
    page.goto(f"{live_server.url}/ma-selection/")
    page.wait_for_url(f"**/ma-selection/?seances={coming.pk}")
    assert page.locator(".session-row").count() == 1
    stored = page.evaluate(
        "[localStorage.getItem('quinzaine.selection'), localStorage.getItem('quinzaine.selection.seances')]"
    )
    assert stored == ["[]", f"[{coming.pk}]"]


def test_a_row_star_and_the_event_star_agree(desktop_page, live_server, transactional_db):
    edition = make_edition(name="Quinzaine du Japon 2023", is_current=True)
    taiko = make_event(edition, title="Taiko")
    first = make_session(taiko, aware(2023, 11, 13, 20))
    make_session(taiko, aware(2023, 11, 14, 20))
    page = desktop_page
    page.goto(live_server.url + taiko.get_absolute_url())
    page.locator(f'.event-sessions [data-star-sessions="{first.pk}"]').click()
    main = page.locator(".event-actions .star-button")
    # One of two sessions chosen: the event's star still offers to add the other.
    assert main.inner_text().strip() == "☆ Ajouter à ma sélection"
    main.click()
    assert page.locator(".event-sessions .star-icon").all_inner_texts() == ["★", "★"]
    main.click()
    assert page.locator(".event-sessions .star-icon").all_inner_texts() == ["☆", "☆"]


def test_subscribing_without_a_calendar_app_offers_the_link(browser, live_server, transactional_db):
    edition = make_edition(name="Quinzaine du Japon 2023", is_current=True)
    taiko = make_event(edition, title="Taiko")
    make_session(taiko, aware(2023, 11, 14, 20))
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + taiko.get_absolute_url())
        help_box = page.locator(".calendar-help")
        assert not help_box.evaluate("node => node.open")
        # Headless Chromium has no handler for webcal://: nothing opens, as on many phones.
        page.locator(".calendar-subscribe").click()
        page.locator("[data-calendar-help-failed]").wait_for(state="visible")
        field = help_box.locator(".calendar-url")
        assert (
            field.input_value() == f"{live_server.url}/{edition.slug}/evenements/{taiko.slug}.ics"
        )
        assert "Google Agenda" in help_box.inner_text()
    finally:
        context.close()
