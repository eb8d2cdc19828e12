"""Printing: the programme is the whole booklet of the current filter, an event one page."""

import io

import pytest
from pypdf import PdfReader

from tests.factories import aware, make_event, make_festival, make_session

# More than the 50 rows a page of the programme used to stop at.
SESSIONS = 80


@pytest.fixture
def festival(transactional_db):
    base = make_festival()
    venues = [base.toulouse, base.nimes, base.albi]
    events = []
    for number in range(SESSIONS):
        day, hour = 10 + number % 15, 9 + number // 15
        event = make_event(
            base.edition, title=f"Rencontre numéro {number:02d}", venue=venues[number % 3]
        )
        make_session(event, aware(2023, 11, day, hour))
        events.append(event)
    closing = make_event(base.edition, title="Soirée de clôture", venue=base.albi)
    make_session(closing, aware(2023, 11, 24, 21))
    return base, events


def pdf_text(page):
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def test_the_printed_programme_holds_every_session_by_day(desktop_page, live_server, festival):
    _base, events = festival
    page = desktop_page
    page.goto(f"{live_server.url}/2023/programme/")
    _pages, text = pdf_text(page)
    for event in events:
        assert event.title in text
    assert "Soirée de clôture" in text
    days = [line for line in text.splitlines() if line.endswith("novembre")]
    assert days[:2] == ["Vendredi 10 novembre", "Samedi 11 novembre"]
    assert days[-1] == "Vendredi 24 novembre"
    assert len(days) == 15
    # No navigation, buttons or link texts on paper.
    for words in [
        "Tous les jours",
        "Filtrer le programme",
        "S'abonner",
        "Ajouter à ma sélection",
        "Partenaires",
    ]:
        assert words not in text


def test_a_filtered_programme_prints_its_filter(desktop_page, live_server, festival):
    page = desktop_page
    page.goto(f"{live_server.url}/2023/programme/?commune=Albi")
    _pages, text = pdf_text(page)
    assert "Sélection : Albi" in text
    assert "Soirée de clôture" in text
    assert "Rencontre numéro 00" not in text  # In Toulouse.


def test_an_event_prints_on_one_page_without_link_texts(phone_page, live_server, festival):
    base, _events = festival
    for day in range(10, 25):
        make_session(base.tea, aware(2023, 11, day, 10), venue=[base.nimes, base.albi][day % 2])
    page = phone_page
    page.goto(live_server.url + base.tea.get_absolute_url())
    pages, text = pdf_text(page)
    assert pages == 1
    assert "Cérémonie du thé" in text
    for words in ["Ajouter à Google Agenda", "Partager", "Voir sur OpenStreetMap", "S'abonner"]:
        assert words not in text


def test_the_booklet_ends_with_addresses_bookings_and_shows_prices(
    desktop_page, live_server, festival
):
    base, events = festival
    paid = events[0]
    paid.is_free, paid.price = False, "8 € / 5 € tarif réduit"
    paid.save()
    make_session(base.tea, aware(2023, 11, 12, 15))
    page = desktop_page
    page.goto(f"{live_server.url}/2023/programme/")
    button = page.get_by_role("link", name="Imprimer")
    assert button.is_visible()
    _pages, text = pdf_text(page)
    flat = " ".join(text.split())
    assert "8 € / 5 € tarif réduit" in flat
    assert "Adresses des lieux" in flat
    toulouse = base.toulouse
    assert f"{toulouse.address}, {toulouse.postcode} {toulouse.town}" in flat
    assert "Réservations" in flat
    assert "Cérémonie du thé Réservation obligatoire · the@example.org" in flat
    assert "Imprimer" not in flat
