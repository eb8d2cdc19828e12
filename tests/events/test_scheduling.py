import datetime

import pytest
from django.utils.timezone import localtime

from events.models import Event, Session
from events.scheduling import days_between, duplicate_event, generate_sessions, schedule_warnings
from tests.factories import aware, make_edition, make_event, make_partner, make_session, make_venue

pytestmark = pytest.mark.django_db

MONDAY, SUNDAY = 0, 6


def local_spans(sessions):
    return [(localtime(s.starts_at), localtime(s.ends_at)) for s in sessions]


@pytest.fixture
def edition():
    return make_edition(starts_on=datetime.date(2023, 11, 10), ends_on=datetime.date(2023, 11, 24))


class TestDaysBetween:
    def test_both_ends_are_included_and_weekdays_skipped(self):
        days = days_between(
            datetime.date(2023, 11, 10), datetime.date(2023, 11, 14), skip_weekdays={SUNDAY}
        )
        assert list(days) == [
            datetime.date(2023, 11, 10),
            datetime.date(2023, 11, 11),
            datetime.date(2023, 11, 13),
            datetime.date(2023, 11, 14),
        ]


class TestGenerateSessions:
    def test_timed_sessions_every_day_but_skipped_weekdays(self, edition):
        event = make_event(edition)
        created = generate_sessions(
            event,
            datetime.date(2023, 11, 10),
            datetime.date(2023, 11, 16),
            start_time=datetime.time(10),
            end_time=datetime.time(18),
            skip_weekdays=[MONDAY, SUNDAY],
            capacity=20,
            note="Entrée libre",
        )
        assert len(created) == 5
        assert [
            (s.first_day, s.is_all_day, s.venue, s.capacity, s.note) for s in event.sessions.all()
        ] == [
            (datetime.date(2023, 11, day), False, None, 20, "Entrée libre")
            for day in [10, 11, 14, 15, 16]
        ]
        assert {(start.time(), end.time()) for start, end in local_spans(event.sessions.all())} == {
            (datetime.time(10), datetime.time(18))
        }

    def test_without_times_each_session_is_a_whole_day(self, edition):
        event = make_event(edition)
        generate_sessions(event, datetime.date(2023, 11, 10), datetime.date(2023, 11, 11))
        assert [(s.is_all_day, s.starts_at, s.ends_at) for s in event.sessions.all()] == [
            (True, aware(2023, 11, 10), aware(2023, 11, 11)),
            (True, aware(2023, 11, 11), aware(2023, 11, 12)),
        ]

    def test_local_hours_hold_across_the_change_to_winter_time(self):
        event = make_event(
            make_edition(starts_on=datetime.date(2023, 10, 27), ends_on=datetime.date(2023, 10, 31))
        )
        generate_sessions(
            event,
            datetime.date(2023, 10, 28),
            datetime.date(2023, 10, 30),
            start_time=datetime.time(10),
            end_time=datetime.time(12),
        )
        assert [(start.hour, end.hour) for start, end in local_spans(event.sessions.all())] == [
            (10, 12),
            (10, 12),
            (10, 12),
        ]
        utc_hours = [s.starts_at.astimezone(datetime.UTC).hour for s in event.sessions.all()]
        assert utc_hours == [8, 9, 9]

    def test_running_twice_creates_nothing_new(self, edition):
        event = make_event(edition)
        times = {"start_time": datetime.time(10), "end_time": datetime.time(18)}
        first_day, last_day = datetime.date(2023, 11, 10), datetime.date(2023, 11, 20)
        generate_sessions(event, first_day, last_day, **times)
        assert generate_sessions(event, first_day, last_day, **times) == []
        assert generate_sessions(event, first_day, last_day) != []
        assert event.sessions.filter(is_all_day=False).count() == 11
        assert event.sessions.filter(is_all_day=True).count() == 11

    def test_same_days_in_another_venue_are_new_sessions(self, edition):
        event = make_event(edition)
        elsewhere = make_venue()
        first_day, last_day = datetime.date(2023, 11, 10), datetime.date(2023, 11, 11)
        generate_sessions(event, first_day, last_day)
        created = generate_sessions(event, first_day, last_day, venue=elsewhere)
        assert [s.venue for s in created] == [elsewhere, elsewhere]
        assert event.sessions.count() == 4


class TestScheduleWarnings:
    def test_sessions_within_the_edition_and_apart_raise_nothing(self, edition):
        event = make_event(edition)
        make_session(event, aware(2023, 11, 10, 10), aware(2023, 11, 10, 12))
        make_session(event, aware(2023, 11, 10, 12), aware(2023, 11, 10, 14))
        make_session(event, aware(2023, 11, 24, 22), aware(2023, 11, 25))
        assert schedule_warnings(event) == []

    def test_session_outside_the_edition_is_warned(self, edition):
        event = make_event(edition)
        make_session(event, aware(2023, 11, 25, 10), aware(2023, 11, 25, 12))
        make_session(event, aware(2023, 11, 9), aware(2023, 11, 11), is_all_day=True)
        assert schedule_warnings(event) == [
            "La séance du jeudi 9 novembre 2023 est hors des dates de l'édition "
            "(10 novembre – 24 novembre 2023).",
            "La séance du samedi 25 novembre 2023, 10:00 est hors des dates de l'édition "
            "(10 novembre – 24 novembre 2023).",
        ]

    def test_overlap_in_the_same_venue_is_warned_either_way_it_is_set(self, edition):
        hall = make_venue(name="Halle")
        taiko = make_event(edition, title="Taiko", venue=hall)
        make_session(taiko, aware(2023, 11, 15, 14), aware(2023, 11, 15, 16))
        kyudo = make_event(edition, title="Kyudo", venue=make_venue())
        make_session(kyudo, aware(2023, 11, 15, 15), aware(2023, 11, 15, 17), venue=hall)
        assert schedule_warnings(kyudo) == [
            "La séance du mercredi 15 novembre 2023, 15:00 chevauche « Taiko » "
            "(mercredi 15 novembre 2023, 14:00) au même lieu : Halle."
        ]
        assert schedule_warnings(taiko) == [
            "La séance du mercredi 15 novembre 2023, 14:00 chevauche « Kyudo » "
            "(mercredi 15 novembre 2023, 15:00) au même lieu : Halle."
        ]

    def test_cancelled_whole_day_and_other_venue_sessions_are_not_compared(self, edition):
        hall = make_venue(name="Halle")
        event = make_event(edition, venue=hall)
        make_session(event, aware(2023, 11, 15, 14), aware(2023, 11, 15, 16))
        make_session(
            make_event(edition, venue=hall),
            aware(2023, 11, 15, 14),
            status=Session.Status.CANCELLED,
        )
        make_session(
            make_event(edition, venue=hall, status=Event.Status.CANCELLED),
            aware(2023, 11, 15, 14),
        )
        make_session(
            make_event(edition, venue=hall),
            aware(2023, 11, 15),
            aware(2023, 11, 16),
            is_all_day=True,
        )
        make_session(make_event(edition), aware(2023, 11, 15, 14))
        assert schedule_warnings(event) == []


class TestDuplicateEvent:
    @pytest.fixture
    def event(self, edition):
        event = make_event(
            edition, title="Ikebana", slug="ikebana", highlight="closing", is_featured=True
        )
        event.organisers.add(make_partner())
        make_session(event, aware(2023, 11, 12, 14), aware(2023, 11, 12, 16), capacity=12)
        make_session(
            event,
            aware(2023, 11, 13),
            aware(2023, 11, 14),
            is_all_day=True,
            status=Session.Status.CANCELLED,
        )
        return event

    def test_copy_is_a_draft_on_the_same_festival_days(self, event):
        target = make_edition(
            starts_on=datetime.date(2024, 11, 8), ends_on=datetime.date(2024, 11, 22)
        )
        copy = duplicate_event(event, target)
        copy.refresh_from_db()
        assert (copy.edition, copy.slug, copy.title, copy.status, copy.highlight) == (
            target,
            "ikebana",
            "Ikebana",
            Event.Status.DRAFT,
            "",
        )
        assert copy.is_featured is False
        assert list(copy.organisers.all()) == list(event.organisers.all())
        assert [
            (s.starts_at, s.ends_at, s.is_all_day, s.capacity, s.status, s.sequence)
            for s in copy.sessions.all()
        ] == [
            (aware(2024, 11, 10, 14), aware(2024, 11, 10, 16), False, 12, "scheduled", 0),
            (aware(2024, 11, 11), aware(2024, 11, 12), True, None, "scheduled", 0),
        ]
        assert set(copy.sessions.values_list("uid", flat=True)).isdisjoint(
            event.sessions.values_list("uid", flat=True)
        )
        assert event.sessions.count() == 2

    def test_taken_slugs_get_a_number(self, event):
        target = make_edition()
        make_event(target, slug="ikebana")
        make_event(target, slug="ikebana-2")
        assert duplicate_event(event, target).slug == "ikebana-3"

    def test_copy_within_the_same_edition_keeps_the_days(self, event):
        copy = duplicate_event(event, event.edition)
        assert copy.slug == "ikebana-2"
        assert local_spans(copy.sessions.all()) == local_spans(event.sessions.all())

    def test_local_times_hold_when_the_copy_crosses_a_clock_change(self):
        source = make_edition(
            starts_on=datetime.date(2023, 10, 20), ends_on=datetime.date(2023, 10, 28)
        )
        event = make_event(source)
        make_session(event, aware(2023, 10, 25, 18), aware(2023, 10, 25, 20))
        target = make_edition(
            starts_on=datetime.date(2023, 10, 27), ends_on=datetime.date(2023, 11, 4)
        )
        copy = duplicate_event(event, target)
        assert [(s.hour, e.hour) for s, e in local_spans(copy.sessions.all())] == [(18, 20)]
        assert copy.sessions.get().first_day == datetime.date(2023, 11, 1)


@pytest.mark.django_db
class TestTitleLanguage:
    def test_a_french_title_in_japanese_only_is_flagged(self):
        event = make_event(title="茶道体験")
        make_session(event, aware(2023, 11, 15, 14))
        assert schedule_warnings(event) == [
            "Le titre français « 茶道体験 » est en japonais : écrivez-le en français et "
            "mettez le japonais dans « titre (japonais) »."
        ]

    @pytest.mark.parametrize("title", ["Cérémonie du thé", "Atelier « 書道 » pour tous", "Taiko"])
    def test_a_french_title_with_latin_letters_is_not(self, title):
        event = make_event(title=title)
        make_session(event, aware(2023, 11, 15, 14))
        assert schedule_warnings(event) == []
