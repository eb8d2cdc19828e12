"""Exhibitions once: a multi-day session or a daily series is one row, unless a day is chosen."""

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import translation

from events.models import Category, Edition, Event, Session
from events.rows import Series, mark_rows, row_key, split_series
from tests.factories import aware, make_event, make_festival, make_session
from venues.models import Venue

pytestmark = pytest.mark.django_db


def texts(nodes):
    return [" ".join(node.get_text(" ", strip=True).split()) for node in nodes]


def daily(event, days, start=10, end=18, **fields):
    return [
        make_session(event, aware(2023, 11, day, start), aware(2023, 11, day, end), **fields)
        for day in days
    ]


@pytest.fixture
def festival():
    base = make_festival()
    edition = base.edition
    # Every day but Mondays (13 and 20 November), 10 h to 18 h.
    prints = make_event(edition, title="Estampes", venue=base.nimes)
    daily(prints, [day for day in range(10, 25) if day not in (13, 20)])
    paper = make_event(edition, title="Papiers japonais", venue=base.albi)
    make_session(paper, aware(2023, 11, 14), aware(2023, 11, 18), is_all_day=True)
    film = make_event(edition, title="Projection Ozu", venue=base.toulouse)
    daily(film, [15, 18], start=20, end=22)
    return base


class TestSplitSeries:
    def test_regular_days_make_one_series_that_names_its_days_off(self, festival):
        sessions = Session.objects.filter(event__title="Estampes").with_related()
        repeated, single = split_series(sessions)
        assert single == []
        assert [session.series for session in repeated] == [
            Series(aware(2023, 11, 10).date(), aware(2023, 11, 24).date(), (0,), 13)
        ]
        assert (
            str(repeated[0].series) == "tous les jours du 10 novembre au 24 novembre sauf le lundi"
        )

    def test_dates_a_few_days_apart_stay_separate(self, festival):
        sessions = Session.objects.filter(event__title="Projection Ozu").with_related()
        repeated, single = split_series(sessions)
        assert (repeated, len(single)) == ([], 2)

    def test_every_other_day_within_a_week_stays_separate_dates(self, festival):
        # Wednesday 15, Friday 17 and Sunday 19: not « tous les jours … sauf le jeudi et
        # le samedi », which names single dates as if they were weekly days off.
        event = make_event(festival.edition, title="Cérémonie du thé", venue=festival.albi)
        daily(event, [15, 17, 19], start=15, end=16)
        sessions = Session.objects.filter(event=event).with_related()
        repeated, single = split_series(sessions)
        assert (repeated, len(single)) == ([], 3)

    def test_a_cancelled_day_is_its_own_row(self, festival):
        event = make_event(festival.edition, title="Ikebana", venue=festival.albi)
        daily(event, [15, 16, 17])
        daily(event, [18], status=Session.Status.CANCELLED)
        sessions = Session.objects.filter(event=event).with_related()
        repeated, single = split_series(sessions)
        assert [str(s.series) for s in repeated] == ["tous les jours du 15 novembre au 17 novembre"]
        assert [s.status for s in single] == ["cancelled"]


class TestProgramme:
    def rows(self, client, query=""):
        page = BeautifulSoup(client.get(f"/2023/programme/{query}").content, "html.parser")
        return [
            (texts(section.select("h2"))[0], texts(section.select(".session-title")))
            for section in page.select("section.programme-day")
        ], page

    def test_an_exhibition_appears_once_with_its_days_and_hours(self, client, festival):
        days, page = self.rows(client)
        assert days[0] == (
            "Expositions et rendez-vous de plusieurs jours",
            ["Estampes", "Papiers japonais"],
        )
        titles = [title for _day, titles in days for title in titles]
        assert titles.count("Estampes") == 1
        row = page.select(".programme-repeated .session-row")[0]
        assert texts(row.select(".session-time")) == ["10 h à – 18 h"]
        assert texts(row.select(".session-series")) == [
            "tous les jours du 10 novembre au 24 novembre sauf le lundi"
        ]
        assert texts(page.select(".programme-repeated .session-time"))[1] == "toute la journée"

    def test_a_chosen_day_lists_it_among_that_days_sessions(self, client, festival):
        days, _page = self.rows(client, "?jour=2023-11-15")
        assert days == [
            ("Mercredi 15 novembre", ["Papiers japonais", "Estampes", "Projection Ozu"]),
        ]

    def test_a_monday_shows_no_exhibition_closed_that_day(self, client, festival):
        days, _page = self.rows(client, "?jour=2023-11-20")
        assert days == []

    def test_the_venue_page_lists_an_exhibition_once(self, client, festival):
        with time_machine.travel(aware(2023, 11, 12, 9), tick=False):
            response = client.get(festival.nimes.get_absolute_url())
        page = BeautifulSoup(response.content, "html.parser")
        assert texts(page.select(".venue-session-series")) == [
            "Tous les jours du 12 novembre au 24 novembre sauf le lundi, 10 h – 18 h"
        ]
        assert texts(page.select(".venue-session a")) == ["Estampes"]


class TestRowKey:
    """A cached programme row is rendered again as soon as something it shows changes."""

    @pytest.fixture
    def session(self):
        return make_session(make_event(), aware(2023, 11, 15, 14), capacity=20)

    def key(self, session):
        fresh = Session.objects.with_related().get(pk=session.pk)
        return row_key(mark_rows([fresh])[0])

    @pytest.mark.parametrize(
        "change",
        [
            lambda s: Session.objects.filter(pk=s.pk).update(starts_at=aware(2023, 11, 15, 15)),
            lambda s: Session.objects.filter(pk=s.pk).update(ends_at=aware(2023, 11, 15, 19)),
            lambda s: Session.objects.filter(pk=s.pk).update(status=Session.Status.FULL),
            lambda s: Session.objects.filter(pk=s.pk).update(capacity=12),
            lambda s: Session.objects.filter(pk=s.pk).update(note="Entrée par la cour"),
            lambda s: Event.objects.filter(pk=s.event_id).update(title_fr="Kendo"),
            lambda s: Event.objects.filter(pk=s.event_id).update(slug="kendo"),
            lambda s: Event.objects.filter(pk=s.event_id).update(is_free=False),
            lambda s: Event.objects.filter(pk=s.event_id).update(status=Event.Status.CANCELLED),
            lambda s: Event.objects.filter(pk=s.event_id).update(is_audio_described=True),
            lambda s: Category.objects.filter(pk=s.event.category_id).update(name_fr="Arts"),
            lambda s: Venue.objects.filter(pk=s.event.venue_id).update(name_fr="Halle"),
            lambda s: Venue.objects.filter(pk=s.event.venue_id).update(town="Sète"),
            lambda s: Edition.objects.filter(pk=s.event.edition_id).update(slug="autre"),
        ],
        ids=[
            "start",
            "end",
            "status",
            "capacity",
            "note",
            "title",
            "slug",
            "free",
            "event cancelled",
            "access",
            "category",
            "venue name",
            "town",
            "edition address",
        ],
    )
    def test_changes_with_what_the_row_shows(self, session, change):
        before = self.key(session)
        change(session)
        assert self.key(session) != before

    def test_changes_with_the_language(self, session):
        before = self.key(session)
        with translation.override("en"):
            assert self.key(session) != before

    def test_stays_when_what_changed_is_not_shown(self, session):
        before = self.key(session)
        Event.objects.filter(pk=session.event_id).update(summary_fr="Un autre résumé")
        assert self.key(session) == before
