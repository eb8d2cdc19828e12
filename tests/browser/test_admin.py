"""An organiser enters a new edition in the admin, as in the foundation issue's check."""

import datetime
import io

from PIL import Image

from events.models import Edition, Event, Partner
from tests.factories import aware, make_event, make_session, make_venue
from tests.helpers import log_in


def choose_autocomplete(page, select_id, text):
    """Pick an option in one of the admin's autocomplete (select2) widgets."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def png_logo():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), (188, 45, 41)).save(buffer, format="PNG")
    return {"name": "logo.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_organiser_creates_edition_event_with_three_sessions_and_partner(
    desktop_page, live_server, organiser
):
    make_venue(name="Halle aux grains", slug="halle", town="Toulouse")
    make_venue(name="Maison du Japon", slug="maison", town="Montpellier", department="34")
    page = desktop_page
    log_in(page, live_server)

    page.goto(f"{live_server.url}/admin/events/partner/add/")
    page.fill("#id_name", "Association Sakura")
    page.select_option("#id_kind", "association")
    page.set_input_files("#id_logo", png_logo())
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert page.locator("#result_list img").count() == 1

    page.goto(f"{live_server.url}/admin/events/edition/add/")
    page.fill("#id_name", "Quinzaine du Japon 2027")
    page.fill("#id_year", "2027")
    page.fill("#id_starts_on", "2027-11-12")
    page.fill("#id_ends_on", "2027-11-26")
    page.check("#id_is_published")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(f"{live_server.url}/admin/events/event/add/")
    page.select_option("#id_edition", label="Quinzaine du Japon 2027")
    page.locator("#id_title").press_sequentially("Concert de taiko")
    assert page.input_value("#id_slug") == "concert-de-taiko"
    page.select_option("#id_category", label="Spectacle")
    page.select_option("#id_status", "published")
    choose_autocomplete(page, "id_venue", "Halle aux grains")
    choose_autocomplete(page, "id_organisers", "Association Sakura")
    rows = [
        ("2027-11-13", "20:00", "2027-11-13", "22:00", None),
        ("2027-11-14", "16:00", "2027-11-14", "18:00", None),
        ("2027-11-20", "20:00", "2027-11-20", "22:00", "Maison du Japon"),
    ]
    for index, (start_day, start_time, end_day, end_time, venue) in enumerate(rows):
        if index:
            page.click("#sessions-group .add-row a")
        prefix = f"sessions-{index}"
        page.fill(f"#id_{prefix}-starts_at_0", start_day)
        page.fill(f"#id_{prefix}-starts_at_1", start_time)
        page.fill(f"#id_{prefix}-ends_at_0", end_day)
        page.fill(f"#id_{prefix}-ends_at_1", end_time)
        if venue:
            choose_autocomplete(page, f"id_{prefix}-venue", venue)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    event = Event.objects.get(slug="concert-de-taiko")
    assert event.edition == Edition.objects.get(year=2027)
    assert list(event.organisers.values_list("name", flat=True)) == ["Association Sakura"]
    places = [
        session.place.name for session in event.sessions.select_related("venue", "event__venue")
    ]
    assert places == ["Halle aux grains", "Halle aux grains", "Maison du Japon"]
    assert Partner.objects.get(name="Association Sakura").logo.name.startswith("partners/")


def test_organiser_sees_french_refusal_of_a_text_file_as_logo(desktop_page, live_server, organiser):
    page = desktop_page
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/events/partner/add/")
    page.fill("#id_name", "Faux logo")
    page.select_option("#id_kind", "company")
    page.set_input_files(
        "#id_logo", {"name": "logo.png", "mimeType": "image/png", "buffer": b"pas une image"}
    )
    page.click("input[name=_save]")
    error = page.locator(".field-logo .errorlist").inner_text()
    assert "image" in error.lower()
    assert Partner.objects.filter(name="Faux logo").count() == 0


def test_publishing_drafts_with_alerts_is_confirmed_in_the_browser(
    desktop_page, live_server, organiser
):
    """The confirmation page's form posts under the site's headers, and publishes."""
    edition = Edition.objects.create(
        name="Quinzaine 2027",
        year=2027,
        slug="2027",
        starts_on=datetime.date(2027, 11, 12),
        ends_on=datetime.date(2027, 11, 26),
        is_published=True,
    )
    event = make_event(edition, title="Trop tard", slug="trop-tard", status=Event.Status.DRAFT)
    make_session(event, aware(2027, 12, 2, 20))
    page = desktop_page
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/events/event/")
    page.check(f"input[name=_selected_action][value='{event.pk}']")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    page.wait_for_selector(".publish-confirmation")
    assert "est hors des dates de l'édition" in page.locator(".publish-confirmation").inner_text()
    page.click("input[value='Publier quand même']")
    page.wait_for_selector(".messagelist .success")
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_duplicating_a_session_leaves_one_date_to_type(desktop_page, live_server, organiser):
    """Three sessions at a new place: one typed in full, two duplicated with a new day each."""
    event = make_event(title="Atelier de kintsugi", slug="kintsugi")
    make_venue(name="Maison du Japon", slug="maison", town="Montpellier", department="34")
    page = desktop_page
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    page.fill("#id_sessions-0-starts_at_0", "2023-11-14")
    page.fill("#id_sessions-0-starts_at_1", "14:00")
    page.fill("#id_sessions-0-ends_at_1", "16:30")
    choose_autocomplete(page, "id_sessions-0-venue", "Maison du Japon")
    page.fill("#id_sessions-0-capacity", "12")
    for index, day in [(1, "2023-11-16"), (2, "2023-11-18")]:
        page.locator("#sessions-0 .duplicate-session").click()
        day_box = page.locator(f"#id_sessions-{index}-starts_at_0")
        assert page.evaluate("document.activeElement.id") == f"id_sessions-{index}-starts_at_0"
        assert page.input_value(f"#id_sessions-{index}-starts_at_1") == "14:00"
        assert page.input_value(f"#id_sessions-{index}-ends_at_1") == "16:30"
        day_box.fill(day)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    sessions = [
        (s.starts_at, s.ends_at, s.venue.name, s.capacity)
        for s in event.sessions.select_related("venue").order_by("starts_at")
    ]
    assert sessions == [
        (aware(2023, 11, day, 14), aware(2023, 11, day, 16, 30), "Maison du Japon", 12)
        for day in (14, 16, 18)
    ]


def test_the_sessions_list_fits_a_1366_px_screen(browser, live_server, organiser):
    from tests.browser.chromium import new_page

    event = make_event(title="Projections en tournée : le cinéma d'animation japonais")
    for day in range(13, 17):
        make_session(event, aware(2023, 11, day, 18), venue=make_venue(name=f"Cinéma {day}"))
    context, page = new_page(browser, {"viewport": {"width": 1366, "height": 900}})
    try:
        log_in(page, live_server)
        page.goto(f"{live_server.url}/admin/events/session/")
        results = page.locator("#changelist .results")
        assert results.evaluate("node => node.scrollWidth <= node.clientWidth")
        headers = page.locator("#result_list thead th").all_inner_texts()
        assert [h.strip() for h in headers[1:]] == ["ÉVÉNEMENT", "QUAND", "LIEU", "STATUT"]
        assert page.locator("#result_list td.field-when").first.inner_text() == (
            "lun 13 nov 2023, 18:00 – 20:00"
        )
    finally:
        context.close()
