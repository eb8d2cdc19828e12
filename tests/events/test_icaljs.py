"""Our feeds read by ical.js, the parser of Thunderbird, run with Node.js.

run-tests.sh installs it in tests/js (npm ci); these tests fail if Node.js is missing.
"""

import datetime

import pytest
import time_machine

from events.models import Event
from tests.factories import aware, make_edition, make_event, make_session, make_venue
from tests.helpers import build, read_with_icaljs

pytestmark = pytest.mark.django_db


UTC = datetime.UTC


def iso(moment):
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def test_both_passes_of_the_repeated_october_hour_read_right(db):
    edition = make_edition(
        starts_on=datetime.date(2023, 10, 27), ends_on=datetime.date(2023, 11, 10)
    )
    event = make_event(edition)
    spans = [
        # 02:30 summer time, then 02:30 winter time, on 29 October 2023.
        (datetime.datetime(2023, 10, 29, 0, 30, tzinfo=UTC), datetime.timedelta(minutes=20)),
        (datetime.datetime(2023, 10, 29, 1, 30, tzinfo=UTC), datetime.timedelta(hours=1)),
        # Across the change, and the evenings on each side.
        (aware(2023, 10, 29, 1, 30), datetime.timedelta(hours=3, minutes=30)),
        (aware(2023, 10, 28, 20), datetime.timedelta(hours=2)),
        (aware(2023, 10, 29, 20), datetime.timedelta(hours=2)),
    ]
    sessions = [make_session(event, starts_at=s, ends_at=s + length) for s, length in spans]
    _name, events = read_with_icaljs(build(sessions))
    assert {uid: (e["start"], e["end"]) for uid, e in events.items()} == {
        s.ical_uid: (iso(s.starts_at), iso(s.ends_at)) for s in sessions
    }


def test_instants_around_the_march_clock_change_read_right(db):
    edition = make_edition(starts_on=datetime.date(2024, 3, 25), ends_on=datetime.date(2024, 4, 5))
    event = make_event(edition)
    sessions = [
        make_session(event, starts_at=aware(2024, 3, 31, 1, 30), ends_at=aware(2024, 3, 31, 3, 30)),
        make_session(event, starts_at=aware(2024, 3, 30, 20), ends_at=aware(2024, 3, 30, 22)),
        make_session(event, starts_at=aware(2024, 3, 31, 20), ends_at=aware(2024, 3, 31, 22)),
    ]
    _name, events = read_with_icaljs(build(sessions))
    assert {uid: (e["start"], e["end"]) for uid, e in events.items()} == {
        s.ical_uid: (iso(s.starts_at), iso(s.ends_at)) for s in sessions
    }


def test_calendar_name_of_a_filtered_feed_reads_plain(client, db):
    edition = make_edition(name="Quinzaine du Japon 2023", slug="quinzaine-2023")
    make_session(make_event(edition, venue=make_venue(town="Toulouse")), aware(2023, 11, 12, 10))
    response = client.get("/quinzaine-2023/programme.ics?commune=Toulouse&gratuit=on&pmr=on")
    name, _events = read_with_icaljs(response.content.decode())
    assert name == "Quinzaine du Japon 2023 – Toulouse · gratuit · accessible PMR"


def test_sessions_of_an_unpublished_event_read_as_cancelled(client, db):
    edition = make_edition(slug="quinzaine-2023")
    event = make_event(edition, title="Projection", slug="projection")
    session = make_session(event, aware(2023, 11, 12, 20))
    with time_machine.travel(aware(2023, 11, 1), tick=False):
        event.status = Event.Status.DRAFT
        event.save()
        response = client.get("/quinzaine-2023/programme.ics")
    _name, events = read_with_icaljs(response.content.decode())
    assert events[session.ical_uid]["status"] == "CANCELLED"
    assert events[session.ical_uid]["summary"] == "ANNULÉ – Projection"
    assert events[session.ical_uid]["sequence"] == 1
    assert events[session.ical_uid]["start"] == iso(session.starts_at)
