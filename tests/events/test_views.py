import datetime
import json

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import EditionPartner, Event, Session, Theme
from tests.factories import (
    aware,
    make_edition,
    make_event,
    make_festival,
    make_partner,
    make_session,
    make_venue,
)
from tests.helpers import parse, texts

pytestmark = pytest.mark.django_db


def chips(page):
    """Return the labels of the active filters' chips, without their removal hint."""
    return [
        text.removesuffix(" : retirer ce filtre ✕").strip()
        for text in texts(page.select(".active-filters .filter-chip"))
    ]


def programme_rows(response):
    """Return each day heading with the titles of its rows, as a visitor reads them."""
    page = parse(response)
    return [
        (
            texts(day.select("h2"))[0],
            texts(day.select(".session-title")),
        )
        for day in page.select("section.programme-day")
    ]


@pytest.fixture
def festival():
    base = make_festival()
    edition, tea = base.edition, base.tea
    toulouse, nimes, albi = base.toulouse, base.nimes, base.albi
    cooking, screening = base.cooking, base.screening
    tea.themes.add(Theme.objects.get(slug="culture"))
    ozu = make_event(
        edition,
        title="Projection Ozu",
        slug="projection-ozu",
        venue=toulouse,
        category=screening,
        is_free=False,
        price="6 €, 4 € réduit",
    )
    origami = make_event(
        edition, title="Atelier origami", venue=nimes, category=cooking, audience="young"
    )
    touring = make_event(edition, title="Calligraphie itinérante", venue=toulouse)
    cancelled = make_event(
        edition, title="Taiko annulé", venue=albi, category=screening, status="cancelled"
    )
    make_event(edition, title="Brouillon secret", venue=albi, status="draft")
    sessions = {
        "tea": make_session(tea, aware(2023, 11, 15, 14)),
        "tea_full": make_session(tea, aware(2023, 11, 16, 14), status=Session.Status.FULL),
        "ozu": make_session(ozu, aware(2023, 11, 15, 20), status=Session.Status.POSTPONED),
        "origami": make_session(origami, aware(2023, 11, 15, 10)),
        "touring_albi": make_session(touring, aware(2023, 11, 18, 10), venue=albi),
        "taiko": make_session(cancelled, aware(2023, 11, 18, 20)),
        "exhibition": make_session(
            make_event(edition, title="Estampes", venue=nimes),
            aware(2023, 11, 14),
            aware(2023, 11, 17),
            is_all_day=True,
        ),
    }
    make_session(Event.objects.get(title="Brouillon secret"), aware(2023, 11, 15, 9))
    return {"edition": edition, "sessions": sessions, "tea": tea, "ozu": ozu}


class TestProgramme:
    def test_sessions_are_grouped_by_day_in_time_order(self, client, festival):
        response = client.get("/2023/programme/")
        assert programme_rows(response) == [
            ("Expositions et rendez-vous de plusieurs jours", ["Estampes"]),
            ("Mercredi 15 novembre", ["Atelier origami", "Cérémonie du thé", "Projection Ozu"]),
            ("Jeudi 16 novembre", ["Cérémonie du thé"]),
            ("Samedi 18 novembre", ["Calligraphie itinérante", "Taiko annulé"]),
        ]
        assert texts(parse(response).select(".programme-count")) == ["7 séances"]

    def test_rows_show_time_place_badges_and_status(self, client, festival):
        page = parse(client.get("/2023/programme/"))
        rows = [
            (
                texts(row.select(".session-time"))[0],
                texts(row.select(".session-title"))[0],
                texts(row.select(".session-place"))[0],
                texts(row.select(".session-badges li")),
            )
            for row in page.select(".session-row")
        ]
        toulouse = "Toulouse · Médiathèque José Cabanis"
        assert rows == [
            ("toute la journée", "Estampes", "Nîmes · Carré d'Art", ["gratuit"]),
            (
                "10 h à – 12 h",
                "Atelier origami",
                "Nîmes · Carré d'Art",
                ["gratuit", "jeune public"],
            ),
            (
                "14 h à – 16 h",
                "Cérémonie du thé",
                toulouse,
                ["gratuit", "sur réservation", "accessible PMR"],
            ),
            # A paid event shows its price, said « Tarif : » to screen readers.
            (
                "20 h à – 22 h",
                "Projection Ozu",
                toulouse,
                ["reporté", "Tarif : 6 €, 4 € réduit", "accessible PMR"],
            ),
            (
                "14 h à – 16 h",
                "Cérémonie du thé",
                toulouse,
                ["complet", "gratuit", "sur réservation", "accessible PMR"],
            ),
            ("10 h à – 12 h", "Calligraphie itinérante", "Albi · Scène Nationale", ["gratuit"]),
            ("20 h à – 22 h", "Taiko annulé", "Albi · Scène Nationale", ["annulé", "gratuit"]),
        ]
        assert texts(page.select(".session-row.is-cancelled .session-title")) == ["Taiko annulé"]
        assert texts(page.select(".session-category"))[0] == (
            "Exposition · tous les jours du 14 novembre au 16 novembre"
        )

    def test_draft_events_stay_out(self, client, festival):
        response = client.get("/2023/programme/")
        assert "Brouillon secret" not in response.content.decode()

    def test_filters_combine_and_live_in_the_url(self, client, festival):
        response = client.get("/2023/programme/?commune=Toulouse&gratuit=on&jour=2023-11-15")
        assert programme_rows(response) == [("Mercredi 15 novembre", ["Cérémonie du thé"])]
        page = parse(response)
        assert texts(page.select(".programme-count")) == ["1 séance"]
        assert chips(page) == ["mercredi 15 novembre", "Toulouse", "gratuit"]
        assert page.select_one("#id_commune option[selected]")["value"] == "Toulouse"
        assert page.select_one("#id_gratuit").has_attr("checked")
        assert page.select_one("form.programme-filter-form")["method"] == "get"

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("departement=81", ["Calligraphie itinérante", "Taiko annulé"]),
            ("categorie=projection", ["Projection Ozu", "Taiko annulé"]),
            ("theme=culture", ["Cérémonie du thé", "Cérémonie du thé"]),
            ("public=young", ["Atelier origami"]),
            ("pmr=on", ["Cérémonie du thé", "Projection Ozu", "Cérémonie du thé"]),
            ("du=2023-11-16&au=2023-11-17", ["Estampes", "Cérémonie du thé"]),
            ("q=cabanis", ["Cérémonie du thé", "Projection Ozu", "Cérémonie du thé"]),
            ("commune=Albi&categorie=projection", ["Taiko annulé"]),
        ],
    )
    def test_each_filter(self, client, festival, query, expected):
        response = client.get(f"/2023/programme/?{query}")
        assert texts(parse(response).select(".session-title")) == expected

    def test_a_session_begun_earlier_shows_under_the_first_day_chosen(self, client, festival):
        response = client.get("/2023/programme/?jour=2023-11-16")
        assert programme_rows(response) == [("Jeudi 16 novembre", ["Estampes", "Cérémonie du thé"])]

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("jour=2023-02-30", "« 2023-02-30 » ne correspond à aucun choix de « Jour »"),
            ("du=demain", "« demain » ne correspond à aucun choix de « Du »"),
            ("categorie=%27%20OR%201%3D1%20--", "« ' OR 1=1 -- » ne correspond à aucun choix"),
        ],
        ids=["bad-day", "bad-date", "injection-category"],
    )
    def test_values_matching_no_choice_show_no_session_with_a_message(
        self, client, festival, query, message
    ):
        response = client.get(f"/2023/programme/?{query}")
        page = parse(response)
        assert response.status_code == 200
        alerts = texts(page.select(".site-messages .alert"))
        assert len(alerts) == 1
        assert alerts[0].startswith(message)
        assert texts(page.select(".programme-count"))[0].startswith("Aucune séance")

    def test_a_town_without_sessions_shows_none(self, client, festival):
        response = client.get("/2023/programme/?commune=Sète")
        page = parse(response)
        assert texts(page.select(".site-messages .alert")) == []
        assert texts(page.select(".programme-count")) == ["Aucune séance"]
        assert chips(page) == ["Sète"]
        assert page.select_one("#id_commune option[selected]")["value"] == "Sète"

    def test_a_long_search_is_cut(self, client, festival):
        response = client.get("/2023/programme/?q=" + "a" * 5000)
        page = parse(response)
        assert texts(page.select(".site-messages .alert")) == []
        assert texts(page.select(".programme-count")) == ["Aucune séance"]
        assert chips(page) == [f"« {'a' * 100} »"]

    @pytest.mark.parametrize("text", ["<script>alert(1)</script>", "' OR 1=1 --"])
    def test_search_strings_are_plain_text(self, client, festival, text):
        response = client.get("/2023/programme/", {"q": text})
        page = parse(response)
        assert page.select("script:not([src]):not([type])") == []
        assert "<script>alert" not in response.content.decode()
        assert texts(page.select(".programme-count")) == ["Aucune séance"]
        assert chips(page) == [f"« {text} »"]
        assert page.select_one("#id_q")["value"] == text

    def test_empty_state_offers_to_reset(self, client, festival):
        page = parse(client.get("/2023/programme/?q=sumo"))
        empty = page.select_one(".empty-state")
        assert texts(empty.select("p"))[0] == "Aucune séance ne correspond à ces critères."
        assert empty.select_one("a")["href"] == "/2023/programme/"

    def test_day_links_keep_other_filters_and_count_sessions(self, client, festival):
        page = parse(client.get("/2023/programme/?commune=Toulouse&page=2"))
        links = {a.get_text(" ", strip=True): a["href"] for a in page.select(".day-nav a")}
        assert links["Tous les jours"] == "?commune=Toulouse"
        assert links["mer 15 novembre, (2)"] == "?commune=Toulouse&jour=2023-11-15"
        assert links["jeu 16 novembre, (1)"] == "?commune=Toulouse&jour=2023-11-16"
        assert len(links) == 3

    def test_current_programme_redirects_keeping_the_query(self, client, festival):
        response = client.get("/programme/?commune=Albi&gratuit=on")
        assert response.status_code == 302
        assert response["Location"] == "/2023/programme/?commune=Albi&gratuit=on"

    def test_long_programme_is_paginated(self, client, festival, monkeypatch):
        monkeypatch.setattr("events.views.programme.PROGRAMME_PAGE_SIZE", 3)
        first = parse(client.get("/2023/programme/?pmr=on&page=1"))
        assert texts(first.select(".session-title")) == [
            "Cérémonie du thé",
            "Projection Ozu",
            "Cérémonie du thé",
        ]
        # The exhibition spans several days: one row, above the days, on the first page only.
        page = parse(client.get("/2023/programme/?page=2"))
        assert texts(page.select(".session-title")) == [
            "Cérémonie du thé",
            "Calligraphie itinérante",
            "Taiko annulé",
        ]
        assert [a["href"] for a in page.select(".pagination a[rel]")] == ["?page=1"]
        assert texts(page.select(".pagination a")) == ["Précédente", "Page 1", "Page 2"]

    def test_whole_programme_fits_one_page_for_printing(self, client, festival, monkeypatch):
        monkeypatch.setattr("events.views.programme.PROGRAMME_PAGE_SIZE", 3)
        first = parse(client.get("/2023/programme/?gratuit=on"))
        link = first.select_one("a.programme-all-link")
        assert link["href"] == "?gratuit=on&page=tout"
        everything = parse(client.get("/2023/programme/" + link["href"]))
        assert len(everything.select(".session-title")) == int(
            first.select_one(".programme-count").get_text().split()[0]
        )
        assert everything.select(".pagination") == []

    def test_calendar_links_follow_the_filters(self, client, festival):
        # Before the edition ends: over, it offers its programme to download only.
        with time_machine.travel(aware(2023, 11, 1, 9), tick=False):
            page = parse(client.get("/2023/programme/?commune=Toulouse&gratuit=on"))
        alternate = page.select_one('link[rel="alternate"][type="text/calendar"]')
        assert alternate["href"] == (
            "http://testserver/2023/programme.ics?commune=Toulouse&gratuit=on"
        )
        assert page.select_one("a.calendar-subscribe")["href"] == (
            "webcal://testserver/2023/programme.ics?commune=Toulouse&gratuit=on"
        )

    def test_unknown_or_unpublished_edition_is_404(self, client, festival):
        make_edition(slug="2025", is_published=False)
        assert client.get("/2099/programme/").status_code == 404
        response = client.get("/2025/programme/")
        assert response.status_code == 404
        assert texts(parse(response).select("h1")) == ["Page introuvable"]

    def test_query_count_does_not_grow_with_the_programme(
        self, client, festival, django_assert_max_num_queries
    ):
        with CaptureQueriesContext(connection) as small:
            client.get("/2023/programme/?commune=Toulouse&categorie=projection")
        event = festival["ozu"]
        for day in range(10, 25):
            venue = make_venue(town=f"Ville {day}")
            make_session(event, aware(2023, 11, day, 9), venue=venue)
            make_session(make_event(festival["edition"], venue=venue), aware(2023, 11, day, 11))
        with django_assert_max_num_queries(len(small)):
            response = client.get("/2023/programme/?commune=Toulouse&categorie=projection")
        # The edition, the session rows (and their venues and edition), the day counts, the
        # towns (filter choices), the categories and themes (choices and chosen), the
        # current edition (layout), the next edition (this one is over), plus the
        # programme version and its cache.
        assert len(small) == 12
        assert response.status_code == 200


class TestEventPage:
    def test_a_touring_event_pairs_each_date_with_its_town(self, client, db):
        edition = make_edition(slug="2023")
        albi = make_venue(name="Scène nationale", town="Albi")
        toulouse = make_venue(name="Médiathèque", town="Toulouse")
        tour = make_event(edition, title="Taiko en tournée", slug="tournee")
        make_session(tour, aware(2023, 11, 12, 10), venue=make_venue(town="Nîmes"))
        make_session(tour, aware(2023, 11, 14, 10), venue=albi)
        make_session(tour, aware(2023, 11, 16, 10), venue=toulouse)
        with time_machine.travel(aware(2023, 11, 13, 9), tick=False):
            page = parse(client.get(tour.get_absolute_url()))
        # (get_text puts a space between the town's <strong> and its comma.)
        dates = [text.replace(" ,", ",") for text in texts(page.select(".key-dates li"))]
        assert dates == [
            "Mardi 14 novembre 2023 · 10 h – 12 h · Albi, Scène nationale",
            "Jeudi 16 novembre 2023 · 10 h – 12 h · Toulouse, Médiathèque",
        ]
        # Nîmes is past: « Où » lists the places still to come.
        where = page.select(".event-key-facts dd")[1]
        assert [a.get_text() for a in where.select("a")] == ["Scène nationale", "Médiathèque"]

    def test_shows_sessions_venue_booking_and_calendar(self, client, festival):
        page = parse(client.get("/2023/evenements/ceremonie-du-the/"))
        assert texts(page.select("h1")) == ["Cérémonie du thé"]
        assert texts(page.select(".event-sessions li strong")) == [
            "Mercredi 15 novembre 2023",
            "Jeudi 16 novembre 2023",
        ]
        assert [len(li.select(".badge")) for li in page.select(".event-sessions li")] == [1, 2]
        assert texts(page.select(".event-sessions .is-past .badge.text-bg-secondary")) == [
            "passée",
            "passée",
        ]
        venue = festival["tea"].venue
        assert texts(page.select("address")) == [f"{venue.address} 31000 Toulouse"]
        osm = page.select_one("a[href*='openstreetmap']")
        assert osm["href"].startswith("https://www.openstreetmap.org/?mlat=43.604500")
        facts = dict(
            zip(
                texts(page.select(".event-facts dt")),
                texts(page.select(".event-facts dd")),
                strict=True,
            )
        )
        assert facts["Thèmes"] == "Culture"
        key_facts = dict(
            zip(
                texts(page.select(".event-key-facts dt")),
                texts(page.select(".event-key-facts dd")),
                strict=True,
            )
        )
        assert key_facts == {
            "Quand": "Mercredi 15 novembre 2023 · 14 h – 16 h passée "
            "Jeudi 16 novembre 2023 · 14 h – 16 h complet passée",
            "Où": "Médiathèque José Cabanis , Toulouse",
            "Accessibilité": "Handicap moteur (accessible PMR)",
            "Tarif": "gratuit",
            "Réservation": "Réservation obligatoire the@example.org",
        }
        agenda = page.select_one("section.event-calendar")
        assert texts(agenda.select("h2")) == ["Ajouter à mon agenda"]
        assert agenda.select_one("a.calendar-download")["href"] == (
            "http://testserver/2023/evenements/ceremonie-du-the.ics?complet=1"
        )
        # Past sessions keep their Google link: the archive stays usable.
        assert [
            len(li.select(".session-google-link")) for li in page.select(".event-sessions li")
        ] == [1, 1]

    def test_key_facts_fold_a_daily_series_and_show_places(self, client, festival):
        event = make_event(
            festival["edition"],
            title="Estampes du jour",
            slug="estampes-jour",
            description="Des estampes.",
        )
        for day in range(10, 25):
            if day not in (13, 20):  # Closed on Mondays.
                make_session(event, aware(2023, 11, day, 10), aware(2023, 11, day, 18))
        make_session(event, aware(2023, 11, 24, 20), capacity=30)
        with time_machine.travel(aware(2023, 11, 12, 9), tick=False):
            page = parse(client.get(event.get_absolute_url()))
        dates = texts(page.select(".event-key-facts .key-dates li"))
        assert dates == [
            "Tous les jours du 12 novembre au 24 novembre sauf le lundi · 10 h – 18 h",
            "Vendredi 24 novembre 2023 · 20 h – 22 h jauge : 30 places",
        ]
        # Key facts, then the description, then the calendar links.
        order = [
            node["class"][0]
            for node in page.select(".event-key-facts, .event-calendar, .event-description")
        ]
        assert order == ["event-key-facts", "event-description", "event-calendar"]

    def test_upcoming_sessions_are_not_marked_past(self, client):
        edition = make_edition(slug="futur")
        event = make_event(edition, slug="bientot")
        make_session(event, timezone.now() + datetime.timedelta(days=3))
        page = parse(client.get("/futur/evenements/bientot/"))
        assert page.select(".event-sessions .is-past") == []
        assert len(page.select(".event-sessions .session-google-link")) == 1

    def test_share_links_and_canonical(self, client, festival):
        page = parse(client.get("/2023/evenements/ceremonie-du-the/"))
        url = "http://testserver/2023/evenements/ceremonie-du-the/"
        assert page.select_one('link[rel="canonical"]')["href"] == url
        assert page.select_one('meta[property="og:url"]')["content"] == url
        assert page.select_one('meta[property="og:title"]')["content"] == "Cérémonie du thé"
        assert [a["href"].split("?")[0] for a in page.select(".share-links a")] == [
            "mailto:",
            "https://www.facebook.com/sharer/sharer.php",
            "https://x.com/intent/post",
            "https://wa.me/",
        ]
        assert page.select_one("#share-url")["value"] == url
        assert page.select("script[src^='http']") == []

    def test_json_ld_describes_each_session(self, client, festival):
        festival["ozu"].organisers.add(make_partner(name="Cinémathèque", website="https://c.fr"))
        Event.objects.filter(pk=festival["ozu"].pk).update(is_audio_described=True)
        page = parse(client.get("/2023/evenements/projection-ozu/"))
        data = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert data == [
            {
                "@context": "https://schema.org",
                "@type": "Event",
                "name": "Projection Ozu",
                "description": "Un moment de culture japonaise.",
                "url": "http://testserver/2023/evenements/projection-ozu/",
                "startDate": "2023-11-15T20:00:00+01:00",
                "endDate": "2023-11-15T22:00:00+01:00",
                "eventStatus": "https://schema.org/EventPostponed",
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "inLanguage": "fr",
                "accessibilityFeature": ["audioDescription"],
                "location": {
                    "@type": "Place",
                    "name": "Médiathèque José Cabanis",
                    "address": {
                        "@type": "PostalAddress",
                        "streetAddress": festival["ozu"].venue.address,
                        "postalCode": "31000",
                        "addressLocality": "Toulouse",
                        "addressRegion": "Haute-Garonne (31)",
                        "addressCountry": "FR",
                    },
                    "amenityFeature": [
                        {
                            "@type": "LocationFeatureSpecification",
                            "name": "Handicap moteur (accessible PMR)",
                            "value": True,
                        }
                    ],
                    "geo": {"@type": "GeoCoordinates", "latitude": 43.6045, "longitude": 1.444},
                },
                "offers": {
                    "@type": "Offer",
                    "url": "http://testserver/2023/evenements/projection-ozu/",
                    "price": "6",
                    "priceCurrency": "EUR",
                    "description": "6 €, 4 € réduit",
                    "availability": "https://schema.org/InStock",
                },
                "organizer": [
                    {"@type": "Organization", "name": "Cinémathèque", "url": "https://c.fr"}
                ],
            }
        ]

    def test_json_ld_marks_cancelled_events_and_cannot_be_closed_early(self, client, festival):
        event = Event.objects.get(title="Taiko annulé")
        event.title = "Taiko </script><script>alert(1)</script>"
        event.save()
        response = client.get(event.get_absolute_url())
        raw = response.content.decode()
        assert "</script><script>alert(1)" not in raw
        data = json.loads(parse(response).select_one('script[type="application/ld+json"]').string)
        assert data[0]["name"] == "Taiko </script><script>alert(1)</script>"
        assert data[0]["eventStatus"] == "https://schema.org/EventCancelled"
        assert texts(parse(response).select(".alert-danger")) == ["Cet événement est annulé."]

    def test_related_events_share_category_or_venue(self, client, festival):
        page = parse(client.get("/2023/evenements/projection-ozu/"))
        titles = texts(page.select("#related-title ~ .row .card-title"))
        assert titles == [
            "Calligraphie itinérante",
            "Cérémonie du thé",
            "Taiko annulé",
        ]

    def test_unknown_slug_is_404(self, client, festival):
        assert client.get("/2023/evenements/inconnu/").status_code == 404
        assert client.get("/2099/evenements/ceremonie-du-the/").status_code == 404

    def test_draft_is_404_for_the_public_and_other_users(self, client, festival):
        draft = Event.objects.get(title="Brouillon secret")
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(User.objects.create_user("visiteur", is_staff=False))
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_staff_with_view_permission_previews_a_draft(self, client, festival):
        draft = Event.objects.get(title="Brouillon secret")
        staff = User.objects.create_user("orga", is_staff=True)
        client.force_login(staff)
        assert client.get(draft.get_absolute_url()).status_code == 404
        staff.user_permissions.add(Permission.objects.get(codename="view_event"))
        page = parse(client.get(draft.get_absolute_url()))
        assert texts(page.select(".draft-banner")) == ["Brouillon – non publié"]
        assert page.select_one('meta[name="robots"]')["content"] == "noindex"

    def test_event_of_unpublished_edition_is_404(self, client):
        edition = make_edition(slug="cachee", is_published=False)
        event = make_event(edition, slug="secret")
        assert client.get("/cachee/evenements/secret/").status_code == 404
        assert event.get_absolute_url() == "/cachee/evenements/secret/"

    def test_query_count_is_fixed(self, client, festival, django_assert_num_queries):
        event = festival["tea"]
        for number in range(5):
            event.organisers.add(make_partner())
            make_session(event, aware(2023, 11, 20 + number % 4, 10 + number))
        # The event with its organisers and themes, its sessions, related events and their
        # sessions, and the current edition read by the layout.
        with django_assert_num_queries(8):
            response = client.get(event.get_absolute_url())
        assert len(parse(response).select(".event-sessions li")) == 7


class TestEditionPage:
    def test_home_shows_the_current_edition(self, client, festival):
        edition = festival["edition"]
        Event.objects.filter(title="Atelier origami").update(highlight="opening")
        Event.objects.filter(title="Estampes").update(highlight="closing")
        Event.objects.filter(title="Projection Ozu").update(is_featured=True)
        founder = make_partner(name="Région Occitanie")
        media = make_partner(name="La Dépêche")
        EditionPartner.objects.create(edition=edition, partner=media, role="media")
        EditionPartner.objects.create(edition=edition, partner=founder, role="founding")
        page = parse(client.get("/"))
        assert texts(page.select("h1")) == ["Quinzaine du Japon 2023"]
        assert texts(page.select(".edition-dates")) == ["Du 10 novembre au 24 novembre 2023"]
        assert texts(page.select(".event-card .highlight-label")) == ["Lancement", "Clôture"]
        assert texts(page.select(".event-card .card-title")) == [
            "Atelier origami",
            "Estampes",
            "Projection Ozu",
        ]
        assert texts(page.select("#partners-title ~ h3")) == [
            "Membres fondateurs",
            "Partenaires médias",
        ]
        assert texts(page.select(".partner-logos a")) == ["Région Occitanie", "La Dépêche"]
        assert page.select_one(".btn-lg")["href"] == "/2023/programme/"
        assert page.select("#today-title") == []

    def test_today_and_weekend_during_the_festival(self, client):
        today = timezone.localdate()
        edition = make_edition(
            slug="live", is_current=True, starts_on=today, ends_on=today + datetime.timedelta(8)
        )
        now = timezone.localtime()
        make_session(
            make_event(edition, title="Ce soir"),
            now.replace(hour=23, minute=0, second=0, microsecond=0),
            now.replace(hour=23, minute=30, second=0, microsecond=0),
        )
        saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7 or 7)
        if today.weekday() == 5:
            saturday = today
        make_session(
            make_event(edition, title="Samedi taiko"),
            timezone.make_aware(datetime.datetime.combine(saturday, datetime.time(23, 0))),
        )
        page = parse(client.get("/live/"))
        assert texts(page.select("#today-title + ul .session-title"))[0] == "Ce soir"
        assert "Samedi taiko" in texts(page.select("#weekend-title + ul .session-title"))

    def test_query_count_is_fixed(self, client, festival, django_assert_num_queries):
        for _number in range(4):
            event = make_event(festival["edition"], is_featured=True)
            make_session(event)
            EditionPartner.objects.create(edition=festival["edition"], partner=make_partner())
        # The edition, its highlighted and featured events, their sessions, its partners,
        # the next edition (this one is over), and the current edition read by the layout.
        with django_assert_num_queries(7):
            response = client.get("/2023/")
        assert len(parse(response).select(".partner-logos li")) == 4

    def test_unpublished_edition_is_404(self, client):
        make_edition(slug="brouillon", is_published=False)
        assert client.get("/brouillon/").status_code == 404


class TestDuringTheFestival:
    """The home page of a running edition shows today's and this weekend's sessions."""

    @pytest.fixture
    def running(self):
        today = timezone.localdate()
        saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:
            saturday = today - datetime.timedelta(days=1)
        edition = make_edition(
            slug="en-cours",
            starts_on=today - datetime.timedelta(days=3),
            ends_on=today + datetime.timedelta(days=12),
            is_current=True,
        )

        def at(day, hour):
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

        later = saturday + datetime.timedelta(days=3)
        make_session(make_event(edition, title="Atelier du jour"), at(today, 12))
        make_session(make_event(edition, title="Tournoi du samedi"), at(saturday, 15))
        make_session(make_event(edition, title="Conférence plus tard"), at(later, 18))
        return today, saturday

    def test_home_lists_todays_and_this_weekends_sessions(self, client, running):
        today, saturday = running
        page = parse(client.get("/"))
        today_block = page.select_one("section[aria-labelledby=today-title]")
        weekend_block = page.select_one("section[aria-labelledby=weekend-title]")
        assert texts(today_block.select(".session-title")) == (
            ["Atelier du jour", "Tournoi du samedi"] if today == saturday else ["Atelier du jour"]
        )
        weekend_titles = texts(weekend_block.select(".session-title"))
        assert "Tournoi du samedi" in weekend_titles
        assert "Conférence plus tard" not in weekend_titles + texts(
            today_block.select(".session-title")
        )

    def test_finished_edition_has_no_today_block(self, client, festival):
        page = parse(client.get("/2023/"))
        assert page.select("section[aria-labelledby=today-title]") == []
        assert page.select("section[aria-labelledby=weekend-title]") == []


@pytest.mark.django_db
def test_pages_name_their_icons_and_favicon_ico_leads_to_one(client):
    make_edition(is_current=True)
    page = parse(client.get("/"))
    links = page.select("link[rel=icon], link[rel=apple-touch-icon]")
    assert [(link["rel"][0], link["href"]) for link in links] == [
        ("icon", "/static/icons/favicon.svg"),
        ("icon", "/static/icons/favicon-32.png"),
        ("apple-touch-icon", "/static/icons/apple-touch-icon.png"),
    ]
    for link in links:
        assert finders.find(link["href"].removeprefix("/static/")), link["href"]
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/icons/favicon-32.png")
