"""The personal selection: signed event ids, the /ma-selection/ page and its feed link."""

import pytest
import vobject
from bs4 import BeautifulSoup
from django.urls import reverse

from events.views.selection import (
    InvalidSelection,
    parse_event_ids,
    sign_event_ids,
    unsign_event_ids,
)
from tests.factories import aware, make_edition, make_event, make_session


def test_signed_ids_read_back_sorted_and_unique():
    assert unsign_event_ids(sign_event_ids([12, 3, 12])) == [3, 12]


@pytest.mark.parametrize("token", ["", "3.12", "3.12:", "3.12:abc", "3.13:" + "x" * 27])
def test_unsigned_or_forged_tokens_are_refused(token):
    with pytest.raises(InvalidSelection):
        unsign_event_ids(token)


def test_token_signed_for_something_else_is_refused():
    from django.core import signing

    with pytest.raises(InvalidSelection):
        unsign_event_ids(signing.Signer(salt="other").sign("3.12"))


def test_id_list_from_the_browser_keeps_positive_integers_only():
    assert parse_event_ids("7, 3,abc,-2,0,,3,٣,99999999999999999999") == [3, 7]


@pytest.fixture
def starred(db):
    edition = make_edition(name="Quinzaine du Japon 2023")
    kept = make_event(edition, title="Estampes")
    other = make_event(edition, title="Projection")
    draft = make_event(edition, title="Brouillon", status="draft")
    return {
        "kept": kept,
        "other": other,
        "draft": draft,
        "sessions": [make_session(kept), make_session(other), make_session(draft)],
    }


class TestSelectionPage:
    def get(self, client, query=""):
        response = client.get(reverse("events:selection") + query)
        assert response.status_code == 200
        return BeautifulSoup(response.content, "html.parser")

    def test_page_lists_starred_public_events_and_their_feed(self, client, starred):
        ids = f"{starred['draft'].pk},{starred['other'].pk},{starred['kept'].pk},x"
        html = self.get(client, f"?ids={ids}")
        titles = [a.get_text(strip=True) for a in html.select(".session-title")]
        assert titles == ["Estampes", "Projection"]
        download = html.select_one("a.calendar-download")["href"]
        assert download.startswith("http://testserver/selection.ics?e=")
        feed = client.get(download.removeprefix("http://testserver"))
        uids = {v.uid.value for v in vobject.readOne(feed.content.decode()).vevent_list}
        assert uids == {starred["sessions"][0].ical_uid, starred["sessions"][1].ical_uid}
        assert html.select_one("a.calendar-subscribe")["href"].startswith(
            "webcal://testserver/selection.ics?e="
        )

    def test_page_lists_sessions_by_day_and_time_with_their_places(self, client, starred):
        edition = starred["kept"].edition
        later = make_event(edition, title="Taiko")
        make_session(later, aware(2023, 11, 15, 9))
        make_session(later, aware(2023, 11, 16, 20))
        undated = make_event(edition, title="Conférence à venir")
        ids = f"{starred['kept'].pk},{later.pk},{undated.pk}"
        html = self.get(client, f"?ids={ids}")
        days = [
            (
                section.h2.get_text(strip=True),
                [
                    " ".join(row.get_text(" ", strip=True).split()[:9])
                    for row in section.select(".session-row")
                ],
            )
            for section in html.select("section.programme-day")
        ]
        place = starred["kept"].venue
        assert days == [
            (
                "Mercredi 15 novembre 2023",
                [
                    f"9 h à – 11 h Taiko Exposition {later.venue.town}",
                    f"14 h à – 16 h Estampes Exposition {place.town}",
                ],
            ),
            ("Jeudi 16 novembre 2023", [f"20 h à – 22 h Taiko Exposition {later.venue.town}"]),
            ("Dates à venir", []),
        ]
        places = [
            " ".join(p.get_text(" ", strip=True).split()) for p in html.select(".session-place")
        ]
        assert places[0] == f"{later.venue.town} · {later.venue.name}"
        assert html.select_one(".selection-item .session-title").get_text() == "Conférence à venir"

    def test_empty_page_explains_how_to_star(self, client, db):
        html = self.get(client)
        assert "Ajouter à ma sélection" in html.select_one(".selection-empty").get_text()
        assert html.select("a.calendar-download") == []
        assert "JavaScript" in html.find("noscript").get_text()

    def test_page_says_when_starred_events_are_gone(self, client, starred):
        html = self.get(client, f"?ids={starred['draft'].pk}")
        assert html.select_one(".selection-empty").get_text(strip=True) == (
            "Les événements de votre sélection ne sont plus au programme."
        )

    def test_page_takes_a_fixed_number_of_queries(
        self, client, starred, django_assert_max_num_queries
    ):
        ids = ",".join(str(e.pk) for e in [starred["kept"], starred["other"]])
        # The selected events, their sessions (and their venues), what base.html reads
        # (current edition) and the programme version (page cache).
        with django_assert_max_num_queries(6):
            self.get(client, f"?ids={ids}")
