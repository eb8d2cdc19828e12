"""A visitor on a phone filters the programme, opens an event and finds its calendar links."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from events.models import Session
from tests.factories import make_event, make_festival, make_partner, make_session


def on(day_offset, hour):
    """Return an aware datetime `day_offset` days after the start of the festival."""
    day = datetime.date(2023, 11, 10) + datetime.timedelta(days=day_offset)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def festival(transactional_db):
    base = make_festival(
        edition_fields={"tagline": "Deux semaines de Japon partout en Occitanie"},
        tea_fields={"summary": "Découvrir le chanoyu avec une maîtresse de thé."},
    )
    edition, tea = base.edition, base.tea
    toulouse, nimes, albi = base.toulouse, base.nimes, base.albi
    cooking, screening = base.cooking, base.screening
    tea.organisers.add(make_partner(name="Association Cricao"))
    make_session(tea, on(5, 14))
    make_session(tea, on(6, 14), status=Session.Status.FULL)
    make_event_with_session = [
        ("Projection Ozu", toulouse, screening, {"is_free": False, "price": "6 €"}, on(5, 20)),
        ("Taiko au Carré", nimes, screening, {}, on(5, 18)),
        ("Lancement à Nîmes", nimes, screening, {"highlight": "opening"}, on(0, 18)),
        ("Clôture à Albi", albi, screening, {"highlight": "closing"}, on(14, 18)),
        ("Atelier origami", toulouse, cooking, {"audience": "young"}, on(6, 10)),
    ]
    for title, venue, category, fields, starts_at in make_event_with_session:
        event = make_event(edition, title=title, venue=venue, category=category, **fields)
        make_session(event, starts_at)
    return edition


@pytest.fixture
def before_the_end():
    """Subscriptions and stars are for an edition not over yet: the clock is set before."""
    with time_machine.travel(on(-9, 9), tick=True):
        yield


def test_phone_visitor_filters_free_events_in_a_town_on_a_day(
    phone_page, live_server, festival, before_the_end
):
    page = phone_page
    page.goto(f"{live_server.url}/programme/")
    assert page.locator("h1").inner_text().startswith("Programme")

    page.locator("summary", has_text="Filtrer le programme").click()
    page.get_by_label("Jour", exact=True).select_option("2023-11-15")
    page.get_by_label("Commune", exact=True).select_option("Toulouse")
    page.get_by_label("Gratuit uniquement").check()
    page.get_by_role("button", name="Afficher").click()

    page.wait_for_url("**/2023/programme/?*")
    # Only the chosen filters are in the URL, and the form folds away to show the result.
    assert (
        page.url == f"{live_server.url}/2023/programme/?jour=2023-11-15&commune=Toulouse&gratuit=on"
    )
    assert page.locator(".programme-count").inner_text() == "1 séance"
    assert [
        chip.removesuffix(" : retirer ce filtre✕").strip()
        for chip in page.locator(".filter-chip").all_text_contents()
    ] == ["mercredi 15 novembre", "Toulouse", "gratuit"]
    assert not page.locator(".programme-filters form").is_visible()
    rows = page.locator(".session-row")
    assert rows.count() == 1
    box = rows.first.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"]
    assert rows.locator(".session-title").inner_text() == "Cérémonie du thé"
    assert rows.locator(".session-badges li").all_inner_texts() == [
        "gratuit",
        "sur réservation",
        "accessible PMR",
    ]

    rows.get_by_role("link", name="Cérémonie du thé").click()
    page.wait_for_url("**/2023/evenements/ceremonie-du-the/")
    assert page.locator("h1").inner_text() == "Cérémonie du thé"
    sessions = page.locator(".event-sessions li")
    assert sessions.count() == 2
    assert "complète" in sessions.nth(1).inner_text()
    agenda = page.locator("section.event-calendar")
    assert agenda.locator("h2").inner_text() == "Ajouter à mon agenda"
    subscribe = agenda.locator("a.calendar-subscribe")
    assert subscribe.is_visible()
    assert subscribe.get_attribute("href") == (
        "webcal://" + live_server.url.split("://")[1] + "/2023/evenements/ceremonie-du-the.ics"
    )


def test_keyboard_visitor_reaches_and_uses_the_filters(desktop_page, live_server, festival):
    page = desktop_page
    page.goto(f"{live_server.url}/2023/programme/")

    def focused(expression):
        return page.evaluate(f"document.activeElement.{expression}")

    # Skip links: to the content, the sessions, the filters.
    for label in ("Aller au contenu", "Aller aux séances", "Aller aux filtres"):
        page.keyboard.press("Tab")
        assert focused("textContent") == label
    page.keyboard.press("Enter")
    assert focused("id") == "filtres"
    assert page.evaluate("document.querySelector('details.programme-filters').open")
    page.keyboard.press("Tab")
    assert focused("name") == "jour"

    # The search box is a few key presses from the top of the content.
    page.goto(f"{live_server.url}/2023/programme/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    for _ in range(5):
        page.keyboard.press("Tab")
        if focused("name") == "q":
            break
    assert focused("name") == "q"
    page.keyboard.type("origami")
    page.keyboard.press("Enter")

    page.wait_for_url("**/2023/programme/?q=origami*")
    assert page.locator(".session-title").all_inner_texts() == ["Atelier origami"]
    assert page.locator(".programme-count").inner_text() == "1 séance"
    assert page.locator(".filter-chip").inner_text().startswith("« origami »")


def test_the_first_star_is_a_few_key_presses_away(
    desktop_page, live_server, festival, before_the_end
):
    page = desktop_page
    page.goto(f"{live_server.url}/2023/programme/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller aux séances"
    page.keyboard.press("Enter")
    presses = 0
    while "star-button" not in page.evaluate("document.activeElement.className"):
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 20
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent").strip().startswith("★")


def test_a_day_chosen_after_this_weekend_replaces_it(phone_page, live_server, festival):
    """« Ce week-end », then a town and a weekday in the form: that day, never « Aucune séance »."""
    page = phone_page
    with time_machine.travel(on(5, 9), tick=True):
        page.goto(f"{live_server.url}/2023/programme/")
        page.locator(".quick-link", has_text="Ce week-end").click()
        page.wait_for_url("**/2023/programme/?du=*")
        page.locator("summary", has_text="Modifier les filtres").click()
        page.get_by_label("Jour", exact=True).select_option("2023-11-15")
        page.get_by_label("Commune", exact=True).select_option("Toulouse")
        page.get_by_role("button", name="Afficher").click()
        page.wait_for_url("**/2023/programme/?jour=*")
        assert page.url == f"{live_server.url}/2023/programme/?jour=2023-11-15&commune=Toulouse"
        titles = page.locator(".session-row .session-title").all_inner_texts()
        assert titles == ["Cérémonie du thé", "Projection Ozu"]
        # The day chosen is today: its quick link is the one highlighted, not the weekend's.
        assert page.locator(".quick-link[aria-current]").all_inner_texts() == ["Aujourd'hui"]


def contrast(first, second):
    """Return the WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(colour):
        red, green, blue = (
            int(part) / 255 for part in colour[colour.index("(") + 1 : -1].split(",")[:3]
        )
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_form_controls_edges_and_focus_can_be_seen(desktop_page, live_server, festival):
    page = desktop_page
    page.goto(f"{live_server.url}/2023/programme/")
    # At 1366 px the filters are open beside the results.
    assert page.locator("details.programme-filters").evaluate("d => d.open")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for selector in ("select[name=commune]", "input[name=q]", "input[name=gratuit]"):
        border = page.locator(selector).evaluate("e => getComputedStyle(e).borderTopColor")
        assert contrast(border, background) >= 3, (selector, border, background)
    select = page.locator("select[name=commune]")
    select.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    outline = select.evaluate(
        "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth"
    )
    assert outline == "solid 3px"
