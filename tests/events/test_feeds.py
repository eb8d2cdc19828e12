"""The feeds as calendar apps fetch them: scopes, UIDs, updates, HTTP headers, errors."""

import datetime
import gzip
import io

import pytest
import time_machine
import vobject
from django.core.cache import cache, caches
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.http import parse_http_date

from events import ical
from events.models import Category, Event, FeedStamp, Session
from events.views.selection import sign_event_ids
from tests.factories import aware, make_edition, make_event, make_session, make_venue
from tests.helpers import ics_uids, vobject_events, vobject_events_of
from venues.models import Venue


def calendar_name(response):
    return vobject.readOne(response.content.decode()).contents["x-wr-calname"][0].value


def event_feed_url(event):
    return reverse("events:event-ics", kwargs={"edition": event.edition.slug, "slug": event.slug})


def programme_feed_url(edition):
    return reverse("events:programme-ics", kwargs={"edition": edition.slug})


def venue_feed_url(venue):
    return reverse("venues:ics", kwargs={"slug": venue.slug})


def selection_feed_url(*events):
    return reverse("events:selection-ics") + "?e=" + sign_event_ids([e.pk for e in events])


@pytest.fixture
def programme(db):
    """An edition with two events at one venue, a cancelled session and a draft event."""
    edition = make_edition(name="Quinzaine du Japon 2023", slug="quinzaine-2023", is_current=True)
    venue = make_venue(name="Espace Japon", slug="espace-japon")
    other_venue = make_venue(name="Cinéma ABC", slug="cinema-abc")
    film = make_event(edition, title="Projection", slug="projection", venue=other_venue)
    expo = make_event(edition, title="Estampes", slug="estampes", venue=venue)
    draft = make_event(edition, title="Brouillon", slug="brouillon", venue=venue, status="draft")
    return {
        "edition": edition,
        "venue": venue,
        "film": film,
        "expo": expo,
        "draft": draft,
        "film_session": make_session(film, starts_at=aware(2023, 11, 12, 20)),
        "film_cancelled": make_session(
            film, starts_at=aware(2023, 11, 14, 20), status=Session.Status.CANCELLED
        ),
        # The film's third session takes place at the venue of the exhibition.
        "film_at_venue": make_session(film, starts_at=aware(2023, 11, 18, 15), venue=venue),
        "expo_session": make_session(
            expo, starts_at=aware(2023, 11, 10), ends_at=aware(2023, 11, 25), is_all_day=True
        ),
        "draft_session": make_session(draft),
    }


class TestScopes:
    def test_event_feed_holds_every_session_of_the_event(self, client, programme):
        response = client.get(event_feed_url(programme["film"]))
        expected = {
            programme["film_session"].ical_uid,
            programme["film_cancelled"].ical_uid,
            programme["film_at_venue"].ical_uid,
        }
        assert set(vobject_events(response)) == expected
        assert ics_uids(response) == expected
        assert calendar_name(response) == "Projection – Quinzaine du Japon 2023"

    def test_edition_feed_holds_every_public_session(self, client, programme):
        response = client.get(programme_feed_url(programme["edition"]))
        expected = {
            programme[key].ical_uid
            for key in ("film_session", "film_cancelled", "film_at_venue", "expo_session")
        }
        assert set(vobject_events(response)) == expected
        assert ics_uids(response) == expected
        assert calendar_name(response) == "Quinzaine du Japon 2023"

    def test_venue_feed_holds_sessions_taking_place_there(self, client, programme):
        response = client.get(venue_feed_url(programme["venue"]))
        expected = {programme["film_at_venue"].ical_uid, programme["expo_session"].ical_uid}
        assert set(vobject_events(response)) == expected
        assert ics_uids(response) == expected
        assert calendar_name(response) == "Quinzaine du Japon – Espace Japon (Toulouse)"

    def test_selection_feed_holds_sessions_of_the_chosen_events_only(self, client, programme):
        response = client.get(selection_feed_url(programme["expo"], programme["draft"]))
        assert set(vobject_events(response)) == {programme["expo_session"].ical_uid}
        assert ics_uids(response) == {programme["expo_session"].ical_uid}
        assert calendar_name(response) == "Ma sélection – Quinzaine du Japon"

    def test_session_has_the_same_uid_in_every_feed(self, client, programme):
        session = programme["film_at_venue"]
        feeds = [
            event_feed_url(programme["film"]),
            programme_feed_url(programme["edition"]),
            venue_feed_url(programme["venue"]),
            selection_feed_url(programme["film"]),
        ]
        for url in feeds:
            vevent = vobject_events(client.get(url))[session.ical_uid]
            assert vevent.dtstart.value.astimezone(datetime.UTC) == session.starts_at

    def test_cancelled_session_stays_in_feed_as_cancelled(self, client, programme):
        response = client.get(event_feed_url(programme["film"]))
        vevent = vobject_events(response)[programme["film_cancelled"].ical_uid]
        assert vevent.status.value == "CANCELLED"
        assert vevent.summary.value == "ANNULÉ – Projection"

    def test_whole_edition_feed_keeps_a_cancelled_event_as_cancelled(self, client, programme):
        programme["expo"].status = Event.Status.CANCELLED
        programme["expo"].save()
        response = client.get(programme_feed_url(programme["edition"]))
        vevent = vobject_events(response)[programme["expo_session"].ical_uid]
        assert (vevent.status.value, vevent.sequence.value) == ("CANCELLED", "1")


class TestHiddenContent:
    def test_draft_event_has_no_feed(self, client, programme):
        assert client.get(event_feed_url(programme["draft"])).status_code == 404

    def test_draft_sessions_appear_in_no_feed(self, client, programme):
        draft_uid = programme["draft_session"].ical_uid
        for url in [
            programme_feed_url(programme["edition"]),
            venue_feed_url(programme["venue"]),
            selection_feed_url(programme["draft"], programme["expo"]),
        ]:
            assert draft_uid not in vobject_events(client.get(url))

    def test_unpublished_edition_has_no_feeds(self, client, programme):
        edition = programme["edition"]
        edition.is_published = False
        edition.save()
        assert client.get(programme_feed_url(edition)).status_code == 404
        assert client.get(event_feed_url(programme["expo"])).status_code == 404
        assert vobject_events(client.get(venue_feed_url(programme["venue"]))) == {}
        assert vobject_events(client.get(selection_feed_url(programme["expo"]))) == {}

    @pytest.mark.parametrize(
        "url",
        [
            "/quinzaine-2023/evenements/inconnu.ics",
            "/inconnue/evenements/estampes.ics",
            "/inconnue/programme.ics",
            "/lieux/inconnu.ics",
        ],
    )
    def test_unknown_slugs_give_404(self, client, programme, url):
        assert client.get(url).status_code == 404

    def test_event_of_another_edition_gives_404(self, client, programme):
        other = make_edition(slug="semaine-2022")
        url = reverse("events:event-ics", kwargs={"edition": other.slug, "slug": "estampes"})
        assert client.get(url).status_code == 404


class TestSelectionToken:
    @pytest.mark.parametrize(
        "query",
        ["", "?e=", "?e=1.2", "?e=1.2:forged", "?e=%00%FF", "?e[]=1&e[]=2"],
    )
    def test_missing_or_forged_selection_gives_400_in_french(self, client, programme, query):
        response = client.get(reverse("events:selection-ics") + query)
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "Ce lien de sélection n'est pas valide" in response.content.decode()

    def test_selection_with_an_extra_id_is_refused(self, client, programme):
        token = sign_event_ids([programme["expo"].pk])
        value, signature = token.split(":")
        url = reverse("events:selection-ics") + f"?e={value}.{programme['film'].pk}:{signature}"
        assert client.get(url).status_code == 400

    def test_selection_keeps_up_with_sessions_added_later(self, client, programme):
        url = selection_feed_url(programme["expo"])
        added = make_session(programme["expo"], starts_at=aware(2023, 11, 20, 10))
        assert set(vobject_events(client.get(url))) == {
            programme["expo_session"].ical_uid,
            added.ical_uid,
        }

    def test_empty_selection_gives_an_empty_calendar(self, client, db):
        response = client.get(reverse("events:selection-ics") + "?e=" + sign_event_ids([]))
        assert response.status_code == 200
        assert vobject_events(response) == {}


class TestSequence:
    def sequence(self, client, programme, session):
        response = client.get(event_feed_url(session.event))
        return int(vobject_events(response)[session.ical_uid].sequence.value)

    def test_sequence_rises_when_the_time_changes(self, client, programme):
        session = programme["film_session"]
        assert self.sequence(client, programme, session) == 0
        session.starts_at += datetime.timedelta(hours=1)
        session.ends_at += datetime.timedelta(hours=1)
        session.save()
        assert self.sequence(client, programme, session) == 1

    def test_sequence_rises_when_the_venue_changes(self, client, programme):
        session = programme["film_session"]
        session.venue = programme["venue"]
        session.save()
        assert self.sequence(client, programme, session) == 1

    def test_sequence_rises_when_the_event_moves_to_another_venue(self, client, programme):
        event = programme["film"]
        event.venue = make_venue()
        event.save()
        assert self.sequence(client, programme, programme["film_session"]) == 1
        # This session has a venue of its own: nothing changes for it.
        assert self.sequence(client, programme, programme["film_at_venue"]) == 0

    def test_sequence_rises_when_the_session_is_cancelled(self, client, programme):
        session = programme["film_session"]
        session.status = Session.Status.CANCELLED
        session.save()
        vevent = vobject_events(client.get(event_feed_url(session.event)))[session.ical_uid]
        assert (vevent.sequence.value, vevent.status.value) == ("1", "CANCELLED")

    def test_sequence_stays_put_after_an_unrelated_edit(self, client, programme):
        session = programme["film_session"]
        session.note = "Version originale sous-titrée."
        session.save()
        event = session.event
        event.summary = "Un classique du cinéma japonais."
        event.save()
        assert self.sequence(client, programme, session) == 0

    def test_last_modified_moves_after_an_unrelated_edit(self, client, programme):
        session = programme["film_session"]
        Session.objects.filter(pk=session.pk).update(
            updated_at=datetime.datetime(2023, 10, 1, tzinfo=datetime.UTC)
        )
        Event.objects.filter(pk=session.event_id).update(
            updated_at=datetime.datetime(2023, 10, 1, tzinfo=datetime.UTC)
        )
        session.refresh_from_db()
        session.note = "Version originale sous-titrée."
        session.save()
        vevent = vobject_events(client.get(event_feed_url(session.event)))[session.ical_uid]
        assert vevent.last_modified.value == session.updated_at.replace(microsecond=0)


class TestHttp:
    def test_feed_is_served_as_a_utf8_calendar_file(self, client, programme):
        response = client.get(programme_feed_url(programme["edition"]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="quinzaine-2023.ics"'
        assert response["Cache-Control"] == "public, max-age=900, stale-while-revalidate=600"

    @pytest.mark.parametrize(
        ("url_of", "filename"),
        [
            (lambda p: event_feed_url(p["film"]), "quinzaine-2023-projection.ics"),
            (lambda p: venue_feed_url(p["venue"]), "espace-japon.ics"),
            (lambda p: selection_feed_url(p["film"]), "ma-selection.ics"),
        ],
    )
    def test_feed_file_names_say_what_they_hold(self, client, programme, url_of, filename):
        response = client.get(url_of(programme))
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'

    def test_conditional_request_with_the_etag_gets_304(self, client, programme):
        url = event_feed_url(programme["film"])
        first = client.get(url)
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == "public, max-age=900, stale-while-revalidate=600"

    def test_conditional_request_with_the_date_gets_304(self, client, programme):
        url = programme_feed_url(programme["edition"])
        first = client.get(url)
        again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
        assert again.status_code == 304

    def test_last_modified_stays_put_while_nothing_changes(self, client, programme):
        url = venue_feed_url(programme["venue"])
        first = client.get(url)
        with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
            assert client.get(url)["Last-Modified"] == first["Last-Modified"]


def _move_to_another_venue(programme):
    session = programme["film_at_venue"]
    session.venue = make_venue()
    session.save()


def _delete_session(programme):
    programme["film_at_venue"].delete()


def _unpublish_event(programme):
    film = programme["film"]
    film.status = Event.Status.DRAFT
    film.save()


def _rename_category(programme):
    category = programme["film"].category
    category.name = "Cinéma"
    category.save()


class TestRevalidationByDate:
    """Clients that only send If-Modified-Since see every change, removals included."""

    @pytest.mark.parametrize(
        "change", [_move_to_another_venue, _delete_session, _unpublish_event, _rename_category]
    )
    def test_feed_is_sent_again_after_a_removal(self, client, programme, change):
        url = venue_feed_url(programme["venue"])
        first = client.get(url)
        change(programme)
        again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
        assert again.status_code == 200
        assert parse_http_date(again["Last-Modified"]) > parse_http_date(first["Last-Modified"])
        assert (
            client.get(url, headers={"if-modified-since": again["Last-Modified"]}).status_code
            == 304
        )

    def test_last_modified_never_goes_backwards(self, client, programme):
        # The newest change of the feed is removed: the feed's date still moves forward.
        url = event_feed_url(programme["film"])
        first = client.get(url)
        session = programme["film_session"]
        session.note = "VOSTFR"
        session.save()
        second = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
        Session.objects.get(pk=session.pk).delete()
        third = client.get(url, headers={"if-modified-since": second["Last-Modified"]})
        assert third.status_code == 200
        dates = [parse_http_date(r["Last-Modified"]) for r in (first, second, third)]
        assert dates == sorted(set(dates))

    def test_feed_is_sent_again_after_a_change(self, client, programme):
        url = event_feed_url(programme["film"])
        first = client.get(url)
        session = programme["film_session"]
        session.starts_at += datetime.timedelta(minutes=30)
        session.save()
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

    def test_feed_is_sent_again_after_a_session_leaves_it(self, client, programme):
        url = event_feed_url(programme["film"])
        first = client.get(url)
        programme["film_session"].delete()
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 200

    def test_feed_polled_by_date_is_sent_again_after_a_session_is_deleted(self, client, programme):
        an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
        Session.objects.update(updated_at=an_hour_ago)
        Event.objects.update(updated_at=an_hour_ago)
        Venue.objects.update(updated_at=an_hour_ago)
        url = event_feed_url(programme["film"])
        first = client.get(url)
        programme["film_session"].delete()
        again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
        assert again.status_code == 200
        assert len(vobject_events(again)) == 2

    def test_etag_stays_the_same_between_two_fetches(self, client, programme):
        url = programme_feed_url(programme["edition"])
        assert client.get(url)["ETag"] == client.get(url)["ETag"]


class TestQueryCount:
    @pytest.fixture
    def bigger_programme(self, programme):
        """Add sessions at other venues, of other categories, to show the count is fixed."""
        for number in range(5):
            event = make_event(programme["edition"], venue=make_venue())
            make_session(event, venue=make_venue())
            make_session(event, starts_at=aware(2023, 11, 20, 10 + number))
        return programme

    # The first fetch of a feed records when its content was first seen (FeedStamp);
    # the counts below are those of a later fetch that misses the page cache: the
    # programme version (quinzaine.caching), then the view's queries. Sessions come with
    # one query each for their venues, their events' venues and editions (with_related),
    # and their events' themes (shown in CATEGORIES).

    def test_event_feed_takes_nine_queries(
        self, client, bigger_programme, django_assert_num_queries
    ):
        url = event_feed_url(bigger_programme["film"])
        client.get(url)
        cache.clear()
        # Event, its removed sessions, its sessions, the feed's stamp.
        with django_assert_num_queries(9):
            client.get(url)

    def test_edition_feed_takes_nine_queries(
        self, client, bigger_programme, django_assert_num_queries
    ):
        url = programme_feed_url(bigger_programme["edition"])
        client.get(url)
        cache.clear()
        with django_assert_num_queries(9):
            response = client.get(url)
        assert len(vobject_events(response)) == 14
        # Removed sessions cost no query of their own.
        with time_machine.travel(aware(2023, 11, 1), tick=False):
            for session in Session.objects.filter(event=bigger_programme["film"]):
                session.delete()
            client.get(url)
            cache.clear()
            with django_assert_num_queries(9):
                response = client.get(url)
        assert len(vobject_events(response)) == 14

    def test_venue_feed_takes_nine_queries(
        self, client, bigger_programme, django_assert_num_queries
    ):
        url = venue_feed_url(bigger_programme["venue"])
        client.get(url)
        cache.clear()
        with django_assert_num_queries(9):
            client.get(url)

    def test_selection_feed_takes_eight_queries(
        self, client, bigger_programme, django_assert_num_queries
    ):
        events = Event.objects.filter(edition=bigger_programme["edition"])
        url = selection_feed_url(*events)
        client.get(url)
        cache.clear()
        with django_assert_num_queries(8):
            response = client.get(url)
        assert len(vobject_events(response)) == 14


@pytest.fixture
def towns(db):
    """An edition with sessions in Toulouse (one free, one paid) and in Albi."""
    edition = make_edition(name="Quinzaine du Japon 2023", slug="quinzaine-2023")
    toulouse = make_venue(town="Toulouse")
    albi = make_venue(town="Albi", postcode="81000", department="81")
    free = make_event(edition, title="Estampes", venue=toulouse)
    paid = make_event(edition, title="Atelier", venue=toulouse, is_free=False, price="10 €")
    far = make_event(edition, title="Clôture", venue=albi)
    return {
        "edition": edition,
        "free": make_session(free, starts_at=aware(2023, 11, 12, 10)),
        "paid": make_session(paid, starts_at=aware(2023, 11, 13, 10)),
        "far": make_session(far, starts_at=aware(2023, 11, 24, 18)),
    }


class TestFilteredProgramme:
    def test_filtered_feed_holds_the_matching_sessions_and_names_the_filter(self, client, towns):
        url = programme_feed_url(towns["edition"]) + "?commune=toulouse&gratuit=on"
        response = client.get(url)
        assert set(vobject_events(response)) == {towns["free"].ical_uid}
        assert ics_uids(response) == {towns["free"].ical_uid}
        assert calendar_name(response) == "Quinzaine du Japon 2023 – Toulouse · gratuit"
        assert response["Content-Disposition"] == (
            'attachment; filename="quinzaine-2023-toulouse-gratuit.ics"'
        )

    def test_filtered_feed_gives_the_same_uids_as_the_whole_programme(self, client, towns):
        url = programme_feed_url(towns["edition"])
        whole = vobject_events(client.get(url))
        filtered = vobject_events(client.get(url + "?commune=Albi"))
        assert set(filtered) == {towns["far"].ical_uid}
        assert (
            filtered[towns["far"].ical_uid].dtstart.value
            == whole[towns["far"].ical_uid].dtstart.value
        )

    @pytest.mark.parametrize(
        ("query", "name"),
        [
            ("?jour=2099-01-01", "jeudi 1 janvier"),
            ("?commune=Atlantide", "Atlantide"),
            ("?du=pas-une-date", "Du « pas-une-date »"),
            ("?au=31/02/2023", "Au « 31/02/2023 »"),
            ("?categorie=inconnue", "Catégorie « inconnue »"),
            ("?theme=%00", "Thème « »"),
            ("?departement=XX", "Département « XX »"),
            ("?public=martiens", "Public « martiens »"),
        ],
    )
    def test_filter_matching_nothing_gives_an_empty_feed_named_after_it(
        self, client, towns, query, name
    ):
        response = client.get(programme_feed_url(towns["edition"]) + query)
        assert response.status_code == 200
        assert vobject_events(response) == {}
        assert ics_uids(response) == set()
        assert calendar_name(response) == f"Quinzaine du Japon 2023 – {name}"

    def test_unknown_parameters_are_ignored(self, client, towns):
        response = client.get(programme_feed_url(towns["edition"]) + "?page=abc&unknown=1")
        assert set(vobject_events(response)) == {
            towns[key].ical_uid for key in ("free", "paid", "far")
        }
        assert calendar_name(response) == "Quinzaine du Japon 2023"

    def test_town_subscription_stays_the_town_after_its_last_event_is_unpublished(
        self, client, towns
    ):
        url = programme_feed_url(towns["edition"]) + "?commune=Albi"
        clock = time_machine.travel(aware(2023, 11, 20), tick=False)
        clock.start()
        assert set(vobject_events(client.get(url))) == {towns["far"].ical_uid}
        event = towns["far"].event
        event.status = Event.Status.DRAFT
        event.save()
        response = client.get(url)
        clock.stop()
        assert calendar_name(response) == "Quinzaine du Japon 2023 – Albi"
        # Until it has passed, the session stays, cancelled, so that calendars drop it.
        events = vobject_events(response)
        assert set(events) == {towns["far"].ical_uid}
        assert events[towns["far"].ical_uid].status.value == "CANCELLED"
        with time_machine.travel(aware(2023, 11, 25), tick=False):
            response = client.get(url)
        assert vobject_events(response) == {}
        assert calendar_name(response) == "Quinzaine du Japon 2023 – Albi"

    def test_filtered_feed_has_its_own_etag(self, client, towns):
        url = programme_feed_url(towns["edition"])
        assert client.get(url)["ETag"] != client.get(url + "?commune=Albi")["ETag"]

    def test_filtered_feed_takes_a_fixed_number_of_queries(
        self, client, towns, django_assert_num_queries
    ):
        url = programme_feed_url(towns["edition"]) + "?commune=Toulouse&categorie=exposition"
        client.get(url)
        cache.clear()
        # Edition, the form's towns, the category, the sessions (and their venues and
        # edition, and their events' themes), removed ones, the stamp.
        with django_assert_num_queries(10):
            response = client.get(url)
        assert len(vobject_events(response)) == 2
        for number in range(4):
            make_session(towns["free"].event, starts_at=aware(2023, 11, 14 + number, 10))
        client.get(url)
        cache.clear()
        with django_assert_num_queries(10):
            response = client.get(url)
        assert len(vobject_events(response)) == 6


class TestSize:
    """Google Calendar refuses subscribed feeds over about 1 MB."""

    @pytest.fixture
    def big_edition(self, db):
        edition = make_edition(name="Quinzaine du Japon 2023", slug="quinzaine-2023")
        venues = [make_venue() for _ in range(30)]
        summary = (
            "Une rencontre autour de la culture japonaise, avec démonstration, échanges "
            "avec le public et dégustation de thé vert à la fin de la séance."
        )
        events = Event.objects.bulk_create(
            Event(
                edition=edition,
                title=f"Atelier de calligraphie japonaise n° {n}",
                slug=f"atelier-{n}",
                summary=summary,
                category=Category.objects.get(slug="atelier"),
                venue=venues[n % 30],
                status=Event.Status.PUBLISHED,
            )
            for n in range(200)
        )
        Session.objects.bulk_create(
            Session(
                event=events[n % 200],
                starts_at=aware(2023, 11, 10 + n % 14, 9)
                + datetime.timedelta(minutes=5 * (n // 14)),
                ends_at=aware(2023, 11, 10 + n % 14, 11)
                + datetime.timedelta(minutes=5 * (n // 14)),
                note="Sur inscription." if n % 3 == 0 else "",
            )
            for n in range(2000)
        )
        return edition

    def test_a_2000_session_feed_stays_under_1_mb_with_the_sessions_to_come(
        self, client, big_edition
    ):
        url = programme_feed_url(big_edition)
        with time_machine.travel(aware(2023, 11, 15, 12), tick=False):
            body = client.get(url).content
        assert len(body) < 1_000_000
        events = vobject_events_of(body)
        assert 900 <= len(events) <= 1000
        # The earliest sessions still to come, or ended less than a day ago.
        starts = sorted(vevent.dtstart.value for vevent in events.values())
        sessions = Session.objects.filter(ends_at__gt=aware(2023, 11, 14, 12)).order_by("starts_at")
        assert starts == [s.starts_at for s in sessions[: len(starts)]]

    def test_the_download_is_the_complete_feed(self, client, big_edition):
        with time_machine.travel(aware(2023, 11, 15, 12), tick=False):
            body = client.get(programme_feed_url(big_edition) + "?complet=1").content
        assert body.count(b"BEGIN:VEVENT") == 2000
        assert len(vobject_events_of(body)) == 2000

    def test_feeds_are_gzipped_for_clients_that_accept_it(self, client, big_edition):
        url = programme_feed_url(big_edition) + "?complet=1"
        plain = client.get(url)
        zipped = client.get(url, headers={"accept-encoding": "gzip"})
        assert zipped["Content-Encoding"] == "gzip"
        assert len(zipped.content) < len(plain.content) / 8
        unzipped = gzip.decompress(zipped.content).splitlines()
        assert [line for line in unzipped if not line.startswith(b"DTSTAMP")] == [
            line for line in plain.content.splitlines() if not line.startswith(b"DTSTAMP")
        ]


class TestVeventCache:
    """A session's VEVENT is built once and reused by every feed until what it shows changes."""

    def vevent_of(self, client, url, session):
        body = client.get(url).content.decode().replace("\r\n ", "")
        start = body.index(f"UID:{session.ical_uid}")
        begin = body.rindex("BEGIN:VEVENT", 0, start)
        return body[begin : body.index("END:VEVENT", start)]

    def test_feeds_reuse_the_same_entry_then_rebuild_it_after_a_change(self, client, programme):
        session = programme["film_session"]
        with time_machine.travel(aware(2023, 11, 1, 9), tick=False):
            first = self.vevent_of(client, programme_feed_url(programme["edition"]), session)
        with time_machine.travel(aware(2023, 11, 1, 18), tick=False):
            # Built hours before for another feed: the same entry, DTSTAMP included.
            assert self.vevent_of(client, event_feed_url(programme["film"]), session) == first
            # Even a bulk update that leaves updated_at alone gives a new entry.
            Session.objects.filter(pk=session.pk).update(note="Version originale sous-titrée")
            changed = self.vevent_of(client, event_feed_url(programme["film"]), session)
        assert "Version originale sous-titrée" in changed
        assert "DTSTAMP:20231101T170000Z" in changed

    def test_cached_entries_are_those_icalendar_builds(self, client, programme):
        url = programme_feed_url(programme["edition"])
        client.get(url)  # Fills the VEVENT cache.
        cache.clear()  # Not the page: the next request serialises again, from cached entries.
        served = client.get(url).content
        caches["fragments"].clear()  # Every VEVENT built anew by icalendar.
        sessions = Session.objects.published().in_edition(programme["edition"]).with_related()
        built = ical.serialize_feed(
            sessions,
            name="Quinzaine du Japon 2023",
            absolute_url=lambda path: "http://testserver" + path,
        )

        def without_dtstamp(body):
            # The VEVENTs: the calendar's own lines (its description, source) are the view's.
            body = body[body.index(b"BEGIN:VEVENT") :]
            return [line for line in body.splitlines() if not line.startswith(b"DTSTAMP")]

        assert without_dtstamp(served) == without_dtstamp(built)


class TestFeedStamps:
    """What a feed's address may carry cannot grow the table of change stamps for ever."""

    def test_parameters_no_feed_reads_add_no_stamp(self, client, programme):
        url = programme_feed_url(programme["edition"])
        for n in range(250):
            client.get(f"{url}?utm_source=lettre-{n}")
            client.get(f"{url}?commune=&utm={n}")
        client.get(url)
        assert FeedStamp.objects.count() == 1

    def test_a_filter_has_one_stamp_however_it_is_written(self, client, programme):
        url = programme_feed_url(programme["edition"])
        for query in ("?gratuit=on", "?gratuit=on&x=1", "?gratuit=%20on%20&commune="):
            client.get(url + query)
        assert FeedStamp.objects.count() == 1

    def test_stamps_are_capped_least_recently_asked_first(self, client, programme, monkeypatch):
        monkeypatch.setattr("events.models.calendar.FEED_STAMPS_MAX", 50)
        url = programme_feed_url(programme["edition"])
        first = client.get(f"{url}?q=mot0")["Last-Modified"]
        for n in range(1, 200):
            client.get(f"{url}?q=mot{n}")
        assert FeedStamp.objects.count() <= 50
        assert FeedStamp.objects.filter(seen_at__lt=timezone.now()).count() <= 50
        # The first feed's stamp went: it starts again, never earlier than it was.
        cache.clear()
        again = client.get(f"{url}?q=mot0")["Last-Modified"]
        assert parse_http_date(again) >= parse_http_date(first)

    def test_unasked_stamps_are_pruned(self, client, programme):
        client.get(programme_feed_url(programme["edition"]))
        client.get(event_feed_url(programme["film"]))
        FeedStamp.objects.filter(key__in=FeedStamp.objects.values("key")[:1]).update(
            seen_at=timezone.now() - datetime.timedelta(days=61)
        )
        call_command("prune", stdout=io.StringIO())
        assert FeedStamp.objects.count() == 1
