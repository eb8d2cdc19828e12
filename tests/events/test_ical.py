"""The calendar built for a list of sessions, read back with independent parsers."""

import datetime
from zoneinfo import ZoneInfo

import ics
import pytest
import vobject

from events.models import Category, Event, Session
from tests.factories import aware, make_category, make_edition, make_event, make_session
from tests.helpers import GENERATED_AT, build

UTC = datetime.UTC


def vobject_events(body):
    """Return the VEVENTs read by vobject, by UID."""
    calendar = vobject.readOne(body)
    return {vevent.uid.value: vevent for vevent in calendar.vevent_list}


def ics_events(body):
    """Return the events read by the ics package, by UID."""
    return {event.uid: event for event in ics.Calendar(body).events}


def utc_spans_read_by_vobject(body):
    return {
        uid: (v.dtstart.value.astimezone(UTC), v.dtend.value.astimezone(UTC))
        for uid, v in vobject_events(body).items()
    }


def utc_spans_read_by_ics(body):
    return {
        uid: (e.begin.datetime.astimezone(UTC), e.end.datetime.astimezone(UTC))
        for uid, e in ics_events(body).items()
    }


@pytest.fixture
def autumn_edition(db):
    return make_edition(
        name="Quinzaine du Japon 2023",
        starts_on=datetime.date(2023, 10, 27),
        ends_on=datetime.date(2023, 11, 10),
    )


@pytest.mark.django_db
class TestCalendarProperties:
    def test_calendar_carries_name_timezone_and_refresh_hints(self):
        session = make_session()
        body = build([session], name="Quinzaine du Japon 2023 – Toulouse")
        calendar = vobject.readOne(body)
        assert calendar.version.value == "2.0"
        assert calendar.prodid.value == "-//Quinzaine du Japon en Occitanie//Programme//FR"
        assert calendar.method.value == "PUBLISH"
        assert calendar.contents["name"][0].value == "Quinzaine du Japon 2023 – Toulouse"
        assert calendar.contents["x-wr-calname"][0].value == "Quinzaine du Japon 2023 – Toulouse"
        # No X-WR-TIMEZONE: every time has its TZID (some readers misread the repeated hour).
        assert "x-wr-timezone" not in calendar.contents
        assert calendar.contents["color"][0].value == "firebrick"
        assert calendar.contents["x-published-ttl"][0].value == "PT1H"
        refresh = calendar.contents["refresh-interval"][0]
        assert (refresh.value, refresh.params["VALUE"]) == ("PT1H", ["DURATION"])
        assert [tz.tzid.value for tz in calendar.vtimezone_list] == ["Europe/Paris"]

    def test_calendar_name_has_nothing_a_client_could_show_escaped(self):
        # ical.js shows X-WR-CALNAME's escapes as they are: "Toulouse\\, gratuit".
        body = build([], name="Quinzaine du Japon 2023 – Toulouse, gratuit; PMR")
        name = "Quinzaine du Japon 2023 – Toulouse · gratuit PMR"
        assert "NAME:" + name in body.replace("\r\n ", "")
        assert "X-WR-CALNAME:" + name in body.replace("\r\n ", "")
        calendar = vobject.readOne(body)
        assert calendar.contents["name"][0].value == name
        assert calendar.contents["x-wr-calname"][0].value == name

    def test_every_entry_names_the_festival_as_organizer(self, settings):
        settings.FESTIVAL_CONTACT_EMAIL = "programme@quinzaine.example"
        session = make_session(make_event(make_edition()))
        vevent = vobject_events(build([session]))[session.ical_uid]
        assert vevent.organizer.value == "mailto:programme@quinzaine.example"
        assert vevent.organizer.params["CN"] == ["Quinzaine du Japon en Occitanie"]

    def test_exhibitions_and_whole_days_leave_visitors_free(self, db):
        edition = make_edition()
        exhibition = make_event(edition, category=Category.objects.get(slug="exposition"))
        film = make_event(edition, category=Category.objects.get(slug="projection"))
        open_day = make_session(
            exhibition, starts_at=aware(2023, 11, 12, 10), ends_at=aware(2023, 11, 12, 18)
        )
        whole_day = make_session(
            film, starts_at=aware(2023, 11, 13), ends_at=aware(2023, 11, 14), is_all_day=True
        )
        screening = make_session(
            film, starts_at=aware(2023, 11, 14, 20), ends_at=aware(2023, 11, 14, 22)
        )
        events = vobject_events(build([open_day, whole_day, screening]))
        assert events[open_day.ical_uid].transp.value == "TRANSPARENT"
        assert events[whole_day.ical_uid].transp.value == "TRANSPARENT"
        # Absent TRANSP means OPAQUE: the screening is busy time.
        assert "transp" not in events[screening.ical_uid].contents

    def test_timezone_rules_match_the_system_time_zone_data(self):
        # The VTIMEZONE says: summer time from the last Sunday of March, 01:00 UTC, to the
        # last Sunday of October, 01:00 UTC. Fails if the EU ever changes its clocks.
        body = build([])
        assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in body.splitlines()
        assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in body.splitlines()
        paris = ZoneInfo("Europe/Paris")

        def last_sunday(year, month):
            day = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
            return day - datetime.timedelta(days=(day.weekday() + 1) % 7)

        for year in range(1997, 2038):
            for month, before, after in ((3, 1, 2), (10, 2, 1)):
                change = datetime.datetime.combine(last_sunday(year, month), datetime.time(1), UTC)
                offsets = [
                    (change + datetime.timedelta(seconds=delta)).astimezone(paris).utcoffset()
                    for delta in (-1, 0)
                ]
                assert offsets == [
                    datetime.timedelta(hours=before),
                    datetime.timedelta(hours=after),
                ]

    def test_timezone_comes_before_the_events(self):
        body = build([make_session()])
        assert body.index("BEGIN:VTIMEZONE") < body.index("BEGIN:VEVENT")

    def test_empty_calendar_still_names_its_timezone(self):
        body = build([])
        calendar = vobject.readOne(body)
        assert [tz.tzid.value for tz in calendar.vtimezone_list] == ["Europe/Paris"]
        assert "vevent" not in calendar.contents


@pytest.mark.django_db
class TestTimes:
    def test_instants_round_trip_across_the_october_clock_change(self, autumn_edition):
        event = make_event(autumn_edition)
        spans = [
            # Summer time, the evening before the change.
            (aware(2023, 10, 28, 20, 0), aware(2023, 10, 28, 22, 0)),
            # Across the change: 01:30 CEST to 04:00 CET is three and a half hours.
            (aware(2023, 10, 29, 1, 30), aware(2023, 10, 29, 4, 0)),
            # Winter time, the evening after.
            (aware(2023, 10, 29, 20, 0), aware(2023, 10, 29, 22, 0)),
        ]
        sessions = [make_session(event, starts_at=s, ends_at=e) for s, e in spans]
        body = build(sessions)
        expected = {
            sessions[0].ical_uid: (
                datetime.datetime(2023, 10, 28, 18, 0, tzinfo=UTC),
                datetime.datetime(2023, 10, 28, 20, 0, tzinfo=UTC),
            ),
            sessions[1].ical_uid: (
                datetime.datetime(2023, 10, 28, 23, 30, tzinfo=UTC),
                datetime.datetime(2023, 10, 29, 3, 0, tzinfo=UTC),
            ),
            sessions[2].ical_uid: (
                datetime.datetime(2023, 10, 29, 19, 0, tzinfo=UTC),
                datetime.datetime(2023, 10, 29, 21, 0, tzinfo=UTC),
            ),
        }
        assert utc_spans_read_by_vobject(body) == expected
        assert utc_spans_read_by_ics(body) == expected

    def test_times_are_written_in_paris_time_with_tzid(self, autumn_edition):
        session = make_session(
            make_event(autumn_edition),
            starts_at=aware(2023, 10, 29, 1, 30),
            ends_at=aware(2023, 10, 29, 4, 0),
        )
        body = build([session])
        assert "DTSTART;TZID=Europe/Paris:20231029T013000" in body.splitlines()
        assert "DTEND;TZID=Europe/Paris:20231029T040000" in body.splitlines()

    def test_second_pass_of_the_repeated_hour_round_trips(self, autumn_edition):
        # 02:30 happens twice on 29 October 2023: 00:30 UTC, then 01:30 UTC.
        starts_at = datetime.datetime(2023, 10, 29, 1, 30, tzinfo=UTC)
        session = make_session(
            make_event(autumn_edition),
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=1),
        )
        vevent = vobject_events(build([session]))[session.ical_uid]
        assert vevent.dtstart.value.astimezone(UTC) == starts_at
        assert vevent.dtend.value.astimezone(UTC) == starts_at + datetime.timedelta(hours=1)

    def test_both_passes_of_the_repeated_october_hour_are_written_in_utc(self, autumn_edition):
        # 02:30 happens twice on 29 October 2023: 00:30 UTC (summer time), then 01:30 UTC.
        # A TZID time there is read as the first pass by some clients, the second by
        # Thunderbird: only UTC means one instant for all.
        event = make_event(autumn_edition)
        first = datetime.datetime(2023, 10, 29, 0, 30, tzinfo=UTC)
        second = datetime.datetime(2023, 10, 29, 1, 30, tzinfo=UTC)
        sessions = [
            make_session(event, starts_at=first, ends_at=first + datetime.timedelta(minutes=20)),
            make_session(event, starts_at=second, ends_at=second + datetime.timedelta(hours=1)),
        ]
        body = build(sessions)
        lines = body.splitlines()
        assert "DTSTART:20231029T003000Z" in lines
        assert "DTEND:20231029T005000Z" in lines
        assert "DTSTART:20231029T013000Z" in lines
        # 03:30 CET is not ambiguous: written in Paris time.
        assert "DTEND;TZID=Europe/Paris:20231029T033000" in lines
        expected = {
            sessions[0].ical_uid: (first, first + datetime.timedelta(minutes=20)),
            sessions[1].ical_uid: (second, second + datetime.timedelta(hours=1)),
        }
        assert utc_spans_read_by_vobject(body) == expected
        assert utc_spans_read_by_ics(body) == expected

    def test_instants_round_trip_around_the_march_clock_change(self, db):
        edition = make_edition(
            starts_on=datetime.date(2024, 3, 25), ends_on=datetime.date(2024, 4, 5)
        )
        event = make_event(edition)
        # 01:30 CET, then 03:30 CEST: an hour apart on the clock, an hour apart in time.
        sessions = [
            make_session(
                event, starts_at=aware(2024, 3, 31, 1, 30), ends_at=aware(2024, 3, 31, 3, 30)
            ),
            make_session(
                event, starts_at=aware(2024, 3, 31, 3, 0), ends_at=aware(2024, 3, 31, 4, 0)
            ),
        ]
        body = build(sessions)
        assert "DTSTART;TZID=Europe/Paris:20240331T013000" in body.splitlines()
        assert "DTEND;TZID=Europe/Paris:20240331T033000" in body.splitlines()
        expected = {
            sessions[0].ical_uid: (
                datetime.datetime(2024, 3, 31, 0, 30, tzinfo=UTC),
                datetime.datetime(2024, 3, 31, 1, 30, tzinfo=UTC),
            ),
            sessions[1].ical_uid: (
                datetime.datetime(2024, 3, 31, 1, 0, tzinfo=UTC),
                datetime.datetime(2024, 3, 31, 2, 0, tzinfo=UTC),
            ),
        }
        assert utc_spans_read_by_vobject(body) == expected
        assert utc_spans_read_by_ics(body) == expected

    def test_whole_day_session_is_written_as_dates_with_exclusive_end(self):
        session = make_session(
            starts_at=aware(2023, 11, 12), ends_at=aware(2023, 11, 13), is_all_day=True
        )
        body = build([session])
        vevent = vobject_events(body)[session.ical_uid]
        assert vevent.dtstart.value == datetime.date(2023, 11, 12)
        assert vevent.dtend.value == datetime.date(2023, 11, 13)
        assert "DTSTART;VALUE=DATE:20231112" in body.splitlines()
        assert ics_events(body)[session.ical_uid].all_day is True

    def test_multi_day_exhibition_spans_its_days_as_dates(self):
        session = make_session(
            starts_at=aware(2023, 11, 10), ends_at=aware(2023, 11, 25), is_all_day=True
        )
        vevent = vobject_events(build([session]))[session.ical_uid]
        assert (vevent.dtstart.value, vevent.dtend.value) == (
            datetime.date(2023, 11, 10),
            datetime.date(2023, 11, 25),
        )


@pytest.mark.django_db
class TestSessionProperties:
    def test_vevent_describes_the_session(self):
        category = make_category(name="Cuisine du Japon")
        event = make_event(
            title="Atelier sushis",
            slug="atelier-sushis",
            summary="Riz vinaigré, découpe et roulage.",
            category=category,
            is_free=False,
            price="25 €, ingrédients compris",
            booking=Event.Booking.REQUIRED,
            booking_email="resa@example.org",
        )
        session = make_session(event, note="Tabliers fournis.")
        venue = event.venue
        vevent = vobject_events(build([session]))[session.ical_uid]
        event_url = f"https://quinzaine.example/{event.edition.slug}/evenements/atelier-sushis/"
        assert vevent.summary.value == "Atelier sushis"
        assert vevent.description.value == (
            "Riz vinaigré, découpe et roulage.\n\n"
            "Tabliers fournis.\n\n"
            "Tarif : 25 €, ingrédients compris\n\n"
            "Réservation obligatoire : resa@example.org\n\n"
            f"Plus d'informations : {event_url}"
        )
        assert vevent.location.value == f"{venue.name}, {venue.address}, 31000 Toulouse, France"
        assert vevent.geo.value == "43.6045;1.444"
        assert vevent.url.value == event_url
        assert vevent.categories.value == ["Cuisine du Japon"]
        assert vevent.status.value == "CONFIRMED"
        assert vevent.sequence.value == "0"
        assert vevent.dtstamp.value == GENERATED_AT

    def test_uid_is_the_session_uid_at_the_site_domain(self, settings):
        settings.ICAL_UID_DOMAIN = "quinzaine.example"
        session = make_session()
        assert list(vobject_events(build([session]))) == [f"{session.uid}@quinzaine.example"]

    def test_last_modified_is_the_latest_change_of_session_event_or_venue(self):
        session = make_session()
        Session.objects.filter(pk=session.pk).update(
            updated_at=datetime.datetime(2023, 10, 1, tzinfo=UTC)
        )
        Event.objects.filter(pk=session.event_id).update(
            updated_at=datetime.datetime(2023, 10, 5, 12, 0, tzinfo=UTC)
        )
        session.event.venue.__class__.objects.filter(pk=session.event.venue_id).update(
            updated_at=datetime.datetime(2023, 10, 3, tzinfo=UTC)
        )
        vevent = vobject_events(build([session]))[session.ical_uid]
        assert vevent.last_modified.value == datetime.datetime(2023, 10, 5, 12, 0, tzinfo=UTC)

    def test_session_without_venue_has_no_location(self):
        session = make_session(make_event(venue=None))
        vevent = vobject_events(build([session]))[session.ical_uid]
        assert "location" not in vevent.contents
        assert "geo" not in vevent.contents

    def test_cancelled_session_stays_in_feed_as_cancelled(self):
        event = make_event(title="Projection")
        kept = make_session(event)
        cancelled = make_session(
            event, starts_at=aware(2023, 11, 16, 20), status=Session.Status.CANCELLED
        )
        body = build([kept, cancelled])
        vevents = vobject_events(body)
        assert vevents[cancelled.ical_uid].status.value == "CANCELLED"
        assert vevents[cancelled.ical_uid].summary.value == "ANNULÉ – Projection"
        assert vevents[kept.ical_uid].status.value == "CONFIRMED"
        assert ics_events(body)[cancelled.ical_uid].status == "CANCELLED"

    def test_sessions_of_a_cancelled_event_are_cancelled(self):
        session = make_session(make_event(title="Concert", status=Event.Status.CANCELLED))
        vevent = vobject_events(build([session]))[session.ical_uid]
        assert (vevent.status.value, vevent.summary.value) == ("CANCELLED", "ANNULÉ – Concert")
        assert vevent.description.value.startswith("Séance annulée.\n\n")

    def test_postponed_session_is_tentative_and_says_so(self):
        session = make_session(make_event(title="Conférence"), status=Session.Status.POSTPONED)
        vevent = vobject_events(build([session]))[session.ical_uid]
        assert (vevent.status.value, vevent.summary.value) == (
            "TENTATIVE",
            "REPORTÉ – Conférence",
        )

    def test_full_session_stays_confirmed_and_says_it_is_full(self):
        session = make_session(status=Session.Status.FULL)
        vevent = vobject_events(build([session]))[session.ical_uid]
        assert vevent.status.value == "CONFIRMED"
        assert vevent.description.value.startswith("Séance complète.\n\n")

    def test_special_characters_survive_escaping_and_folding(self):
        title = "Cinéma ; « Le voyage à Tokyo », suivi d'un débat \\ échanges " * 3
        session = make_session(make_event(title=title.strip()))
        body = build([session])
        assert all(len(line.encode()) <= 75 for line in body.splitlines())
        assert vobject_events(body)[session.ical_uid].summary.value == title.strip()
        assert ics_events(body)[session.ical_uid].name == title.strip()
