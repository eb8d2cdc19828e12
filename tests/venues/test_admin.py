import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_venue
from tests.helpers import add_form, admin_url, errors_of, parse, png_bytes
from venues.models import Venue

# Every page is seen by a member of the Organisateurs group.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organiser")]


def names(response):
    return [
        cell.get_text(strip=True) for cell in parse(response).select("#result_list .field-name")
    ]


@pytest.fixture
def venues():
    make_venue(name="Arènes", town="Nîmes", department="30", is_motor_accessible=True)
    make_venue(name="Carré d'Art", town="Nîmes", department="30")
    make_venue(name="Musée", town="Albi", department="81", address="Palais de la Berbie")


class TestVenueChangelist:
    def test_lists_by_town_then_name(self, client, venues):
        assert names(client.get(admin_url(Venue))) == ["Musée", "Arènes", "Carré d'Art"]

    def test_filters_by_department_town_and_access(self, client, venues):
        assert names(client.get(admin_url(Venue), {"department__exact": "81"})) == ["Musée"]
        assert names(client.get(admin_url(Venue), {"town": "Nîmes"})) == ["Arènes", "Carré d'Art"]
        response = client.get(admin_url(Venue), {"is_motor_accessible__exact": "1"})
        assert names(response) == ["Arènes"]

    def test_search_finds_the_address(self, client, venues):
        assert names(client.get(admin_url(Venue), {"q": "Berbie"})) == ["Musée"]


class TestVenueForm:
    def venue_form(self, client, **fields):
        data = add_form(client, Venue)
        data.update(
            {
                "name": "Médiathèque",
                "slug": "mediatheque-albi",
                "town": "Albi",
                "department": "81",
                "latitude": "43.928600",
                "longitude": "2.142100",
            }
        )
        data.update(fields)
        return data

    def test_one_coordinate_alone_is_refused(self, client):
        response = client.post(admin_url(Venue, "add"), self.venue_form(client, longitude=""))
        assert errors_of(response) == ["Indiquez la latitude et la longitude, ou aucune des deux."]
        assert Venue.objects.count() == 0

    def test_latitude_off_the_earth_is_refused(self, client):
        response = client.post(admin_url(Venue, "add"), self.venue_form(client, latitude="143.5"))
        assert errors_of(response) == [
            "Assurez-vous que cette valeur est inférieure ou égale à 90."
        ]
        assert Venue.objects.count() == 0

    def test_venue_without_coordinates_is_fine(self, client):
        response = client.post(
            admin_url(Venue, "add"), self.venue_form(client, latitude="", longitude="")
        )
        assert errors_of(response) == []
        assert Venue.objects.get().has_coordinates is False

    def test_photo_shows_as_a_thumbnail(self, client):
        photo = SimpleUploadedFile("facade.png", png_bytes(300, 200), "image/png")
        response = client.post(admin_url(Venue, "add"), self.venue_form(client, photo=photo))
        assert errors_of(response) == []
        row = parse(client.get(admin_url(Venue))).select_one("#result_list tbody tr")
        img = row.select_one(".field-photo_thumbnail img")
        stored = Venue.objects.get().photo.name.removeprefix("venues/").removesuffix(".png")
        assert (img["alt"], img["width"], img["src"][:31]) == (
            "Médiathèque",
            "40",
            f"/media/resized/{stored}",
        )
