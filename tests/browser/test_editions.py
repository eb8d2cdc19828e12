"""An organiser prepares the 2026 edition from the demo's 2023 edition, through the admin."""

import datetime
import io

import pytest

from events.demo import DEMO_PASSWORD, DEMO_USERNAME, load_demo
from events.models import Edition, Session


@pytest.fixture
def demo(transactional_db):
    # The demo edition takes the year of its day of loading: 2026, a fictitious one.
    load_demo(stdout=io.StringIO(), today=datetime.date(2026, 3, 1))


def test_organiser_prepares_2026_from_2023_and_reads_the_summary(desktop_page, live_server, demo):
    source = Edition.objects.get(slug="quinzaine-du-japon-2023")
    partners = source.partnerships.count()
    events = source.events.count()
    sessions = Session.objects.in_edition(source).count()
    page = desktop_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", DEMO_USERNAME)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#edition-dashboard")

    page.goto(f"{live_server.url}/admin/events/edition/")
    page.click("text=Quinzaine du Japon en Occitanie 2023")
    page.click(".object-tools >> text=Préparer l'édition suivante")
    page.wait_for_selector("#id_year")
    assert page.is_checked("#id_copy_programme")
    # Typing the year brings that year's name, address and days: same weekdays as 2023.
    page.fill("#id_year", "2026")
    values = [page.input_value(f"#id_{name}") for name in ["name", "slug", "starts_on", "ends_on"]]
    assert values == [
        "Quinzaine du Japon en Occitanie 2026",
        "quinzaine-du-japon-en-occitanie-2026",
        "13/11/2026",
        "27/11/2026",
    ]
    page.click("input[type=submit].default")

    summary = page.locator("#preparation-summary")
    assert summary.inner_text() == (
        f"Édition 2026 préparée : {partners} partenaires, {events} événements en brouillon, "
        f"{sessions} séances"
    )
    edition = Edition.objects.get(slug="quinzaine-du-japon-en-occitanie-2026")
    assert (edition.is_published, edition.starts_on) == (False, datetime.date(2026, 11, 13))
    page.click(".preparation-links >> text=Ses événements")
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list tbody tr").count() == events
    assert set(page.locator("#result_list .field-status").all_inner_texts()) == {"brouillon"}
