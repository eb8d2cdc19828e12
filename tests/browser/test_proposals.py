"""A local organiser proposes an event from a phone; the festival team approves it in the admin."""

import datetime
import re

import pytest
import vobject
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from events.models import Proposal
from tests.browser.chromium import new_page, poster
from tests.factories import make_edition, make_proposal, make_venue
from tests.helpers import log_in

PHONE_390 = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def proposer_page(browser, live_server):
    """A page in a 390 × 844 phone window."""
    context, page = new_page(browser, PHONE_390)
    yield page
    context.close()


def test_proposal_from_a_phone_is_approved_and_public_with_both_sessions(
    proposer_page,
    desktop_page,
    live_server,
    organiser,  # noqa: F811
):
    today = timezone.localdate()
    edition = make_edition(
        name="Quinzaine du Japon à venir",
        slug="a-venir",
        is_current=True,
        starts_on=today + datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=19),
        proposals_open_on=today - datetime.timedelta(days=2),
        proposals_close_on=today + datetime.timedelta(days=3),
    )
    carre = make_venue(name="Carré d'Art", town="Nîmes", department="30", slug="carre")
    make_venue(name="Cinémathèque", town="Toulouse", slug="cinematheque")
    first_day = edition.starts_on + datetime.timedelta(days=1)
    second_day = first_day + datetime.timedelta(days=1)

    page = proposer_page
    page.goto(f"{live_server.url}/")
    page.click("footer >> text=Proposer un événement")
    page.fill("#id_organisation", "Association Kizuna Montpellier")
    page.select_option("#id_organisation_kind", "association")
    page.fill("#id_contact_name", "Léa Martin")
    page.fill("#id_email", "lea@example.org")
    page.fill("#id_title", "Atelier de calligraphie")
    page.fill("#id_summary", "S'initier au shodō, pinceau en main.")
    page.select_option("#id_category", label="Atelier")
    page.set_input_files("#id_image", poster())
    page.fill("#id_image_alt", "Un pinceau sur une feuille de papier washi")

    page.fill("#id_seances-0-date", first_day.isoformat())
    page.fill("#id_seances-0-starts_at", "14:00")
    page.fill("#id_seances-0-ends_at", "16:00")
    # The venue by the combobox, typed without accents, picked with the keyboard.
    combo = page.locator("#id_seances-0-venue-saisie")
    combo.fill("carre nimes")
    assert combo.get_attribute("aria-expanded") == "true"
    assert page.locator("#id_seances-0-venue-liste [role=option]").all_inner_texts() == [
        "Carré d'Art · Nîmes"
    ]
    combo.press("ArrowDown")
    combo.press("Enter")
    assert combo.input_value() == "Carré d'Art (Nîmes)"
    assert page.locator("#id_seances-0-venue").input_value() == str(carre.pk)
    assert page.locator("#div_id_seances-0-venue_name").is_hidden()

    page.fill("#id_seances-1-date", second_day.isoformat())
    page.fill("#id_seances-1-starts_at", "10:00")
    page.fill("#id_seances-1-ends_at", "12:00")
    page.fill("#id_seances-1-venue_name", "Salle des fêtes")
    page.fill("#id_seances-1-venue_address", "2 place de la Mairie")
    page.fill("#id_seances-1-venue_postcode", "34170")
    page.fill("#id_seances-1-venue_town", "Castelnau-le-Lez")
    # Two rows shown; a third one added and left blank: ignored.
    assert page.locator("[data-session-list] [data-session]").count() == 2
    page.click("text=Ajouter une séance")
    assert page.locator("#id_seances-TOTAL_FORMS").input_value() == "3"
    assert page.locator("[data-session-list] [data-session]").count() == 3
    page.click("text=Envoyer la proposition")
    page.wait_for_selector("h1:has-text('Merci, votre proposition est envoyée')")
    follow_url = page.locator(".proposal-link-url a").inner_text()

    proposal = Proposal.objects.get()
    assert proposal.sessions.count() == 2
    assert re.fullmatch(r"proposals/[0-9a-f]{16}/[0-9a-f]{16}\.jpg", proposal.image.name)

    admin = desktop_page
    log_in(admin, live_server)
    admin.goto(f"{live_server.url}/admin/events/proposal/")
    admin.click("#result_list >> text=Atelier de calligraphie")
    admin.fill("#id_moderator_message", "Bienvenue au programme !")
    admin.click("input[name=_approve]")
    admin.wait_for_selector(".messagelist .success")

    page.goto(follow_url)
    assert page.locator(".proposal-status strong").inner_text() == "Statut : acceptée"
    page.click("text=Voir l'événement au programme")
    assert page.locator("h1").inner_text() == "Atelier de calligraphie"
    # The picture is shown once loaded, on a busy machine too (a timeout fails the test).
    page.wait_for_function(
        "selector => document.querySelector(selector)?.complete"
        " && document.querySelector(selector).naturalWidth > 0",
        arg="main img[alt='Un pinceau sur une feuille de papier washi']",
    )
    organisers = page.locator("dt:has-text('Organisateur') + dd").inner_text()
    assert organisers == "Association Kizuna Montpellier"
    page.goto(f"{live_server.url}/{edition.slug}/programme/")
    titles = page.locator(".session-row .session-title").all_inner_texts()
    assert titles == ["Atelier de calligraphie", "Atelier de calligraphie"]
    feed = page.request.get(f"{live_server.url}/{edition.slug}/programme.ics")
    calendar = vobject.readOne(feed.text())
    entries = sorted(
        (vevent.dtstart.value, vevent.summary.value, vevent.location.value)
        for vevent in calendar.vevent_list
    )
    tz = timezone.get_current_timezone()
    assert [(start.astimezone(tz), summary, location) for start, summary, location in entries] == [
        (
            datetime.datetime.combine(first_day, datetime.time(14), tzinfo=tz),
            "Atelier de calligraphie",
            f"{carre.full_address}, France",
        ),
        (
            datetime.datetime.combine(second_day, datetime.time(10), tzinfo=tz),
            "Atelier de calligraphie",
            "Salle des fêtes, 2 place de la Mairie, 34170 Castelnau-le-Lez, France",
        ),
    ]


RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def violations(page):
    results = Axe().run(page, options=RULES).response["violations"]
    return [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in results]


def test_form_its_errors_and_the_open_combobox_pass_axe_and_fit_a_phone(proposer_page, live_server):
    today = timezone.localdate()
    make_edition(
        slug="a-venir",
        is_current=True,
        starts_on=today + datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=19),
        proposals_open_on=today,
        proposals_close_on=today,
    )
    make_venue(name="Carré d'Art", town="Nîmes", department="30", slug="carre")
    make_venue(name="Théâtre de Nîmes", town="Nîmes", department="30", slug="theatre")
    page = proposer_page
    page.goto(f"{live_server.url}/proposer/")
    assert violations(page) == []
    combo = page.locator("#id_seances-0-venue-saisie")
    combo.fill("NIMES")
    combo.press("ArrowDown")
    combo.press("ArrowDown")
    active = page.locator("#id_seances-0-venue-liste [aria-selected=true]")
    assert combo.get_attribute("aria-activedescendant") == active.get_attribute("id")
    assert active.inner_text() == "Théâtre de Nîmes · Nîmes"
    assert page.locator("#id_seances-0-venue-saisie ~ [role=status]").inner_text() == (
        "2 lieux proposés"
    )
    assert violations(page) == []
    combo.press("Escape")
    assert combo.get_attribute("aria-expanded") == "false"
    page.click("text=Envoyer la proposition")
    page.wait_for_selector("#erreurs")
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") == 390


def test_proposer_amends_a_proposal_from_the_follow_link(proposer_page, live_server):
    """The follow page's form posts as a browser does: with the Origin its policy lets out."""
    today = timezone.localdate()
    edition = make_edition(
        slug="a-venir",
        starts_on=today + datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=19),
        proposals_open_on=today - datetime.timedelta(days=2),
        proposals_close_on=today + datetime.timedelta(days=3),
    )
    venue = make_venue(name="Carré d'Art", town="Nîmes", department="30", slug="carre")
    proposal = make_proposal(
        edition,
        venue,
        new_venue=False,
        status=Proposal.Status.CHANGES_REQUESTED,
        moderator_message="Précisez le tarif, s'il vous plaît.",
    )
    page = proposer_page
    response = page.goto(live_server.url + proposal.get_absolute_url())
    assert response.headers["referrer-policy"] == "same-origin"
    page.fill("#id_title", "Atelier de calligraphie pour débutants")
    page.click("text=Renvoyer la proposition")
    page.wait_for_selector(".alert-success, .messages .success, [role=status]")
    assert "Vos modifications sont envoyées" in page.content()
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == (
        "Atelier de calligraphie pour débutants",
        Proposal.Status.PENDING,
    )
