"""Distances on the Earth's surface, for ordering places by how near they are."""

import math

EARTH_RADIUS_KM = 6371.0


def distance_km(lat1, lng1, lat2, lng2):
    """Return the great-circle distance between two points given in degrees, in kilometres."""
    lat1, lng1, lat2, lng2 = (math.radians(float(value)) for value in (lat1, lng1, lat2, lng2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
