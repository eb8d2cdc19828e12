"""The organisers' season in one go: the next edition prepared from 2023, a spreadsheet of
20 sessions imported into it, all published, then read on the public site and in its feed."""

import io

import pytest
import vobject

from events.demo import DEMO_PASSWORD, DEMO_USERNAME, load_demo
from events.models import Edition, Event, Session
from tests.helpers import csv_file, twenty_rows


@pytest.fixture
def demo(transactional_db):
    load_demo(stdout=io.StringIO())


def test_next_edition_prepared_imported_and_published_reaches_site_and_feed(
    desktop_page, live_server, demo
):
    page = desktop_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", DEMO_USERNAME)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#edition-dashboard")

    # On 1 December 2026 the next festival is 2027's: Friday 12 to Friday 26 November.
    page.goto(f"{live_server.url}/admin/events/edition/")
    page.click("text=Quinzaine du Japon en Occitanie 2023")
    page.click(".object-tools >> text=Préparer l'édition suivante")
    page.fill("#id_year", "2027")
    page.click("input[type=submit].default")
    page.wait_for_selector("#preparation-summary")
    edition = Edition.objects.get(year=2027)
    copied = Session.objects.in_edition(edition).count()

    page.goto(f"{live_server.url}/admin/events/event/")
    page.click("a.import_link")
    page.select_option("#id_edition", label=edition.name)
    upload = csv_file(twenty_rows())
    page.set_input_files(
        "#id_import_file",
        {"name": "programme.csv", "mimeType": "text/csv", "buffer": upload.read()},
    )
    page.click("#import-form input[type=submit]")
    page.wait_for_selector("form.import-confirm")
    assert page.locator("#import-rows tbody td.fate").all_inner_texts() == ["À créer"] * 20
    page.click("form.import-confirm input[name=confirm]")
    page.wait_for_selector(".messagelist .success")
    assert Session.objects.in_edition(edition).count() == copied + 20

    page.goto(f"{live_server.url}/admin/events/edition/{edition.pk}/change/")
    page.check("#id_is_published")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    page.goto(
        f"{live_server.url}/admin/events/event/?edition__id__exact={edition.pk}&status__exact=draft"
    )
    page.check("#action-toggle")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist .success")

    assert not Event.objects.filter(edition=edition, status=Event.Status.DRAFT).exists()
    imported = {row["titre"] for row in twenty_rows()}
    page.goto(f"{live_server.url}/{edition.slug}/programme/?page=tout")
    shown = set(page.locator(".session-row .session-title").all_inner_texts())
    assert imported <= shown
    assert "Soirée de lancement de la Quinzaine" in shown

    feed = page.request.get(f"{live_server.url}/{edition.slug}/programme.ics?complet=1")
    calendar = vobject.readOne(feed.text())
    summaries = [vevent.summary.value for vevent in calendar.vevent_list]
    assert len(summaries) == copied + 20
    assert imported <= set(summaries)
    weekdays = {
        vevent.summary.value: vevent.dtstart.value.weekday()
        for vevent in calendar.vevent_list
        if vevent.summary.value == "Soirée de lancement de la Quinzaine"
    }
    assert weekdays == {"Soirée de lancement de la Quinzaine": 4}  # a Friday, as in 2023


ADMIN_PAGES = [
    "/admin/",
    "/admin/events/event/",
    "/admin/events/event/{event}/change/",
    "/admin/events/event/{event}/generer-seances/",
    "/admin/events/edition/{edition}/change/",
    "/admin/events/partner/{partner}/change/",
    "/admin/venues/venue/{venue}/change/",
    "/admin/events/event/import/",
]


def test_admin_pages_fit_a_1366_px_screen_in_the_festival_colours(browser, live_server, demo):
    event = Event.objects.filter(sessions__isnull=False).order_by("pk").first()
    ids = {
        "event": event.pk,
        "edition": event.edition_id,
        "partner": event.organisers.first().pk,
        "venue": event.venue_id,
    }
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", DEMO_USERNAME)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("input[type=submit]")
        widths = {}
        for path in ADMIN_PAGES:
            page.goto(live_server.url + path.format(**ids))
            widths[path] = page.evaluate("document.documentElement.scrollWidth")
        assert widths == dict.fromkeys(ADMIN_PAGES, 1366)
        header = page.evaluate(
            "getComputedStyle(document.querySelector('#header')).backgroundColor"
        )
        assert header == "rgb(31, 42, 90)"  # the site's indigo
        assert page.locator("#site-name .admin-brand-mark").count() == 1
    finally:
        context.close()
