"""iCalendar feeds: an event, an edition's programme (whole or filtered), a venue, a selection.

Each view fetches its sessions in a fixed number of queries, answers conditional requests
with 304 before building anything, and otherwise serves the calendar built by events.ical.
"""

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.text import slugify

from events import ical
from events.filters import ProgrammeFilterForm
from events.models import Edition, Event, Session
from events.selection import InvalidSelection, unsign_event_ids
from venues.models import Venue

SITE_NAME = "Quinzaine du Japon"


def event_feed(request, edition, slug):
    event = get_object_or_404(
        Event.objects.published().select_related("edition"), edition__slug=edition, slug=slug
    )
    sessions = Session.objects.filter(event=event).with_related()
    return calendar_response(
        request,
        sessions,
        name=f"{event.title} – {event.edition.name}",
        filename=feed_filename(event.edition.slug, event.slug),
    )


def programme_feed(request, edition):
    """Serve the edition's programme, narrowed by the programme page's filters if given."""
    edition = get_object_or_404(Edition.objects.published(), slug=edition)
    sessions = Session.objects.published().in_edition(edition)
    summary = ""
    if request.GET:
        # Same parameters as the programme page; invalid values are ignored, as there.
        form = ProgrammeFilterForm(request.GET, edition=edition)
        sessions = form.filter(sessions)
        summary = form.summary()
    return calendar_response(
        request,
        sessions.with_related(),
        name=f"{edition.name} – {summary}" if summary else edition.name,
        filename=feed_filename(edition.slug, summary),
    )


def venue_feed(request, slug):
    venue = get_object_or_404(Venue, slug=slug)
    sessions = Session.objects.published().at_venue(venue).with_related()
    return calendar_response(
        request,
        sessions,
        name=f"{SITE_NAME} – {venue.name} ({venue.town})",
        filename=feed_filename(venue.slug),
    )


def selection_feed(request):
    try:
        event_ids = unsign_event_ids(request.GET.get("e", ""))
    except InvalidSelection:
        return _bad_request(
            "Ce lien de sélection n'est pas valide : il a été modifié ou coupé. "
            "Copiez de nouveau le lien d'abonnement depuis la page « Ma sélection »."
        )
    sessions = Session.objects.published().filter(event_id__in=event_ids).with_related()
    return calendar_response(
        request, sessions, name=f"Ma sélection – {SITE_NAME}", filename="ma-selection.ics"
    )


def calendar_response(request, sessions, *, name, filename):
    """Return the feed of `sessions`, or 304 when the client's copy is still current."""
    sessions = list(sessions)
    # Weak: two fetches with the same ETag differ in DTSTAMP (generation time) only.
    fingerprint = ical.feed_fingerprint(
        sessions, name=name, base_url=request.build_absolute_uri("/")
    )
    etag = f'W/"{fingerprint}"'
    last_modified = ical.feed_last_modified(sessions)
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        calendar = ical.build_calendar(sessions, name=name, absolute_url=request.build_absolute_uri)
        response = ical.CalendarResponse(calendar, filename)
    else:
        patch_cache_control(response, public=True, max_age=ical.CACHE_MAX_AGE)
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    return response


def feed_filename(*parts):
    """Return an ASCII file name for a feed, safe in a Content-Disposition header."""
    return "-".join(slugify(part) for part in parts if part) + ".ics"


def _bad_request(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
