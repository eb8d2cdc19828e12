"""The personal selection: signed event ids, the /ma-selection/ page and its feed link."""

import pytest
import time_machine
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
        # Starred as events (before stars were per session): their sessions are taken.
        assert download.startswith("http://testserver/selection.ics?s=")
        feed = client.get(download.removeprefix("http://testserver"))
        uids = {v.uid.value for v in vobject.readOne(feed.content.decode()).vevent_list}
        assert uids == {starred["sessions"][0].ical_uid, starred["sessions"][1].ical_uid}
        assert html.select_one("a.calendar-subscribe")["href"].startswith(
            "webcal://testserver/selection.ics?s="
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
            "Les séances de votre sélection ne sont plus au programme."
        )

    def test_page_takes_a_fixed_number_of_queries(
        self, client, starred, django_assert_max_num_queries
    ):
        ids = ",".join(str(e.pk) for e in [starred["kept"], starred["other"]])
        # The selected events, their sessions (and their venues), what base.html reads
        # (current edition) and the programme version (page cache).
        with django_assert_max_num_queries(6):
            self.get(client, f"?ids={ids}")


class TestStarsPerSession:
    """A star stands for sessions: a row's, or an event's still to come."""

    @pytest.fixture
    def taiko(self, db):
        edition = make_edition(name="Quinzaine du Japon 2023")
        event = make_event(edition, title="Taiko")
        past = make_session(event, aware(2023, 11, 13, 20))
        coming = make_session(event, aware(2023, 11, 16, 20))
        return event, past, coming

    def page(self, client, query):
        with time_machine.travel(aware(2023, 11, 14, 9), tick=False):
            response = client.get(reverse("events:selection") + query)
        return BeautifulSoup(response.content, "html.parser")

    def test_the_event_star_stands_for_its_sessions_to_come(self, client, taiko):
        event, past, coming = taiko
        with time_machine.travel(aware(2023, 11, 14, 9), tick=False):
            html = BeautifulSoup(client.get(event.get_absolute_url()).content, "html.parser")
        main = html.select_one(".event-actions [data-star-sessions]")
        assert main["data-star-sessions"] == str(coming.pk)
        stars = [
            b["data-star-sessions"] for b in html.select(".event-sessions [data-star-sessions]")
        ]
        assert stars == [str(coming.pk)]

    def test_a_chosen_session_only_and_past_ones_marked(self, client, taiko):
        event, past, coming = taiko
        html = self.page(client, f"?seances={past.pk},{coming.pk}")
        rows = html.select(".session-row")
        assert [row.select_one(".badge-past") is not None for row in rows] == [True, False]
        assert html.select_one(".selection-past-note").get_text(strip=True) == (
            "Une séance de votre sélection est passée : elle reste marquée « passée »."
        )
        only = self.page(client, f"?seances={coming.pk}")
        assert len(only.select(".session-row")) == 1
        feed_url = only.select_one("a.calendar-download")["href"].removeprefix("http://testserver")
        feed = vobject.readOne(client.get(feed_url).content.decode())
        assert [v.uid.value for v in feed.vevent_list] == [coming.ical_uid]

    def test_an_event_starred_before_is_adopted_as_its_sessions_to_come(self, client, taiko):
        event, past, coming = taiko
        html = self.page(client, f"?ids={event.pk}")
        marker = html.select_one("[data-adopt-event]")
        assert (marker["data-adopt-event"], marker["data-adopt-sessions"]) == (
            str(event.pk),
            str(coming.pk),
        )

    def test_old_event_feeds_keep_every_session_of_their_events(self, client, taiko):
        event, past, coming = taiko
        url = reverse("events:selection-ics") + "?e=" + sign_event_ids([event.pk])
        feed = vobject.readOne(client.get(url).content.decode())
        assert {v.uid.value for v in feed.vevent_list} == {past.ical_uid, coming.ical_uid}

    def test_a_session_token_is_not_an_event_token(self, client, taiko):
        event, past, coming = taiko
        token = sign_event_ids([coming.pk])
        response = client.get(reverse("events:selection-ics") + "?s=" + token)
        assert response.status_code == 400
