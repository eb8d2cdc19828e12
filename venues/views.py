from django.shortcuts import get_object_or_404, render

from events.images import resized_url
from events.models import Session
from venues.models import Venue


def map_marker(venue):
    """Return what the map needs to place and label a venue."""
    return {
        "name": venue.name,
        "town": venue.town,
        "url": venue.get_absolute_url(),
        "lat": float(venue.latitude),
        "lng": float(venue.longitude),
    }


def venue_list(request):
    venues = Venue.objects.public().with_upcoming_count().order_by("department", "town", "name")
    markers = [map_marker(venue) for venue in venues if venue.has_coordinates]
    return render(request, "venues/venue_list.html", {"venues": venues, "markers": markers})


def venue_detail(request, slug):
    venue = get_object_or_404(Venue, slug=slug)
    sessions = Session.objects.published().at_venue(venue).upcoming().with_related()
    context = {
        "venue": venue,
        "sessions": sessions,
        "photo_url": resized_url(venue.photo, 960),
        "markers": [map_marker(venue)] if venue.has_coordinates else [],
    }
    return render(request, "venues/venue_detail.html", context)
