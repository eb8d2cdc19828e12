from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import make_venue
from venues.models import Venue

pytestmark = pytest.mark.django_db


class TestCoordinates:
    def test_venue_needs_both_coordinates_or_none(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_venue(latitude="43.6", longitude=None)
        with pytest.raises(IntegrityError), transaction.atomic():
            make_venue(latitude=None, longitude="1.44")
        venue = make_venue(latitude=None, longitude=None)
        assert (Venue.objects.count(), venue.has_coordinates) == (1, False)

    def test_latitude_must_be_on_earth(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_venue(latitude="91", longitude="1.44")
        assert Venue.objects.count() == 0

    def test_longitude_must_be_on_earth(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_venue(latitude="43.6", longitude="-180.5")
        assert Venue.objects.count() == 0

    def test_missing_longitude_is_explained_once(self):
        venue = make_venue()
        venue.longitude = None
        with pytest.raises(ValidationError) as error:
            venue.full_clean()
        assert error.value.message_dict == {
            "longitude": ["Indiquez la latitude et la longitude, ou aucune des deux."]
        }

    def test_missing_latitude_is_explained_once(self):
        venue = make_venue()
        venue.latitude = None
        with pytest.raises(ValidationError) as error:
            venue.full_clean()
        assert error.value.message_dict == {
            "latitude": ["Indiquez la latitude et la longitude, ou aucune des deux."]
        }

    def test_latitude_out_of_range_is_explained(self):
        venue = make_venue()
        venue.latitude = Decimal("95")
        with pytest.raises(ValidationError) as error:
            venue.full_clean()
        assert error.value.message_dict == {
            "latitude": ["Assurez-vous que cette valeur est inférieure ou égale à 90."]
        }


class TestVenueQuerySet:
    def test_in_town_ignores_case(self):
        nimes = make_venue(town="Nîmes")
        make_venue(town="Albi")
        assert list(Venue.objects.in_town("nîmes")) == [nimes]

    def test_in_department_and_with_coordinates(self):
        gard = make_venue(town="Nîmes", department="30")
        unplaced = make_venue(town="Alès", department="30", latitude=None, longitude=None)
        make_venue(town="Albi", department="81")
        assert list(Venue.objects.in_department("30")) == [unplaced, gard]
        assert list(Venue.objects.in_department("30").with_coordinates()) == [gard]


class TestAddress:
    def test_full_address_and_map_link(self):
        venue = make_venue(
            name="Médiathèque",
            address="2 rue du Japon",
            postcode="30000",
            town="Nîmes",
            latitude="43.837400",
            longitude="4.360100",
        )
        venue.refresh_from_db()
        assert venue.full_address == "Médiathèque, 2 rue du Japon, 30000 Nîmes"
        assert venue.osm_url == (
            "https://www.openstreetmap.org/?mlat=43.837400&mlon=4.360100#map=17/43.837400/4.360100"
        )

    def test_map_link_without_coordinates_searches_the_address(self):
        venue = make_venue(
            name="Salle", address="", postcode="", town="Albi", latitude=None, longitude=None
        )
        assert venue.osm_url == "https://www.openstreetmap.org/search?query=Salle%2C+Albi"
