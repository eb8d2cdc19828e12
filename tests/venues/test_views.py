import datetime
import json

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from PIL import Image

from events.models import Edition, Event, Session
from tests.factories import (
    aware,
    image_file,
    make_edition,
    make_event,
    make_session,
    make_venue,
)


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())


def soon(days, hour=15):
    """Return an aware datetime some days from now, at a given local hour."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def session_at(venue, starts_at, **event_fields):
    event = make_event(venue=venue, **event_fields)
    return make_session(event, starts_at=starts_at)


@pytest.mark.django_db
class TestVenueList:
    def test_groups_venues_by_department_then_town(self, client):
        for name, town, department in [
            ("Médiathèque", "Toulouse", "31"),
            ("Cinéma ABC", "Toulouse", "31"),
            ("Espace Culturel", "Blagnac", "31"),
            ("Carré d'Art", "Nîmes", "30"),
        ]:
            session_at(make_venue(name=name, town=town, department=department), soon(3))

        soup = soup_of(client.get(reverse("venues:list")))

        sections = soup.select("section.venues-department")
        assert [
            (
                text(section.h2),
                [
                    (text(h3), [text(a) for a in h3.find_next_sibling("ul").select("a")])
                    for h3 in section.find_all("h3")
                ],
            )
            for section in sections
        ] == [
            ("Gard (30)", [("Nîmes", ["Carré d'Art"])]),
            (
                "Haute-Garonne (31)",
                [("Blagnac", ["Espace Culturel"]), ("Toulouse", ["Cinéma ABC", "Médiathèque"])],
            ),
        ]
        assert [text(a) for a in soup.select("nav.mb-4 a[href^='#departement-']")] == [
            "Gard (30)",
            "Haute-Garonne (31)",
        ]
        assert [a["href"] for a in soup.select("nav.mb-4 a[href^='#departement-']")] == [
            "#departement-30",
            "#departement-31",
        ]

    def test_lists_only_venues_hosting_public_sessions(self, client):
        shown = make_venue(name="Lieu public")
        session_at(shown, soon(2))
        session_at(make_venue(name="Lieu d'un brouillon"), soon(2), status=Event.Status.DRAFT)
        hidden_edition = make_edition(is_published=False)
        session_at(make_venue(name="Lieu caché"), soon(2), edition=hidden_edition)
        make_venue(name="Lieu sans séance")

        soup = soup_of(client.get(reverse("venues:list")))

        assert [text(a) for a in soup.select(".venue-item .venue-name")] == ["Lieu public"]

    def test_marks_upcoming_sessions_count_and_past_only_venues(self, client):
        busy = make_venue(name="Lieu animé", is_motor_accessible=True)
        event = make_event(venue=busy)
        make_session(event, starts_at=soon(1))
        make_session(event, starts_at=soon(2))
        make_session(event, starts_at=soon(-30))
        past = make_venue(name="Lieu passé")
        session_at(past, soon(-30))

        soup = soup_of(client.get(reverse("venues:list")))

        assert [
            (text(item.select_one(".venue-name")), text(item.select_one(".venue-marks")))
            for item in soup.select(".venue-item")
        ] == [
            ("Lieu animé", "2 séances à venir accessible PMR"),
            ("Lieu passé", "Pas de séance à venir"),
        ]

    def test_a_session_at_another_venue_counts_for_that_venue(self, client):
        main = make_venue(name="Lieu principal")
        elsewhere = make_venue(name="Autre lieu")
        event = make_event(venue=main)
        make_session(event, starts_at=soon(1), venue=elsewhere)

        soup = soup_of(client.get(reverse("venues:list")))

        assert [text(a) for a in soup.select(".venue-item .venue-name")] == ["Autre lieu"]

    def test_gives_the_map_one_marker_per_venue_with_coordinates(self, client):
        located = make_venue(
            name="Carré d'Art", town="Nîmes", latitude="43.838500", longitude="4.356700"
        )
        session_at(located, soon(1))
        session_at(make_venue(name="Sans coordonnées", latitude=None, longitude=None), soon(1))

        soup = soup_of(client.get(reverse("venues:list")))

        assert json.loads(soup.find("script", id="venues-map-data").string) == [
            {
                "name": "Carré d'Art",
                "town": "Nîmes",
                "url": f"/lieux/{located.slug}/",
                "lat": 43.8385,
                "lng": 4.3567,
                "sessions": [
                    {
                        "when": _popup_day(soon(1)),
                        "datetime": soon(1).isoformat(),
                        "title": located.events.get().title,
                        "url": located.events.get().get_absolute_url(),
                        "status": "",
                    }
                ],
            }
        ]
        map_box = soup.find(id="venues-map")
        assert not map_box.has_attr("hidden")
        assert map_box["aria-label"] == "Carte des lieux"
        assert map_box["data-icon-url"] == "/static/vendor/leaflet/images/marker-icon.png"

    def test_loads_leaflet_from_the_site_without_inline_scripts(self, client):
        session_at(make_venue(), soon(1))

        soup = soup_of(client.get(reverse("venues:list")))

        scripts = soup.find_all("script")
        assert all(script["src"].startswith("/static/") for script in scripts if script.get("src"))
        assert [s.get("type") for s in scripts if not s.get("src")] == ["application/json"]
        sources = [script["src"] for script in scripts if script.get("src")]
        assert sources[-3:] == [
            "/static/vendor/leaflet/leaflet.js",
            "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
            "/static/venues/js/map.js",
        ]
        stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
        assert stylesheets[-4:] == [
            "/static/vendor/leaflet/leaflet.css",
            "/static/vendor/leaflet.markercluster/MarkerCluster.css",
            "/static/vendor/leaflet.markercluster/MarkerCluster.Default.css",
            "/static/venues/css/venues.css",
        ]
        assert not soup.find("main").select("[style]")

    def test_has_canonical_and_open_graph_tags(self, client):
        soup = soup_of(client.get(reverse("venues:list")))

        assert soup.find("link", rel="canonical")["href"] == "http://testserver/lieux/"
        assert soup.find("meta", property="og:url")["content"] == "http://testserver/lieux/"
        assert soup.find("meta", property="og:title")["content"] == "Les lieux du festival"
        assert [text(h) for h in soup.find_all("h1")] == ["Les lieux du festival"]

    def test_says_so_when_no_venue_is_announced(self, client):
        soup = soup_of(client.get(reverse("venues:list")))

        assert text(soup.find("h1").find_next("p")) == (
            "Les lieux seront annoncés avec le programme."
        )
        assert soup.find(id="venues-map") is None

    @pytest.mark.parametrize("count", [1, 12])
    def test_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries, count):
        edition = make_edition(is_current=True)
        for _ in range(count):
            venue = make_venue()
            session_at(venue, soon(1), edition=edition)
            guest = make_event(edition, venue=make_venue(latitude=None, longitude=None))
            make_session(guest, starts_at=soon(2), venue=venue)

        with django_assert_num_queries(VENUE_LIST_QUERIES):
            response = client.get(reverse("venues:list"))
        soup = soup_of(response)
        assert len(soup.select(".venue-item")) == count
        markers = json.loads(soup.find("script", id="venues-map-data").string)
        assert [len(marker["sessions"]) for marker in markers] == [2] * count


# Friday 14 November 2025 at noon in Paris: the popups' days are written out in full.
POPUP_NOW = aware(2025, 11, 14, 12)


@pytest.mark.django_db
class TestVenueListPopups:
    """Each pin's popup lists the venue's next events at their next session, then the venue."""

    @pytest.fixture(autouse=True)
    def frozen_time(self):
        with time_machine.travel(POPUP_NOW, tick=False):
            yield

    def markers(self, client):
        soup = soup_of(client.get(reverse("venues:list")))
        return {
            marker["name"]: marker
            for marker in json.loads(soup.find("script", id="venues-map-data").string)
        }

    def test_lists_the_next_three_events_once_each_in_time_order(self, client):
        venue = make_venue(name="Carré d'Art", town="Nîmes", department="30")
        edition = make_edition(slug="2025")
        exhibition = make_event(edition, venue=venue, title="Estampes japonaises", slug="estampes")
        for day in (15, 16, 17, 18):
            make_session(
                exhibition, starts_at=aware(2025, 11, day, 10), ends_at=aware(2025, 11, day, 18)
            )
        concert = make_event(edition, venue=venue, title="Concert de koto", slug="koto")
        make_session(concert, starts_at=aware(2025, 11, 15, 20, 30))
        make_session(concert, starts_at=aware(2025, 11, 13, 20, 30))
        guest = make_event(edition, venue=make_venue(), title="Atelier origami", slug="origami")
        make_session(guest, starts_at=aware(2025, 11, 16, 14), venue=venue)
        later = make_event(edition, venue=venue, title="Conférence", slug="conference")
        make_session(later, starts_at=aware(2025, 11, 20, 18))
        moved = make_event(edition, venue=venue, title="Ailleurs", slug="ailleurs")
        make_session(moved, starts_at=aware(2025, 11, 14, 18), venue=make_venue())
        draft = make_event(edition, venue=venue, title="Brouillon", status=Event.Status.DRAFT)
        make_session(draft, starts_at=aware(2025, 11, 14, 15))

        marker = self.markers(client)["Carré d'Art"]

        assert marker["url"] == f"/lieux/{venue.slug}/"
        assert marker["sessions"] == [
            {
                "when": "samedi 15 novembre à 10\xa0h",
                "datetime": "2025-11-15T10:00:00+01:00",
                "title": "Estampes japonaises",
                "url": "/2025/evenements/estampes/",
                "status": "",
            },
            {
                "when": "samedi 15 novembre à 20\xa0h\xa030",
                "datetime": "2025-11-15T20:30:00+01:00",
                "title": "Concert de koto",
                "url": "/2025/evenements/koto/",
                "status": "",
            },
            {
                "when": "dimanche 16 novembre à 14\xa0h",
                "datetime": "2025-11-16T14:00:00+01:00",
                "title": "Atelier origami",
                "url": "/2025/evenements/origami/",
                "status": "",
            },
        ]

    def test_words_days_spans_and_statuses(self, client):
        venue = make_venue(name="Halle aux grains")
        edition = make_edition(slug="2025")
        running = make_event(edition, venue=venue, title="Ikebana", slug="ikebana")
        make_session(
            running, starts_at=aware(2025, 11, 10), ends_at=aware(2025, 11, 25), is_all_day=True
        )
        coming = make_event(edition, venue=venue, title="Kimonos", slug="kimonos")
        make_session(
            coming, starts_at=aware(2025, 11, 16), ends_at=aware(2025, 11, 22), is_all_day=True
        )
        day = make_event(edition, venue=venue, title="Journée manga", slug="manga")
        make_session(
            day, starts_at=aware(2025, 11, 17), ends_at=aware(2025, 11, 18), is_all_day=True
        )

        other = make_venue(name="Cinéma ABC")
        cancelled = make_event(edition, venue=other, title="Projection", slug="projection")
        make_session(cancelled, starts_at=aware(2025, 11, 14, 18), status=Session.Status.CANCELLED)
        full = make_event(edition, venue=other, title="Thé", slug="the")
        make_session(full, starts_at=aware(2025, 11, 15, 11), status=Session.Status.FULL)
        called_off = make_event(edition, venue=other, title="Taiko", status=Event.Status.CANCELLED)
        make_session(called_off, starts_at=aware(2025, 11, 15, 21))

        markers = self.markers(client)

        assert [
            (s["when"], s["title"], s["status"]) for s in markers["Halle aux grains"]["sessions"]
        ] == [
            ("jusqu'au 24 novembre", "Ikebana", ""),
            ("du 16 au 21 novembre", "Kimonos", ""),
            ("lundi 17 novembre, toute la journée", "Journée manga", ""),
        ]
        assert [
            (s["when"], s["title"], s["status"]) for s in markers["Cinéma ABC"]["sessions"]
        ] == [
            ("vendredi 14 novembre à 18\xa0h", "Projection", "annulé"),
            ("samedi 15 novembre à 11\xa0h", "Thé", "complet"),
            ("samedi 15 novembre à 21\xa0h", "Taiko", "annulé"),
        ]

    def test_a_venue_with_nothing_coming_has_an_empty_list(self, client):
        venue = make_venue(name="Lieu passé")
        session_at(venue, aware(2025, 11, 1, 15))

        assert self.markers(client)["Lieu passé"]["sessions"] == []

    def test_names_and_titles_stay_text_in_the_page(self, client):
        venue = make_venue(name="<b>Salle</b> & cie", town="Nîmes")
        session_at(venue, aware(2025, 11, 15, 15), title="</script><script>alert(1)</script>")

        response = client.get(reverse("venues:list"))

        assert b"</script><script>alert(1)" not in response.content
        assert b"<b>Salle</b>" not in response.content
        marker = self.markers(client)["<b>Salle</b> & cie"]
        assert marker["sessions"][0]["title"] == "</script><script>alert(1)</script>"

    def test_offers_an_empty_live_region_for_the_map_notice(self, client):
        session_at(make_venue(), aware(2025, 11, 15, 15))

        soup = soup_of(client.get(reverse("venues:list")))

        notice = soup.find(id="venues-map-notice")
        assert (notice["role"], text(notice)) == ("status", "")
        assert notice["data-message"] == (
            "La carte ne peut pas s'afficher (pas de connexion ?). "
            "La liste des lieux ci-dessous reste utilisable."
        )
        assert soup.find(id="venues-map")["data-notice"] == "venues-map-notice"


@pytest.mark.django_db
class TestVenueDetail:
    def test_shows_address_access_and_practical_information(self, client):
        venue = make_venue(
            name="Carré d'Art",
            address="16 place de la Maison Carrée",
            postcode="30000",
            town="Nîmes",
            department="30",
            latitude="43.838500",
            longitude="4.356700",
            is_motor_accessible=True,
            access_notes="Tram T1, arrêt Maison Carrée.",
            practical_info="Entrée libre aux heures d'ouverture.",
            website="https://carreartmusee.example/",
        )

        soup = soup_of(client.get(venue.get_absolute_url()))

        assert text(soup.find("h1")) == "Carré d'Art"
        assert text(soup.select_one("p.lead")) == "Nîmes · Gard (30)"
        assert text(soup.find("address")) == "Carré d'Art 16 place de la Maison Carrée 30000 Nîmes"
        assert text(soup.find(id="access-title").parent) == (
            "Accès Handicap moteur (accessible PMR) Tram T1, arrêt Maison Carrée."
        )
        assert text(soup.find(id="practical-title").parent) == (
            "Informations pratiques Entrée libre aux heures d'ouverture."
        )
        assert soup.find("a", string="Site web du lieu")["href"] == "https://carreartmusee.example/"
        assert soup.find("a", string="Voir sur OpenStreetMap")["href"] == venue.osm_url
        assert json.loads(soup.find("script", id="venue-map-data").string) == [
            {
                "name": "Carré d'Art",
                "town": "Nîmes",
                "url": venue.get_absolute_url(),
                "lat": 43.8385,
                "lng": 4.3567,
            }
        ]

    def test_without_coordinates_has_no_map_but_an_openstreetmap_search(self, client):
        venue = make_venue(latitude=None, longitude=None, is_motor_accessible=False)

        soup = soup_of(client.get(venue.get_absolute_url()))

        assert soup.find(id="venue-map") is None
        assert soup.find("a", string="Voir sur OpenStreetMap")["href"].startswith(
            "https://www.openstreetmap.org/search?query="
        )
        assert not [s for s in soup.find_all("script") if "leaflet" in s.get("src", "")]
        assert text(soup.find(id="access-title").parent) == (
            "Accès Accessibilité non signalée : renseignez-vous auprès du lieu."
        )

    def test_lists_upcoming_public_sessions_by_day(self, client):
        venue = make_venue()
        concert = make_event(venue=venue, title="Concert de koto", is_free=False, price="10 €")
        make_session(concert, starts_at=soon(2, hour=20))
        make_session(concert, starts_at=soon(1, hour=18))
        make_session(concert, starts_at=soon(-3))
        workshop = make_event(venue=make_venue(), title="Atelier origami")
        make_session(workshop, starts_at=soon(1, hour=10), venue=venue)
        elsewhere = make_event(venue=venue, title="Ailleurs")
        make_session(elsewhere, starts_at=soon(1), venue=make_venue())
        make_session(make_event(venue=venue, status=Event.Status.DRAFT), starts_at=soon(1))
        hidden = make_edition(is_published=False)
        make_session(make_event(venue=venue, edition=hidden), starts_at=soon(1))

        soup = soup_of(client.get(venue.get_absolute_url()))

        days = soup.select("h3.venue-day")
        assert [
            (text(day), [text(row) for row in day.find_next_sibling("ul").select("li")])
            for day in days
        ] == [
            (
                _day(soon(1)),
                [
                    f"10 h Atelier origami {workshop.category} gratuit",
                    f"18 h Concert de koto {concert.category}",
                ],
            ),
            (_day(soon(2)), [f"20 h Concert de koto {concert.category}"]),
        ]
        assert soup.select_one(".venue-session a")["href"] == workshop.get_absolute_url()

    def test_shows_cancelled_and_full_sessions_with_their_status(self, client):
        venue = make_venue()
        event = make_event(venue=venue, title="Projection")
        make_session(event, starts_at=soon(1, hour=14), status=Session.Status.FULL)
        make_session(event, starts_at=soon(1, hour=18), status=Session.Status.CANCELLED)
        cancelled = make_event(venue=venue, title="Conférence", status=Event.Status.CANCELLED)
        make_session(cancelled, starts_at=soon(1, hour=20))

        soup = soup_of(client.get(venue.get_absolute_url()))

        assert [text(row) for row in soup.select(".venue-session")] == [
            f"14 h Projection {event.category} gratuit complète",
            f"18 h Projection {event.category} gratuit annulé",
            f"20 h Conférence {cancelled.category} gratuit annulé",
        ]

    def test_says_so_when_nothing_is_coming(self, client):
        venue = make_venue()
        session_at(venue, soon(-2))

        soup = soup_of(client.get(venue.get_absolute_url()))

        assert soup.select(".venue-session") == []
        assert text(soup.find(id="upcoming-title").find_next("p")) == (
            "Aucune séance à venir dans ce lieu pour le moment."
        )

    def test_offers_the_venue_calendar(self, client):
        venue = make_venue(name="Halle aux grains")

        soup = soup_of(client.get(venue.get_absolute_url()))

        alternate = soup.find("link", rel="alternate", type="text/calendar")
        assert alternate["href"] == f"/lieux/{venue.slug}.ics"
        hrefs = [a["href"] for a in soup.find(id="upcoming-title").parent.find_all("a")]
        assert f"http://testserver/lieux/{venue.slug}.ics?complet=1" in hrefs
        assert f"webcal://testserver/lieux/{venue.slug}.ics" in hrefs

    def test_shows_a_resized_photo(self, client, media_root):
        venue = make_venue(name="Halle aux grains")
        venue.photo.save("halle.png", image_file(size=(2400, 1600)))

        soup = soup_of(client.get(venue.get_absolute_url()))

        photo = soup.select_one("img.venue-photo")
        assert photo["alt"] == "Photo du lieu Halle aux grains"
        assert photo["src"].startswith("/media/resized/halle-")
        assert photo["src"] != venue.photo.url
        resized = media_root / photo["src"].removeprefix("/media/")
        with Image.open(resized) as image:
            assert image.size == (960, 640)
        og_image = soup.find("meta", property="og:image")["content"]
        assert og_image == f"http://testserver{photo['src']}"

    def test_has_canonical_and_open_graph_tags(self, client):
        venue = make_venue(name="Halle aux grains", town="Toulouse", address="1 place Dupuy")

        soup = soup_of(client.get(venue.get_absolute_url()))

        url = f"http://testserver/lieux/{venue.slug}/"
        assert soup.find("link", rel="canonical")["href"] == url
        assert soup.find("meta", property="og:url")["content"] == url
        assert soup.find("meta", property="og:title")["content"] == "Halle aux grains (Toulouse)"
        assert [h.name for h in soup.find("main").find_all(["h1", "h2", "h3"])][:2] == ["h1", "h2"]

    def test_unknown_venue_is_not_found(self, client):
        assert client.get("/lieux/nulle-part/").status_code == 404

    @pytest.mark.parametrize("count", [1, 10])
    def test_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries, count):
        venue = make_venue()
        for _ in range(count):
            session_at(venue, soon(1))

        with django_assert_num_queries(VENUE_DETAIL_QUERIES):
            response = client.get(venue.get_absolute_url())
        assert len(soup_of(response).select(".venue-session")) == count


def _day(moment):
    return date_format(timezone.localtime(moment), "l j F Y").capitalize()


def _popup_day(moment):
    local = timezone.localtime(moment)
    return f"{date_format(local, 'l j F')} à {local.hour}\xa0h"


# Venues (or venue) and sessions, with one query each for their venues, their events' venues
# and editions (Session.objects.with_related), and for a venue its past editions; plus the
# current edition read by the site's layout and the programme version read by the page cache.
VENUE_LIST_QUERIES = 7
VENUE_DETAIL_QUERIES = 7


@pytest.mark.django_db
class TestVenueArchive:
    """A venue's page and feed do not grow with the archive: past editions are links."""

    @pytest.fixture
    def venue_with_archive(self):
        venue = make_venue(name="Halle aux grains", slug="halle")
        current = make_edition(name="Quinzaine 2026", slug="2026", is_current=True)
        session_at(venue, soon(2), edition=current, title="Ikebana")
        for year in (2022, 2023):
            past = make_edition(
                name=f"Quinzaine {year}",
                slug=str(year),
                starts_on=datetime.date(year, 11, 10),
                ends_on=datetime.date(year, 11, 24),
            )
            session_at(
                venue,
                timezone.make_aware(datetime.datetime(year, 11, 12, 15)),
                edition=past,
                title=f"Concert {year}",
            )
        return venue

    def test_page_links_to_past_editions_filtered_on_the_venue(self, client, venue_with_archive):
        page = soup_of(client.get(venue_with_archive.get_absolute_url()))
        links = [(a.get_text(strip=True), a["href"]) for a in page.select(".venue-past-editions a")]
        assert links == [
            ("Quinzaine 2023", "/2023/programme/?lieu=halle"),
            ("Quinzaine 2022", "/2022/programme/?lieu=halle"),
        ]
        other = make_venue(slug="ailleurs")
        session_at(
            other,
            timezone.make_aware(datetime.datetime(2023, 11, 13, 15)),
            edition=Edition.objects.get(slug="2023"),
        )
        programme = soup_of(client.get("/2023/programme/?lieu=halle"))
        assert [t.get_text(strip=True) for t in programme.select(".session-title")] == [
            "Concert 2023"
        ]

    def test_feed_holds_the_current_edition_only(self, client, venue_with_archive):
        response = client.get("/lieux/halle.ics")
        summaries = [
            line for line in response.content.decode().splitlines() if line.startswith("SUMMARY")
        ]
        assert summaries == ["SUMMARY:Ikebana"]
