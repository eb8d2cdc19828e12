"""The venues' pages: the map of every venue with its next sessions, and a venue's page."""

from django.db.models import F, Func, OuterRef
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events import rows
from events.models import Edition, Session
from quinzaine.dates import format_day, format_time
from quinzaine.images import resized_url
from venues.models import Venue

# Events a venue's pin lists in its popup, each at its next session; the venue page has the rest.
POPUP_EVENTS = 3


def map_marker(venue):
    """Return what the map needs to place and label a venue."""
    return {
        "name": venue.name,
        "town": venue.town,
        "url": venue.get_absolute_url(),
        "lat": float(venue.latitude),
        "lng": float(venue.longitude),
    }


def popup_session(session, now):
    """Return how a venue's popup shows a session: when, what, and its status if not as planned."""
    return {
        "when": when(session, now),
        "datetime": timezone.localtime(session.starts_at).isoformat(),
        "title": session.event.title,
        "url": session.event.get_absolute_url(),
        "status": status(session),
    }


def status(session):
    """Return a session's status as the programme's badges word it, or "" when as planned."""
    if session.is_cancelled:
        return _("annulé")
    if session.status == Session.Status.POSTPONED:
        return _("reporté")
    if session.status == Session.Status.FULL:
        return _("complet")
    return ""


def when(session, now):
    """Return a session's day and time: « samedi 15 novembre à 18 h 30 »."""
    if session.is_multi_day:
        last = formats.date_format(session.last_day, "MONTH_DAY_FORMAT")
        if session.starts_at <= now:
            return _("jusqu'au %(last)s") % {"last": last}
        same_month = session.first_day.strftime("%Y%m") == session.last_day.strftime("%Y%m")
        first = formats.date_format(session.first_day, "j" if same_month else "MONTH_DAY_FORMAT")
        return _("du %(first)s au %(last)s") % {"first": first, "last": last}
    day = format_day(session.first_day, "WEEKDAY_FORMAT")
    if session.is_all_day:
        return _("%(day)s, toute la journée") % {"day": day}
    return _("%(day)s à %(time)s") % {"day": day, "time": format_time(session.starts_at)}


def with_upcoming_count(venues, now):
    """Annotate each venue with the number of its upcoming public sessions."""
    sessions = Session.objects.published().at_venue(OuterRef("pk")).upcoming(now)
    count = sessions.order_by().annotate(total=Func(F("pk"), function="COUNT")).values("total")
    return venues.annotate(upcoming_count=count)


def venue_list(request):
    now = timezone.now()
    venues = with_upcoming_count(Session.objects.published().places(), now)
    venues = venues.order_by("department", "town", "name")
    coming = Session.objects.published().upcoming(now).first_per_place(POPUP_EVENTS).with_related()
    sessions_at = {}
    for session in coming:
        sessions_at.setdefault(session.place_id, []).append(popup_session(session, now))
    markers = [
        {**map_marker(venue), "sessions": sessions_at.get(venue.pk, [])}
        for venue in venues
        if venue.has_coordinates
    ]
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
