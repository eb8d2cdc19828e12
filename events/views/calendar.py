"""iCalendar feeds: an event, an edition's programme (whole or filtered), a venue, a selection.

Each view fetches its sessions in a fixed number of queries, answers conditional requests
with 304 before building anything, and otherwise serves the calendar built by events.ical.
"""

import hashlib

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest, HttpResponseGone, QueryDict
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events import calendar_changes, ical
from events.filters import ProgrammeFilterForm
from events.models import Edition, Event, FeedStamp, RemovedSession, Session
from events.views.common import redirect_from_old_slug
from events.views.selection import SESSIONS_SALT, InvalidSelection, unsign_event_ids
from venues.models import Venue


def event_feed(request, edition, slug):
    event = (
        Event.objects.published()
        .select_related("edition")
        .filter(edition__slug=edition, slug=slug)
        .first()
    )
    removed = RemovedSession.objects.upcoming().filter(edition__slug=edition)
    if event is None:
        # A deleted or unpublished event keeps its feed while it has sessions to cancel.
        removed = list(removed.filter(event_slug=slug).select_related("edition"))
        if not removed:
            return redirect_from_old_slug(edition, slug, "events:event-ics")
        edition_name = removed[0].edition.name
        return calendar_response(
            request,
            Session.objects.none(),
            removed=removed,
            name=f"{removed[0].translated('title')} – {edition_name}",
            filename=feed_filename(edition, slug),
        )
    sessions = Session.objects.filter(event=event).with_related()
    return calendar_response(
        request,
        sessions,
        # Its own, and those of an event deleted before it took the same address.
        removed=removed.filter(Q(event_id=event.pk) | Q(event_slug=event.slug)),
        name=f"{event.title} – {event.edition.name}",
        filename=feed_filename(event.edition.slug, event.slug),
        page_url=event.get_absolute_url(),
    )


def programme_feed(request, edition):
    """Serve the edition's programme, narrowed by the programme page's filters if given.

    A filter value that matches nothing (a town no longer in the programme, an old
    category) gives an empty feed named after it, never the whole programme. An edition
    taken off the site keeps sending its sessions as cancelled until they have taken place,
    then answers 410 Gone to the feeds that were subscribed, 404 to the others.
    """
    edition = get_object_or_404(Edition, slug=edition)
    sessions = Session.objects.published().in_edition(edition)
    removed = RemovedSession.objects.upcoming().in_edition(edition)
    summary = ""
    if request.GET:
        form = ProgrammeFilterForm(request.GET, edition=edition)
        sessions = form.filter(sessions)
        removed = form.filter(removed)
        summary = form.summary()
    if not edition.is_published:
        stamp = FeedStamp.objects.filter(key=feed_key(request)).first()
        if not removed.exists() and not (stamp and calendar_changes.still_to_tell(stamp.served)):
            if stamp is None:
                raise Http404
            return HttpResponseGone(
                _("Cette édition n'est plus au programme du site."),
                content_type="text/plain; charset=utf-8",
            )
    return calendar_response(
        request,
        sessions.with_related(),
        removed=removed,
        name=f"{edition.name} – {summary}" if summary else edition.name,
        filename=feed_filename(edition.slug, summary),
        page_url=reverse("events:programme", kwargs={"edition": edition.slug}),
    )


def venue_feed(request, slug):
    """Serve a venue's sessions of the current and upcoming editions (Session.current()).

    Past editions' sessions there are in each edition's programme feed (?lieu=<venue>), so
    this feed does not grow with the archive.
    """
    venue = get_object_or_404(Venue, slug=slug)
    sessions = Session.objects.published().current().at_venue(venue).with_related()
    return calendar_response(
        request,
        sessions,
        removed=RemovedSession.objects.upcoming().at_venue(venue),
        name=f"{_(settings.FESTIVAL_SHORT_NAME)} – {venue.name} ({venue.town})",
        filename=feed_filename(venue.slug),
        page_url=venue.get_absolute_url(),
    )


def selection_feed(request):
    """Serve a selection's sessions (?s=…) and every session of its events (?e=…)."""
    try:
        session_ids = (
            unsign_event_ids(request.GET.get("s", ""), SESSIONS_SALT) if "s" in request.GET else []
        )
        event_ids = (
            unsign_event_ids(request.GET.get("e", ""))
            if "e" in request.GET or not session_ids
            else []
        )
    except InvalidSelection:
        return _bad_request(
            _(
                "Ce lien de sélection n'est pas valide : il a été modifié ou coupé. "
                "Copiez de nouveau le lien d'abonnement depuis la page « Ma sélection »."
            )
        )
    chosen = Q(pk__in=session_ids) | Q(event_id__in=event_ids)
    sessions = Session.objects.published().filter(chosen).with_related()
    return calendar_response(
        request,
        sessions,
        # A starred session deleted since is sent as cancelled by the feed's memory.
        removed=RemovedSession.objects.upcoming().filter(event_id__in=event_ids),
        name=f"{_('Ma sélection')} – {_(settings.FESTIVAL_SHORT_NAME)}",
        filename="ma-selection.ics",
        page_url=reverse("events:selection"),
    )


def calendar_response(request, sessions, *, removed, name, filename, page_url=""):
    """Return the feed of `sessions`, or 304 when the client's copy is still current.

    `removed` are sessions taken off the programme, still sent as cancelled until they end.
    A subscription (no ?complet=1) holds at most ical.FEED_MAX_SESSIONS sessions and
    ical.FEED_MAX_BYTES bytes, as its description says (ical.subscription_window).
    """
    sessions = list(sessions.prefetch_related("event__themes"))
    removed = list(removed)
    complete = request.GET.get("complet") == "1"
    now = timezone.now()
    window = sessions if complete else ical.subscription_window(sessions, now)
    about = _about(request, page_url, windowed=len(window) < len(sessions))
    key = feed_key(request)
    stamp = FeedStamp.objects.filter(key=key).first()
    # What left this feed since its subscribers last heard of it: sent as cancelled.
    departed, served = calendar_changes.departures(
        stamp.served if stamp else "", sessions=sessions, window=window, removed=removed, now=now
    )
    removed += departed
    base_url = request.build_absolute_uri("/")
    # Weak: two fetches with the same ETag differ in DTSTAMP (generation time) only.
    fingerprint = ical.feed_fingerprint(
        window, removed=removed, name=name, base_url=base_url, about=about
    )
    etag = f'W/"{fingerprint}"'
    changed_at = FeedStamp.objects.touch(key, fingerprint, served=served, stamp=stamp)
    timestamp = int(changed_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        body = _serialized_calendar(request, window, removed, name, about)
        while len(body) > ical.FEED_MAX_BYTES and not complete and window:
            # Long descriptions: fewer sessions, the farthest from now first, until it fits.
            limit = min(len(window) - 1, int(len(window) * ical.FEED_MAX_BYTES * 0.97 / len(body)))
            window = ical.subscription_window(sessions, now, limit)
            about = _about(request, page_url, windowed=True)
            body = _serialized_calendar(request, window, removed, name, about)
        response = ical.CalendarResponse(body, filename)
    else:
        patch_cache_control(response, public=True, max_age=ical.CACHE_MAX_AGE)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(timestamp)
    return response


def _about(request, page_url, *, windowed):
    """Return the calendar's description, page, source and image (RFC 7986)."""
    query = canonical_query(request)
    source = request.build_absolute_uri(request.path + (f"?{query.urlencode()}" if query else ""))
    query["complet"] = "1"
    complete = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    description = _("Programme de la %(festival)s, tenu à jour par le festival.") % {
        "festival": _(settings.FESTIVAL_NAME)
    }
    if windowed:
        rule = ical.WINDOW_RULE % {"limit": ical.FEED_MAX_SESSIONS, "url": complete}
        description = f"{description} {rule}"
    return {
        "description": description,
        "url": request.build_absolute_uri(page_url) if page_url else "",
        "source": source,
        "image": request.build_absolute_uri(static("icons/apple-touch-icon.png")),
    }


def canonical_query(request):
    """Return the parameters of a feed's address it reads (FEED_PARAMETERS), non-empty ones."""
    query = QueryDict(mutable=True)
    for name, values in sorted(request.GET.lists()):
        values = [value.strip() for value in values if value.strip()]
        if name in FEED_PARAMETERS and name != "complet" and values:
            query.setlist(name, values)
    return query


def _serialized_calendar(request, sessions, removed, name, about):
    return ical.serialize_feed(
        sessions, removed=removed, name=name, absolute_url=request.build_absolute_uri, about=about
    )


# What a feed's address may say: the programme's filters, the whole feed (complet) and a
# selection's token. Anything else (utm_source=…) changes nothing in the feed.
FEED_PARAMETERS = {*ProgrammeFilterForm.base_fields, "complet", "e", "s"}


def feed_key(request):
    """Return a short key naming a feed as its address means it.

    Only the parameters a feed reads count, in a fixed order, without empty values or
    surrounding spaces: `?utm=1` or `?commune=Albi&x=` name the same feed as without them.
    """
    query = sorted(
        (name, sorted(value.strip() for value in values if value.strip()))
        for name, values in request.GET.lists()
        if name in FEED_PARAMETERS and any(value.strip() for value in values)
    )
    address = f"{request.build_absolute_uri(request.path)}?{query}"
    return hashlib.sha256(address.encode()).hexdigest()


def feed_filename(*parts):
    """Return an ASCII file name for a feed, safe in a Content-Disposition header."""
    return "-".join(slugify(part) for part in parts if part) + ".ics"


def _bad_request(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
