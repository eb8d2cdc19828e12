"""Venue coordinates from the address service, tested against a fake one on this machine."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import add_form, admin_url, clean_spaces, errors_of, parse
from venues.models import Venue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organiser")]

FOUND = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [3.879608, 43.608291]},
            "properties": {
                "label": "1 Place de la Comédie 34000 Montpellier",
                "score": 0.93,
                "type": "housenumber",
            },
        }
    ],
}
NOTHING = {"type": "FeatureCollection", "features": []}


class FakeAddressService(BaseHTTPRequestHandler):
    """Answers like api-adresse.data.gouv.fr/search/, as the test sets it."""

    def do_GET(self):
        server = self.server
        server.queries.append(parse_qs(urlsplit(self.path).query))
        if server.answer == "slow":
            time.sleep(1.5)
        if server.answer == "broken":
            self.send_response(502)
            self.end_headers()
            self.wfile.write(b"<html>Bad gateway</html>")
            return
        found = getattr(server, "found", FOUND)
        body = json.dumps(NOTHING if server.answer == "nothing" else found).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # The client gave up (timeout).

    def log_message(self, *args):
        pass


@pytest.fixture
def address_service(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeAddressService)
    server.daemon_threads = True
    server.answer, server.queries = "found", []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.GEOCODER_URL = f"http://127.0.0.1:{server.server_port}/search/"
    yield server
    server.shutdown()
    server.server_close()


def find(client, q):
    return client.get(reverse("admin:venues_venue_geocode"), {"q": q})


class TestFindButton:
    def test_found_address_gives_coordinates(self, client, address_service):
        response = find(client, "1 place de la Comédie 34000 Montpellier")
        assert (response.status_code, response.json()) == (
            200,
            {
                "found": True,
                "latitude": "43.608291",
                "longitude": "3.879608",
                "label": "1 Place de la Comédie 34000 Montpellier",
                "message": "Trouvé : 1 Place de la Comédie 34000 Montpellier. Vérifiez "
                "l'épingle sur la carte.",
            },
        )
        assert address_service.queries == [
            {"q": ["1 place de la Comédie 34000 Montpellier"], "limit": ["1"]}
        ]

    def test_address_not_found_says_so(self, client, address_service):
        address_service.answer = "nothing"
        response = find(client, "nulle part")
        assert (response.status_code, response.json()) == (
            200,
            {
                "found": False,
                "message": "Aucune adresse trouvée pour « nulle part » : placez le lieu en "
                "cliquant sur la carte.",
            },
        )

    @pytest.mark.parametrize("answer", ["slow", "broken"])
    def test_slow_or_broken_service_answers_quickly(self, client, address_service, answer):
        address_service.answer = answer
        started = time.monotonic()
        response = find(client, "1 place de la Comédie 34000 Montpellier")
        assert time.monotonic() - started < 1.4
        assert (response.status_code, response.json()) == (
            503,
            {
                "found": False,
                "message": "Le service d'adresses ne répond pas : placez le lieu en cliquant "
                "sur la carte.",
            },
        )

    def test_unreachable_service_says_so(self, client):
        # tests/conftest.py points the service at a closed port.
        response = find(client, "1 place de la Comédie 34000 Montpellier")
        assert response.status_code == 503
        assert response.json()["found"] is False

    def test_empty_address_is_refused(self, client, address_service):
        response = find(client, " ")
        assert (response.status_code, response.json()["message"]) == (
            400,
            "Indiquez d'abord l'adresse ou la commune.",
        )
        assert address_service.queries == []

    def test_visitors_cannot_use_it(self, address_service):
        response = Client().get(reverse("admin:venues_venue_geocode"), {"q": "Montpellier"})
        assert response.url.startswith("/admin/login/")
        assert address_service.queries == []


def post_venue(client, **fields):
    data = add_form(client, Venue)
    data.update(
        {
            "name": "Opéra Comédie",
            "slug": "opera-comedie-montpellier",
            "address": "11 boulevard Victor Hugo",
            "postcode": "34000",
            "town": "Montpellier",
            "latitude": "",
            "longitude": "",
        }
    )
    data.update(fields)
    return client.post(admin_url(Venue, "add"), data, follow=True)


def notices(response):
    return [
        clean_spaces(li.get_text(strip=True)) for li in parse(response).select(".messagelist li")
    ]


class TestSaveFillsCoordinates:
    def test_found_address_fills_the_coordinates_and_says_so(self, client, address_service):
        response = post_venue(client)
        assert errors_of(response) == []
        venue = Venue.objects.get()
        assert (str(venue.latitude), str(venue.longitude)) == ("43.608291", "3.879608")
        assert notices(response)[0] == (
            "Coordonnées trouvées d'après l'adresse (« 1 Place de la Comédie 34000 Montpellier »)"
            " : vérifiez l'épingle sur la carte du lieu."
        )
        assert address_service.queries == [
            {"q": ["11 boulevard Victor Hugo 34000 Montpellier"], "limit": ["1"]}
        ]

    def test_unreachable_service_saves_and_says_coordinates_are_missing(self, client):
        response = post_venue(client)
        assert errors_of(response) == []
        assert Venue.objects.get().has_coordinates is False
        assert notices(response)[0] == (
            "Coordonnées manquantes : le lieu n'apparaîtra pas sur la carte du site. Le service "
            "d'adresses n'a pas répondu. Placez-le sur la carte de sa fiche, ou essayez « Trouver "
            "d'après l'adresse »."
        )

    def test_slow_service_saves_all_the_same(self, client, address_service):
        address_service.answer = "slow"
        response = post_venue(client)
        assert Venue.objects.get().has_coordinates is False
        assert "Le service d'adresses n'a pas répondu." in notices(response)[0]

    def test_address_not_found_saves_and_says_which(self, client, address_service):
        address_service.answer = "nothing"
        response = post_venue(client)
        assert Venue.objects.get().has_coordinates is False
        assert (
            "L'adresse « 11 boulevard Victor Hugo 34000 Montpellier » n'a pas été trouvée."
            in (notices(response)[0])
        )

    def test_venue_without_address_is_not_placed_on_its_town(self, client, address_service):
        response = post_venue(client, address="")
        assert Venue.objects.get().has_coordinates is False
        assert "Son adresse n'est pas indiquée." in notices(response)[0]
        assert address_service.queries == []

    def test_coordinates_given_are_kept_and_checked_against_the_address(
        self, client, address_service
    ):
        response = post_venue(client, latitude="43.610000", longitude="3.880000")
        assert str(Venue.objects.get().latitude) == "43.610000"
        assert [n for n in notices(response) if "Coordonnées" in n or "épingle" in n] == []
        assert len(address_service.queries) == 1


class TestMap:
    def test_form_shows_the_map_with_its_settings_and_no_inline_script(self, client, settings):
        settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
        page = parse(client.get(admin_url(Venue, "add")))
        map_ = page.select_one("[data-venue-location-map]")
        assert (map_["data-tiles"], map_["data-geocode-url"]) == (
            "https://tiles.example.org/{z}/{x}/{y}.png",
            reverse("admin:venues_venue_geocode"),
        )
        assert page.select_one("button[data-geocode]").get_text(strip=True) == (
            "Trouver d'après l'adresse"
        )
        sources = [script.get("src") for script in page.select("script")]
        assert {"/static/vendor/leaflet/leaflet.js", "/static/venues/js/location.js"} <= set(
            sources
        )
        inline = [s for s in page.select("script") if not s.get("src") and s.get_text(strip=True)]
        assert [s.get("type") for s in inline] == ["application/json"] * len(inline)


def answer_from(city, postcode, longitude=3.879608, latitude=43.608291):
    feature = FOUND["features"][0]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                **feature,
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                "properties": {**feature["properties"], "city": city, "postcode": postcode},
            }
        ],
    }


class TestLocationChecks:
    """The town against the postcode and the address, the pin against both: warned, kept."""

    def test_an_address_in_another_town_is_flagged(self, client, address_service):
        address_service.found = answer_from("Albi", "81000", 2.1483, 43.9289)
        response = post_venue(client, postcode="81000", town="Toulouse", department="")
        venue = Venue.objects.get()
        assert (venue.town, venue.department) == ("Toulouse", "81")
        assert (
            "Selon la Base adresse nationale, « 11 boulevard Victor Hugo » est à Albi (81000), "
            "pas à Toulouse (81000) : vérifiez la commune et le code postal."
        ) in notices(response)

    def test_a_pin_far_from_the_address_is_flagged(self, client, address_service):
        address_service.found = answer_from("Montpellier", "34000")
        # 80 km west of the address: a slip of the map.
        response = post_venue(client, latitude="43.600000", longitude="2.890000")
        assert str(Venue.objects.get().longitude) == "2.890000"
        assert [n for n in notices(response) if "épingle" in n] == [
            "L'épingle est à 80 km de l'adresse (« 1 Place de la Comédie 34000 Montpellier ») : "
            "vérifiez-la sur la carte du lieu."
        ]

    def test_a_pin_outside_occitanie_is_flagged_without_the_service(self, client):
        response = post_venue(client, latitude="48.856600", longitude="2.352200")
        assert (
            "Les coordonnées (48.856600, 2.352200) sont hors d'Occitanie : vérifiez l'épingle "
            "sur la carte du lieu."
        ) in notices(response)
        assert Venue.objects.get().has_coordinates

    def test_agreeing_town_postcode_and_pin_say_nothing(self, client, address_service):
        address_service.found = answer_from("Montpellier", "34000")
        response = post_venue(client, latitude="43.608300", longitude="3.879600")
        assert [n for n in notices(response) if "épingle" in n or "Base adresse" in n] == []


def test_a_venue_added_twice_is_refused_on_its_name(client):
    Venue.objects.create(
        name="Salle des fêtes", slug="salle-des-fetes-albi", town="Albi", postcode="81000"
    )
    # What the admin's script fills in the address field from the name and town.
    response = post_venue(
        client, name="Salle des Fêtes", town="albi", postcode="81000", slug="salle-des-fetes-albi"
    )
    # One message, on the name: none about the address field the script filled.
    assert errors_of(response) == [
        "Ce lieu existe déjà : « Salle des fêtes (Albi) ». Choisissez-le dans la liste des "
        "lieux plutôt que de le créer une seconde fois."
    ]
    assert Venue.objects.count() == 1
