"""An organiser imports a programme from a spreadsheet in the admin, then publishes it."""

import datetime

import icalendar
import pytest

from events.models import Event, Session
from tests.factories import make_edition
from tests.helpers import csv_file, log_in, twenty_rows

pytestmark = pytest.mark.usefixtures("organiser")


def test_organiser_imports_a_csv_publishes_it_and_it_shows_on_the_site(desktop_page, live_server):
    edition = make_edition(
        name="Quinzaine du Japon 2027",
        year=2027,
        slug="2027",
        starts_on=datetime.date(2027, 11, 12),
        ends_on=datetime.date(2027, 11, 26),
    )
    page = desktop_page
    log_in(page, live_server)

    page.goto(f"{live_server.url}/admin/events/event/")
    page.click("a.import_link")
    page.select_option("#id_edition", label="Quinzaine du Japon 2027")
    upload = csv_file(twenty_rows())
    page.set_input_files(
        "#id_import_file",
        {"name": "programme.csv", "mimeType": "text/csv", "buffer": upload.read()},
    )
    assert page.input_value("#id_format") == "0"  # guessed from the file's extension
    page.click("#import-form input[type=submit]")
    page.wait_for_selector("form.import-confirm")
    fates = page.locator("#import-rows tbody td.fate").all_inner_texts()
    assert fates == ["À créer"] * 20
    assert Event.objects.count() == 0

    page.click("form.import-confirm input[name=confirm]")
    page.wait_for_selector(".messagelist .success")
    assert page.locator(".messagelist .success").inner_text() == (
        "Import terminé. Séances créées : 20 ; mises à jour : 0 ; inchangées : 0."
    )
    assert Session.objects.count() == 20

    page.goto(
        f"{live_server.url}/admin/events/event/?edition__id__exact={edition.pk}&status__exact=draft"
    )
    page.check("#action-toggle")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist .success")
    assert Event.objects.filter(status=Event.Status.PUBLISHED).count() == 10

    titles = sorted(set(Event.objects.values_list("title", flat=True)))
    page.goto(f"{live_server.url}/2027/programme/")
    shown = page.locator(".session-row .session-title").all_inner_texts()
    assert sorted(set(shown)) == titles

    feed = page.request.get(f"{live_server.url}/2027/programme.ics")
    calendar = icalendar.Calendar.from_ical(feed.body())
    summaries = [str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")]
    assert len(summaries) == 20
    assert sorted(set(summaries)) == titles
