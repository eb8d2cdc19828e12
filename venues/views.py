from django.shortcuts import get_object_or_404, render

from events import rows
from events.images import resized_url
from events.models import Edition, Session
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
    """Show a venue and its sessions to come; past editions are links, so the page stays small."""
    venue = get_object_or_404(Venue, slug=slug)
    at_venue = Session.objects.published().at_venue(venue)
    running = Edition.objects.current_and_upcoming()
    repeated, sessions = rows.split_series(at_venue.upcoming().with_related())
    past_editions = (
        Edition.objects.published()
        .exclude(pk__in=running)
        .filter(pk__in=at_venue.values("event__edition"))
        .order_by("-starts_on")
    )
    context = {
        "venue": venue,
        "repeated": repeated,
        "sessions": sessions,
        "past_editions": past_editions,
        "photo_url": resized_url(venue.photo, 960),
        "markers": [map_marker(venue)] if venue.has_coordinates else [],
    }
    return render(request, "venues/venue_detail.html", context)
