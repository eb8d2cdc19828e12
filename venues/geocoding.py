"""Find a venue's coordinates from its address with the French national address service.

The service (api-adresse.data.gouv.fr, settings.GEOCODER_URL) answers GeoJSON; it may be
slow or out of reach, so every call has a short timeout and says why it found nothing.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings

from quinzaine.geo import distance_km
from quinzaine.text import fold

# Below this score the service's best match is a guess (a street of the same name elsewhere).
MIN_SCORE = 0.4


class GeocoderUnavailable(Exception):
    """The address service could not be reached, was too slow or answered nonsense."""


@dataclass(frozen=True)
class Place:
    latitude: Decimal
    longitude: Decimal
    label: str
    # The town and postcode the service puts the address in (the national address base).
    city: str = ""
    postcode: str = ""


def address_query(venue):
    """Return the text to look a venue up by: street, postcode and town (not its name)."""
    return " ".join(part for part in [venue.address, venue.postcode, venue.town] if part).strip()


def geocode(query):
    """Return the Place the address service finds for query, or None if it finds none.

    Raise GeocoderUnavailable when the service cannot answer within GEOCODER_TIMEOUT.
    """
    if not settings.GEOCODER_URL:
        raise GeocoderUnavailable("no GEOCODER_URL")
    url = f"{settings.GEOCODER_URL}?{urlencode({'q': query, 'limit': 1})}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=settings.GEOCODER_TIMEOUT) as response:
            data = json.load(response)
    except (OSError, ValueError) as error:
        # URLError, timeouts and refused connections are OSErrors; bad JSON a ValueError.
        raise GeocoderUnavailable(str(error)) from error
    try:
        features = data["features"]
        if not features or features[0]["properties"].get("score", 1) < MIN_SCORE:
            return None
        longitude, latitude = features[0]["geometry"]["coordinates"][:2]
        properties = features[0]["properties"]
        return Place(
            _degrees(latitude),
            _degrees(longitude),
            properties.get("label", ""),
            properties.get("city", ""),
            properties.get("postcode", ""),
        )
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise GeocoderUnavailable(f"unexpected answer: {error}") from error


def _degrees(value):
    # Six decimals, as the venue's fields keep them (about 10 cm).
    return Decimal(str(value)).quantize(Decimal("0.000001"))


# Occitanie, with a margin: a pin outside it, for a venue of one of its départements, is a slip.
OCCITANIE = {"south": 42.2, "north": 45.2, "west": -0.5, "east": 5.0}
# A pin farther than this from where the address service puts the address is worth a look.
PIN_TOLERANCE_KM = 10


def outside_occitanie(venue):
    """Tell whether an Occitan venue's coordinates lie outside the region."""
    if not venue.has_coordinates or venue.department == "99":
        return False
    lat, lng = float(venue.latitude), float(venue.longitude)
    box = OCCITANIE
    return not (box["south"] <= lat <= box["north"] and box["west"] <= lng <= box["east"])


def disagreements(venue, place):
    """Return what the address service says differently of a venue: its town, its pin.

    Each is (kind, values) for the admin to word: ("town", …) when the service puts the
    address in another town or postcode, ("pin", km) when the pin is far from it.
    """
    found = []
    town_differs = place.city and fold(place.city) != fold(venue.town)
    postcode_differs = place.postcode and venue.postcode and place.postcode != venue.postcode
    if town_differs or postcode_differs:
        found.append(("town", {"city": place.city, "postcode": place.postcode}))
    if venue.has_coordinates:
        km = distance_km(venue.latitude, venue.longitude, place.latitude, place.longitude)
        if km > PIN_TOLERANCE_KM:
            found.append(("pin", {"km": round(km)}))
    return found
