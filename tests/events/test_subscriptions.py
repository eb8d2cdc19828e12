"""What a subscriber of any feed sees over time: nothing vanishes, nothing comes back empty.

Feeds are read through the URLs the site serves, revalidated as calendar apps do (with
If-None-Match, or If-Modified-Since alone), by vobject and Thunderbird's ical.js, with the
clock moved forward (time-machine) to see sessions take place and editions end.
"""

import datetime

import icalendar
import ics
import pytest
import time_machine
import vobject
from django.core.cache import cache
from django.urls import reverse

from events import ical
from events.models import Category, Edition, Event, Session, Theme
from tests.factories import aware, image_file, make_edition, make_event, make_session, make_venue
from tests.helpers import read_with_icaljs

pytestmark = pytest.mark.django_db
BEFORE = aware(2027, 11, 1, 9)  # The clock of these tests: before the edition.


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(BEFORE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def festival():
    edition = make_edition(
        name="Quinzaine du Japon 2027",
        slug="2027",
        starts_on=datetime.date(2027, 11, 12),
        ends_on=datetime.date(2027, 11, 26),
    )
    toulouse = make_venue(name="Halle aux grains", town="Toulouse", slug="halle")
    albi = make_venue(
        name="Scène nationale", town="Albi", postcode="81000", department="81", slug="scene"
    )
    taiko = make_event(edition, title="Concert de taiko", slug="taiko", venue=toulouse)
    session = make_session(taiko, aware(2027, 11, 13, 20))
    return {
        "edition": edition,
        "toulouse": toulouse,
        "albi": albi,
        "event": taiko,
        "session": session,
    }


def fetch(client, url, **headers):
    cache.clear()  # As a later request would find it after a change: built again.
    return client.get(url, headers=headers)


def entries(response):
    """Return the feed's VEVENTs read by vobject, by UID: (status, sequence, summary)."""
    calendar = vobject.readOne(response.content.decode())
    return {
        vevent.uid.value: (
            vevent.status.value,
            int(vevent.sequence.value),
            vevent.summary.value,
        )
        for vevent in calendar.contents.get("vevent", [])
    }


def programme(edition, **query):
    url = reverse("events:programme-ics", kwargs={"edition": edition.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


class TestNothingVanishes:
    def test_a_session_moved_to_another_town_is_cancelled_in_the_first_towns_feed(
        self, client, festival
    ):
        session, uid = festival["session"], festival["session"].ical_uid
        toulouse = programme(festival["edition"], commune="Toulouse")
        first = fetch(client, toulouse)
        assert entries(first)[uid] == ("CONFIRMED", 0, "Concert de taiko")

        session.venue = festival["albi"]
        session.save()

        # Revalidated either way, the town's feed has changed.
        by_etag = fetch(client, toulouse, if_none_match=first["ETag"])
        by_date = fetch(client, toulouse, if_modified_since=first["Last-Modified"])
        assert (by_etag.status_code, by_date.status_code) == (200, 200)
        assert entries(by_etag)[uid] == ("CANCELLED", 2, "ANNULÉ – Concert de taiko")
        _name, read = read_with_icaljs(by_etag.content.decode())
        assert (read[uid]["status"], read[uid]["sequence"]) == ("CANCELLED", 2)
        albi = fetch(client, programme(festival["edition"], commune="Albi"))
        assert entries(albi)[uid] == ("CONFIRMED", 1, "Concert de taiko")
        # Unchanged since, it answers 304 again.
        again = fetch(client, toulouse, if_none_match=by_etag["ETag"])
        assert again.status_code == 304

    def test_the_copy_goes_once_the_session_has_taken_place(self, client, festival, clock):
        uid = festival["session"].ical_uid
        toulouse = programme(festival["edition"], commune="Toulouse")
        fetch(client, toulouse)
        festival["session"].venue = festival["albi"]
        festival["session"].save()
        assert uid in entries(fetch(client, toulouse))
        clock.move_to(aware(2027, 11, 14, 9))
        assert uid not in entries(fetch(client, toulouse))

    def test_a_session_back_in_a_feed_comes_above_its_cancelled_copy(self, client, festival):
        session, uid = festival["session"], festival["session"].ical_uid
        toulouse = programme(festival["edition"], commune="Toulouse")
        fetch(client, toulouse)
        session.venue = festival["albi"]
        session.save()
        cancelled = entries(fetch(client, toulouse))[uid]
        session.venue = None  # Back at the event's venue, in Toulouse.
        session.save()
        back = entries(fetch(client, toulouse))[uid]
        assert back[0] == "CONFIRMED" and back[1] > cancelled[1]

    def test_a_re_dated_session_is_cancelled_in_its_former_days_feed(self, client, festival):
        session, uid = festival["session"], festival["session"].ical_uid
        saturday = programme(festival["edition"], jour="2027-11-13")
        fetch(client, saturday)
        session.starts_at = aware(2027, 11, 14, 20)
        session.ends_at = aware(2027, 11, 14, 22)
        session.save()
        assert entries(fetch(client, saturday))[uid][0] == "CANCELLED"

    def test_a_session_moved_to_another_venue_is_cancelled_in_the_first_venues_feed(
        self, client, festival
    ):
        session, uid = festival["session"], festival["session"].ical_uid
        halle = reverse("venues:ics", kwargs={"slug": "halle"})
        fetch(client, halle)
        session.venue = festival["albi"]
        session.save()
        assert entries(fetch(client, halle))[uid][0] == "CANCELLED"

    def test_a_renamed_venue_gives_its_sessions_a_new_version(self, client, festival):
        uid = festival["session"].ical_uid
        url = reverse("events:event-ics", kwargs={"edition": "2027", "slug": "taiko"})
        before = entries(fetch(client, url))[uid][1]
        venue = festival["toulouse"]
        venue.name = "Halle aux grains – salle Mozart"
        venue.save()
        response = fetch(client, url)
        assert entries(response)[uid][1] == before + 1
        location = vobject.readOne(response.content.decode()).vevent.location.value
        assert location.startswith("Halle aux grains – salle Mozart, ")


class TestUnpublishedEdition:
    def test_its_feeds_cancel_its_sessions_then_answer_gone(self, client, festival, clock):
        uid = festival["session"].ical_uid
        whole, town = (
            programme(festival["edition"]),
            programme(festival["edition"], commune="Toulouse"),
        )
        fetch(client, whole), fetch(client, town)
        Edition.objects.filter(pk=festival["edition"].pk).update(is_published=False)
        for url in (whole, town):
            response = fetch(client, url)
            assert response.status_code == 200
            assert entries(response)[uid][0] == "CANCELLED"
        clock.move_to(aware(2027, 11, 20))
        assert [fetch(client, url).status_code for url in (whole, town)] == [410, 410]
        # A feed no one subscribed to is simply not found.
        assert fetch(client, programme(festival["edition"], commune="Albi")).status_code == 404


class TestLanguages:
    def test_cancelled_copies_are_written_in_the_feeds_language(self, client, festival):
        event = festival["event"]
        event.title_en, event.title_ja = "Taiko concert", "太鼓コンサート"
        event.save()
        url = reverse("events:event-ics", kwargs={"edition": "2027", "slug": "taiko"})
        for prefix in ("", "/en", "/ja"):
            fetch(client, prefix + url)
        festival["session"].delete()
        summaries = {
            prefix: entries(fetch(client, prefix + url))[festival["session"].ical_uid][2]
            for prefix in ("", "/en", "/ja")
        }
        assert summaries == {
            "": "ANNULÉ – Concert de taiko",
            "/en": "CANCELLED – Taiko concert",
            "/ja": "【中止】太鼓コンサート",
        }


class TestAddresses:
    def test_an_old_slug_redirects_page_and_feed(self, client, festival):
        event = festival["event"]
        event.slug = "concert-taiko"
        event.save()
        page = client.get("/2027/evenements/taiko/")
        feed = client.get("/2027/evenements/taiko.ics")
        assert (page.status_code, page["Location"]) == (301, "/2027/evenements/concert-taiko/")
        assert (feed.status_code, feed["Location"]) == (301, "/2027/evenements/concert-taiko.ics")
        assert client.get("/2027/evenements/jamais-vu/").status_code == 404

    def test_an_event_recreated_at_the_same_address_keeps_its_cancellations(self, client, festival):
        uid = festival["session"].ical_uid
        url = "/2027/evenements/taiko.ics"
        fetch(client, url)
        festival["event"].delete()
        again = make_event(festival["edition"], title="Concert de taiko", slug="taiko")
        new = make_session(again, aware(2027, 11, 20, 20))
        found = entries(fetch(client, url))
        assert found[uid][0] == "CANCELLED"
        assert found[new.ical_uid][0] == "CONFIRMED"


class TestWindow:
    @pytest.fixture
    def big_edition(self):
        """2,000 sessions with long texts, 12 November to 24 December 2027."""
        edition = make_edition(
            name="Grande quinzaine",
            slug="grande",
            starts_on=datetime.date(2027, 11, 12),
            ends_on=datetime.date(2027, 12, 24),
        )
        events = [
            make_event(edition, summary="Un très long résumé. " * 14, slug=f"e{n}")
            for n in range(20)
        ]
        start = aware(2027, 11, 12, 9)
        Session.objects.bulk_create(
            Session(
                event=events[n % 20],
                starts_at=start + datetime.timedelta(minutes=30 * n),
                ends_at=start + datetime.timedelta(minutes=30 * n + 25),
                note="Remarque longue, " * 14,
            )
            for n in range(2000)
        )
        return edition

    @pytest.mark.parametrize(
        "moment",
        [aware(2027, 11, 1), aware(2027, 11, 30), aware(2028, 1, 15)],
        ids=["future", "running", "over"],
    )
    def test_a_subscription_is_never_empty_nor_too_big(
        self, client, big_edition, clock, monkeypatch, moment
    ):
        monkeypatch.setattr(ical, "FEED_MAX_BYTES", 400_000)
        clock.move_to(moment)
        response = fetch(client, programme(big_edition))
        starts = sorted(
            vevent.dtstart.value
            for vevent in vobject.readOne(response.content.decode()).vevent_list
        )
        assert 0 < len(starts) <= ical.FEED_MAX_SESSIONS
        assert len(response.content) <= 400_000
        if moment == aware(2028, 1, 15):
            # Over: the edition's last sessions, up to the last one.
            assert starts[-1] == Session.objects.latest("starts_at").starts_at
        else:
            # The sessions to come, from the next one on.
            upcoming = Session.objects.filter(ends_at__gt=moment - ical.FEED_GRACE)
            assert starts[0] == upcoming.earliest("starts_at").starts_at
        description = vobject.readOne(response.content.decode()).contents["description"][0]
        assert "les 1000 séances les plus proches" in description.value
        assert "complet=1" in description.value

    def test_the_download_is_complete(self, client, big_edition):
        response = fetch(client, programme(big_edition) + "?complet=1")
        assert len(vobject.readOne(response.content.decode()).vevent_list) == 2000


class TestRicherEntries:
    def test_calendar_and_entries_carry_rfc_7986_properties(self, client, festival):
        event = festival["event"]
        event.image = image_file("taiko.png")
        event.save()
        event.themes.set([Theme.objects.order_by("pk").first()])
        venue = festival["toulouse"]
        venue.latitude, venue.longitude = 43.5955, 1.4327
        venue.save()
        url = reverse("events:event-ics", kwargs={"edition": "2027", "slug": "taiko"})
        body = fetch(client, url).content
        # vobject, and icalendar reading the text back.
        calendar = vobject.readOne(body.decode())
        assert calendar.contents["url"][0].value == "http://testserver/2027/evenements/taiko/"
        assert calendar.contents["source"][0].value.endswith("/2027/evenements/taiko.ics")
        assert calendar.contents["color"][0].value == "firebrick"
        assert calendar.contents["description"][0].value.startswith("Programme de la Quinzaine")
        vevent = calendar.vevent
        theme = Theme.objects.order_by("pk").first()
        assert vevent.categories.value == [Category.objects.get(slug="exposition").name, theme.name]
        assert vevent.location.value.endswith(", France")
        assert vevent.image.value.startswith("http://testserver/media/resized/")
        # ics, a third reader.
        read = next(iter(ics.Calendar(body.decode()).events))
        assert read.location.endswith(", France")
        assert set(read.categories) == {Category.objects.get(slug="exposition").name, theme.name}
        parsed = icalendar.Calendar.from_ical(body)
        entry = next(iter(parsed.walk("VEVENT")))
        assert entry["X-APPLE-STRUCTURED-LOCATION"].params["X-TITLE"] == venue.name
        assert str(entry["X-APPLE-STRUCTURED-LOCATION"]) == "geo:43.5955,1.4327"
        assert str(parsed["IMAGE"]).startswith("http://testserver/static/")

    def test_a_cancelled_session_takes_no_time(self, client, festival):
        festival["session"].status = Session.Status.CANCELLED
        festival["session"].save()
        url = reverse("events:event-ics", kwargs={"edition": "2027", "slug": "taiko"})
        calendar = vobject.readOne(fetch(client, url).content.decode())
        assert calendar.vevent.transp.value == "TRANSPARENT"
        assert Event.objects.get().status == Event.Status.PUBLISHED
