"""Sessions taken off the programme stay in the feeds they were in, cancelled, until they end."""

import pytest
import time_machine
import vobject
from django.urls import reverse

from events.models import Event, RemovedSession, Session
from events.views.selection import sign_event_ids
from tests.factories import aware, make_edition, make_event, make_session, make_venue
from tests.helpers import ics_uids, parse, texts, vobject_events

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def before_the_festival():
    """Run every test on 1 November 2023, before the sessions below take place."""
    with time_machine.travel(aware(2023, 11, 1, 9), tick=False):
        yield


@pytest.fixture
def festival():
    edition = make_edition(name="Quinzaine du Japon 2023", slug="quinzaine-2023")
    hall = make_venue(name="Espace Japon", slug="espace-japon", town="Toulouse")
    cinema = make_venue(name="Cinéma ABC", slug="cinema-abc", town="Albi", department="81")
    film = make_event(edition, title="Projection", slug="projection", venue=cinema)
    talk = make_event(edition, title="Conférence", slug="conference", venue=hall)
    return {
        "edition": edition,
        "hall": hall,
        "cinema": cinema,
        "film": film,
        "talk": talk,
        "screening": make_session(film, starts_at=aware(2023, 11, 12, 20)),
        "second_screening": make_session(film, starts_at=aware(2023, 11, 14, 20)),
        "lecture": make_session(talk, starts_at=aware(2023, 11, 15, 18)),
    }


def feed_urls(festival):
    edition, film = festival["edition"], festival["film"]
    return [
        reverse("events:event-ics", kwargs={"edition": edition.slug, "slug": film.slug}),
        reverse("events:programme-ics", kwargs={"edition": edition.slug}),
        reverse("events:programme-ics", kwargs={"edition": edition.slug}) + "?commune=Albi",
        reverse("venues:ics", kwargs={"slug": festival["cinema"].slug}),
        reverse("events:selection-ics") + "?e=" + sign_event_ids([film.pk]),
    ]


def entry(client, url, session):
    """Return the session's VEVENT in a feed, read by vobject, after checking ics sees it."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert session.ical_uid in ics_uids(response)
    return vobject_events(response)[session.ical_uid]


def assert_cancelled(vevent, sequence):
    assert vevent.status.value == "CANCELLED"
    assert vevent.summary.value == "ANNULÉ – Projection"
    assert int(vevent.sequence.value) == sequence


class TestDeletedSession:
    def test_deleted_session_stays_cancelled_one_version_up_in_every_feed(self, client, festival):
        screening = festival["screening"]
        urls = feed_urls(festival)
        for url in urls:
            assert entry(client, url, screening).status.value == "CONFIRMED"
        Session.objects.get(pk=screening.pk).delete()
        for url in urls:
            vevent = entry(client, url, screening)
            assert_cancelled(vevent, sequence=screening.sequence + 1)
            assert vevent.dtstart.value == screening.starts_at

    def test_it_stays_out_of_feeds_it_was_not_in(self, client, festival):
        Session.objects.get(pk=festival["screening"].pk).delete()
        edition = festival["edition"]
        url = reverse("events:programme-ics", kwargs={"edition": edition.slug})
        for other in (url + "?commune=Toulouse", reverse("venues:ics", args=["espace-japon"])):
            assert festival["screening"].ical_uid not in ics_uids(client.get(other))

    def test_it_leaves_the_feeds_once_its_time_has_passed(self, client, festival):
        Session.objects.get(pk=festival["screening"].pk).delete()
        with time_machine.travel(aware(2023, 11, 12, 23), tick=False):
            for url in feed_urls(festival):
                assert festival["screening"].ical_uid not in ics_uids(client.get(url))

    def test_a_past_session_deleted_is_simply_gone(self, client, festival):
        with time_machine.travel(aware(2023, 11, 13), tick=False):
            Session.objects.get(pk=festival["screening"].pk).delete()
        assert RemovedSession.objects.count() == 0

    def test_a_draft_events_sessions_leave_no_trace(self, client, festival):
        draft = make_event(festival["edition"], status=Event.Status.DRAFT)
        make_session(draft, starts_at=aware(2023, 11, 20, 10)).delete()
        assert RemovedSession.objects.count() == 0

    def test_removed_sessions_never_show_on_pages(self, client, festival):
        Session.objects.get(pk=festival["screening"].pk).delete()
        page = parse(client.get(f"/{festival['edition'].slug}/programme/"))
        assert texts(page.select(".session-title")) == ["Projection", "Conférence"]


class TestDeletedEvent:
    def test_deleted_events_feed_still_cancels_its_sessions(self, client, festival):
        url = feed_urls(festival)[0]
        Event.objects.get(pk=festival["film"].pk).delete()
        response = client.get(url)
        events = vobject_events(response)
        assert set(events) == {
            festival["screening"].ical_uid,
            festival["second_screening"].ical_uid,
        }
        for vevent in events.values():
            assert_cancelled(vevent, sequence=1)
        assert vobject.readOne(response.content.decode()).x_wr_calname.value == (
            "Projection – Quinzaine du Japon 2023"
        )

    def test_its_feed_is_gone_once_every_session_has_passed(self, client, festival):
        url = feed_urls(festival)[0]
        Event.objects.get(pk=festival["film"].pk).delete()
        with time_machine.travel(aware(2023, 11, 15), tick=False):
            assert client.get(url).status_code == 404


class TestUnpublishedEvent:
    def test_unpublished_events_sessions_stay_cancelled(self, client, festival):
        film = festival["film"]
        film.status = Event.Status.DRAFT
        film.save()
        for url in feed_urls(festival):
            assert_cancelled(entry(client, url, festival["screening"]), sequence=1)

    def test_published_again_its_sessions_come_back_one_version_up(self, client, festival):
        film = festival["film"]
        film.status = Event.Status.DRAFT
        film.save()
        film.status = Event.Status.PUBLISHED
        film.save()
        assert RemovedSession.objects.count() == 0
        for url in feed_urls(festival):
            vevent = entry(client, url, festival["screening"])
            assert vevent.status.value == "CONFIRMED"
            assert int(vevent.sequence.value) == 2

    def test_an_unpublished_edition_cancels_its_sessions_in_venue_feeds(self, client, festival):
        edition = festival["edition"]
        edition.is_published = False
        edition.save()
        url = reverse("venues:ics", kwargs={"slug": festival["cinema"].slug})
        assert_cancelled(entry(client, url, festival["screening"]), sequence=1)
        edition.is_published = True
        edition.save()
        assert entry(client, url, festival["screening"]).status.value == "CONFIRMED"


class TestAdmin:
    def test_deleting_a_session_says_it_stays_cancelled_in_calendars(self, admin_client, festival):
        screening = festival["screening"]
        url = reverse("admin:events_session_delete", args=[screening.pk])
        confirmation = admin_client.get(url).content.decode()
        assert "marquées « annulée », jusqu'à leur date" in confirmation
        response = admin_client.post(url, {"post": "yes"}, follow=True)
        messages = [str(m) for m in response.context["messages"]]
        assert any("restent dans les calendriers abonnés" in m for m in messages)
        assert RemovedSession.objects.filter(uid=screening.uid).exists()
