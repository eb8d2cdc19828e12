import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Edition, Event, Session
from tests.factories import aware, make_edition, make_event, make_session, make_venue

pytestmark = pytest.mark.django_db


def hours(delta):
    return delta.total_seconds() / 3600


class TestDatabaseConstraints:
    def test_session_cannot_end_when_it_starts(self):
        event = make_event()
        with pytest.raises(IntegrityError), transaction.atomic():
            make_session(event, aware(2023, 11, 15, 14), aware(2023, 11, 15, 14))
        assert event.sessions.count() == 0

    def test_session_cannot_end_before_it_starts(self):
        event = make_event()
        with pytest.raises(IntegrityError), transaction.atomic():
            make_session(event, aware(2023, 11, 15, 14), aware(2023, 11, 15, 12))
        assert event.sessions.count() == 0

    def test_edition_cannot_end_before_it_starts(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_edition(starts_on=datetime.date(2023, 11, 10), ends_on=datetime.date(2023, 11, 9))
        assert Edition.objects.count() == 0

    def test_one_day_edition_is_allowed(self):
        edition = make_edition(
            starts_on=datetime.date(2023, 11, 10), ends_on=datetime.date(2023, 11, 10)
        )
        assert edition.days == [datetime.date(2023, 11, 10)]

    def test_event_slug_is_unique_within_its_edition(self):
        edition = make_edition()
        make_event(edition, slug="ikebana")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_event(edition, slug="ikebana")
        assert list(edition.events.values_list("slug", flat=True)) == ["ikebana"]

    def test_same_event_slug_is_allowed_in_another_edition(self):
        first = make_event(make_edition(), slug="ikebana")
        second = make_event(make_edition(), slug="ikebana")
        assert Event.objects.filter(slug="ikebana").count() == 2
        assert first.edition_id != second.edition_id

    def test_two_editions_cannot_both_be_current_in_the_database(self):
        make_edition(is_current=True)
        other = make_edition()
        with pytest.raises(IntegrityError), transaction.atomic():
            Edition.objects.filter(pk=other.pk).update(is_current=True)

    def test_an_edition_has_one_opening_event(self):
        edition = make_edition()
        make_event(edition, highlight=Event.Highlight.OPENING)
        with pytest.raises(IntegrityError), transaction.atomic():
            make_event(edition, highlight=Event.Highlight.OPENING)
        assert edition.events.count() == 1

    def test_an_edition_has_one_closing_event(self):
        edition = make_edition()
        make_event(edition, highlight=Event.Highlight.CLOSING)
        with pytest.raises(IntegrityError), transaction.atomic():
            make_event(edition, highlight=Event.Highlight.CLOSING)
        assert edition.events.count() == 1

    def test_opening_closing_and_ordinary_events_live_together(self):
        edition = make_edition()
        make_event(edition, highlight=Event.Highlight.OPENING)
        make_event(edition, highlight=Event.Highlight.CLOSING)
        make_event(edition)
        make_event(edition)
        make_event(make_edition(), highlight=Event.Highlight.OPENING)
        assert sorted(edition.events.values_list("highlight", flat=True)) == [
            "",
            "",
            "closing",
            "opening",
        ]


class TestCurrentEdition:
    def test_marking_an_edition_current_unmarks_the_previous_one(self):
        previous = make_edition(is_current=True)
        edition = make_edition(is_current=True)
        previous.refresh_from_db()
        assert (previous.is_current, edition.is_current) == (False, True)
        assert Edition.objects.current() == edition

    def test_resaving_the_current_edition_keeps_it_current(self):
        edition = make_edition(is_current=True)
        edition.tagline = "Nouvelle accroche"
        edition.save()
        assert Edition.objects.current() == edition

    def test_unpublished_current_edition_is_not_shown(self):
        make_edition(is_current=True, is_published=False)
        assert Edition.objects.current() is None

    def test_current_edition_passes_model_validation_when_another_is_current(self):
        make_edition(is_current=True)
        edition = Edition(
            name="Quinzaine 2024",
            year=2024,
            slug="quinzaine-2024",
            starts_on=datetime.date(2024, 11, 8),
            ends_on=datetime.date(2024, 11, 22),
            is_current=True,
        )
        edition.full_clean()


class TestModelValidationMessages:
    def test_edition_ending_before_it_starts_is_explained(self):
        edition = Edition(
            name="Quinzaine",
            year=2024,
            slug="quinzaine",
            starts_on=datetime.date(2024, 11, 8),
            ends_on=datetime.date(2024, 11, 7),
        )
        with pytest.raises(ValidationError) as error:
            edition.full_clean()
        assert error.value.message_dict == {
            "ends_on": ["Le dernier jour doit être le même que le premier ou après."]
        }

    def test_session_ending_before_it_starts_is_explained(self):
        session = Session(
            event=make_event(), starts_at=aware(2023, 11, 15, 14), ends_at=aware(2023, 11, 15, 13)
        )
        with pytest.raises(ValidationError) as error:
            session.full_clean()
        assert error.value.message_dict == {"ends_at": ["La fin doit être après le début."]}

    def test_duplicate_event_slug_is_explained(self):
        event = make_event(slug="ikebana")
        other = make_event(event.edition)
        other.slug = "ikebana"
        with pytest.raises(ValidationError) as error:
            other.full_clean()
        assert error.value.message_dict == {
            "slug": ["Un autre événement de cette édition utilise déjà cet identifiant."]
        }

    def test_paid_event_needs_a_price_and_booking_needs_a_contact(self):
        event = make_event()
        event.is_free = False
        event.booking = Event.Booking.REQUIRED
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert error.value.message_dict == {
            "booking": ["Indiquez comment réserver : un lien, un e-mail ou un téléphone."],
            "price": ["Indiquez le tarif d'un événement payant."],
        }


class TestWholeDaySessions:
    def test_whole_day_session_runs_from_local_midnight_to_midnight(self):
        session = make_session(
            starts_at=aware(2023, 11, 12, 10), ends_at=aware(2023, 11, 13, 18), is_all_day=True
        )
        session.refresh_from_db()
        assert (session.starts_at, session.ends_at) == (
            aware(2023, 11, 12),
            aware(2023, 11, 14),
        )
        assert (session.first_day, session.last_day) == (
            datetime.date(2023, 11, 12),
            datetime.date(2023, 11, 13),
        )

    def test_whole_day_on_the_day_clocks_go_back_lasts_25_hours(self):
        session = make_session(
            starts_at=aware(2023, 10, 29, 10), ends_at=aware(2023, 10, 29, 18), is_all_day=True
        )
        session.refresh_from_db()
        assert (session.starts_at, session.ends_at) == (aware(2023, 10, 29), aware(2023, 10, 30))
        assert hours(session.ends_at - session.starts_at) == 25
        assert session.last_day == datetime.date(2023, 10, 29)

    def test_whole_day_on_the_day_clocks_go_forward_lasts_23_hours(self):
        session = make_session(
            starts_at=aware(2024, 3, 31, 10), ends_at=aware(2024, 3, 31, 18), is_all_day=True
        )
        session.refresh_from_db()
        assert hours(session.ends_at - session.starts_at) == 23
        assert (session.first_day, session.last_day) == (
            datetime.date(2024, 3, 31),
            datetime.date(2024, 3, 31),
        )

    def test_resaving_a_whole_day_session_keeps_its_days(self):
        session = make_session(
            starts_at=aware(2023, 11, 12), ends_at=aware(2023, 11, 14), is_all_day=True
        )
        session.save()
        session.refresh_from_db()
        assert (session.starts_at, session.ends_at, session.sequence) == (
            aware(2023, 11, 12),
            aware(2023, 11, 14),
            0,
        )


class TestSessionSequence:
    @pytest.fixture
    def session(self):
        return make_session(starts_at=aware(2023, 11, 15, 14), ends_at=aware(2023, 11, 15, 16))

    def saved_sequence(self, session):
        session.save()
        session.refresh_from_db()
        return session.sequence

    def test_new_session_starts_at_sequence_zero(self, session):
        assert Session.objects.get(pk=session.pk).sequence == 0

    def test_sequence_rises_when_start_changes(self, session):
        session.starts_at = aware(2023, 11, 15, 15)
        assert self.saved_sequence(session) == 1

    def test_sequence_rises_when_end_changes(self, session):
        session.ends_at = aware(2023, 11, 15, 17)
        assert self.saved_sequence(session) == 1

    def test_sequence_rises_when_venue_changes(self, session):
        session.venue = make_venue()
        assert self.saved_sequence(session) == 1

    def test_sequence_rises_when_status_changes(self, session):
        session.status = Session.Status.CANCELLED
        assert self.saved_sequence(session) == 1
        session.status = Session.Status.SCHEDULED
        assert self.saved_sequence(session) == 2

    def test_sequence_stays_when_note_changes(self, session):
        session.note = "En japonais sous-titré"
        session.capacity = 30
        assert self.saved_sequence(session) == 0

    def test_sequence_rises_with_update_fields(self, session):
        session.status = Session.Status.FULL
        session.save(update_fields=["status"])
        session.refresh_from_db()
        assert (session.status, session.sequence) == (Session.Status.FULL, 1)


class TestEventChangesReachSessions:
    @pytest.fixture
    def event(self):
        return make_event()

    def sequences(self, event):
        return list(event.sessions.order_by("starts_at").values_list("sequence", flat=True))

    def test_new_default_venue_bumps_only_sessions_held_there(self, event):
        make_session(event, aware(2023, 11, 15, 14))
        make_session(event, aware(2023, 11, 16, 14), venue=make_venue())
        event.venue = make_venue()
        event.save()
        assert self.sequences(event) == [1, 0]

    def test_cancelling_an_event_bumps_all_its_sessions(self, event):
        make_session(event, aware(2023, 11, 15, 14))
        make_session(event, aware(2023, 11, 16, 14), venue=make_venue())
        event.status = Event.Status.CANCELLED
        event.save()
        assert self.sequences(event) == [1, 1]
        event.status = Event.Status.PUBLISHED
        event.save()
        assert self.sequences(event) == [2, 2]

    def test_other_event_changes_leave_sessions_alone(self, event):
        make_session(event, aware(2023, 11, 15, 14))
        event.title = "Nouveau titre"
        event.status = Event.Status.DRAFT
        event.save()
        assert self.sequences(event) == [0]


class TestQuerySets:
    def test_published_events_exclude_drafts_and_unpublished_editions(self):
        edition = make_edition()
        published = make_event(edition, status=Event.Status.PUBLISHED)
        cancelled = make_event(edition, status=Event.Status.CANCELLED)
        make_event(edition, status=Event.Status.DRAFT)
        make_event(make_edition(is_published=False), status=Event.Status.PUBLISHED)
        assert set(Event.objects.published()) == {published, cancelled}

    def test_published_sessions_exclude_drafts_and_unpublished_editions(self):
        edition = make_edition()
        shown = make_session(make_event(edition))
        make_session(make_event(edition, status=Event.Status.DRAFT))
        make_session(make_event(make_edition(is_published=False)))
        assert list(Session.objects.published()) == [shown]

    def test_on_day_includes_sessions_touching_the_local_day(self):
        event = make_event()
        evening = make_session(event, aware(2023, 11, 15, 20), aware(2023, 11, 15, 23))
        night = make_session(event, aware(2023, 11, 15, 23), aware(2023, 11, 16, 1))
        morning = make_session(event, aware(2023, 11, 16, 0), aware(2023, 11, 16, 2))
        exhibition = make_session(
            event, aware(2023, 11, 10), aware(2023, 11, 24, 23), is_all_day=True
        )
        assert list(Session.objects.on_day(datetime.date(2023, 11, 15))) == [
            exhibition,
            evening,
            night,
        ]
        assert list(Session.objects.on_day(datetime.date(2023, 11, 16))) == [
            exhibition,
            night,
            morning,
        ]

    def test_session_ending_at_midnight_is_not_on_the_next_day(self):
        session = make_session(starts_at=aware(2023, 11, 15, 21), ends_at=aware(2023, 11, 16))
        assert list(Session.objects.on_day(datetime.date(2023, 11, 15))) == [session]
        assert list(Session.objects.on_day(datetime.date(2023, 11, 16))) == []

    def test_between_includes_both_days(self):
        event = make_event()
        before = make_session(event, aware(2023, 11, 11, 10))
        first = make_session(event, aware(2023, 11, 12, 10))
        last = make_session(event, aware(2023, 11, 13, 22))
        after = make_session(event, aware(2023, 11, 14, 10))
        found = Session.objects.between(datetime.date(2023, 11, 12), datetime.date(2023, 11, 13))
        assert list(found) == [first, last]
        assert {before, after}.isdisjoint(found)

    def test_at_venue_finds_own_venue_and_default_venue_sessions(self):
        hall = make_venue()
        elsewhere = make_venue()
        event = make_event(venue=hall)
        at_default = make_session(event, aware(2023, 11, 12, 10))
        touring = make_session(event, aware(2023, 11, 13, 10), venue=elsewhere)
        visiting = make_session(make_event(venue=elsewhere), aware(2023, 11, 14, 10), venue=hall)
        assert list(Session.objects.at_venue(hall)) == [at_default, visiting]
        assert list(Session.objects.at_venue(elsewhere)) == [touring]
        assert [s.place for s in Session.objects.at_venue(hall)] == [hall, hall]


class TestEditionDays:
    def test_edition_contains_sessions_within_its_days(self):
        edition = make_edition(
            starts_on=datetime.date(2023, 11, 10), ends_on=datetime.date(2023, 11, 24)
        )
        assert edition.contains(aware(2023, 11, 10), aware(2023, 11, 25))
        assert edition.contains(aware(2023, 11, 24, 20), aware(2023, 11, 24, 23))
        assert not edition.contains(aware(2023, 11, 9, 23), aware(2023, 11, 10, 1))
        assert not edition.contains(aware(2023, 11, 24, 23), aware(2023, 11, 25, 1))
