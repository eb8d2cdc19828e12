"""Build iCalendar feeds of sessions with the icalendar package, and serve them over HTTP.

Each session is one VEVENT whose UID never changes (see Session.ical_uid), so the same
session is recognised across every feed it appears in, and whose SEQUENCE rises when
its time, place or status changes, so calendar apps take the new version as an update.
"""

import datetime
import hashlib
import re
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from events.models import Event, Session
from quinzaine.dates import is_repeated
from quinzaine.images import resized_url

FEED_TIMEZONE = "Europe/Paris"
# How often calendar apps should fetch a subscribed feed again (Google ignores it).
REFRESH_INTERVAL = datetime.timedelta(hours=1)
# How long browsers and proxies may keep a feed before asking again (conditional requests).
CACHE_MAX_AGE = 15 * 60
# Part of every ETag and cached VEVENT: change it whenever the feed's layout changes.
FEED_FORMAT_VERSION = "4"
# Cached VEVENTs are keyed by their inputs: an old one is simply never asked for again.
VEVENT_CACHE_SECONDS = 24 * 60 * 60

# Google Calendar refuses subscribed feeds over about 1 MB: a bigger feed keeps the
# sessions still to come (and those of the last day), earliest first, up to these limits.
# The complete feed stays a download (?complet=1).
FEED_MAX_BYTES = 1_000_000
FEED_MAX_SESSIONS = 1_000
FEED_GRACE = datetime.timedelta(days=1)

# Day-long openings rather than appointments: exhibitions, and any session this long.
OPEN_HOUSE_CATEGORIES = {"exposition"}
OPEN_HOUSE_MIN_DURATION = datetime.timedelta(hours=6)

# The festival's red (#bc2d29), as the CSS3 colour name nearest to it.
CALENDAR_COLOR = "firebrick"
# What LOCATION ends with: calendar apps and maps abroad then find the right town.
COUNTRY = gettext_lazy("France")

CANCELLED_PREFIX = gettext_lazy("ANNULÉ – ")
# A postponed session keeps its old dates until a new one is set: shown as tentative,
# so it stays visible but no calendar treats it as firmly on.
POSTPONED_PREFIX = gettext_lazy("REPORTÉ – ")


def site_url(path):
    """Turn a path into a full URL on the public site, when no request is at hand."""
    return settings.SITE_URL + path


def calendar_name(name):
    """Return `name` without the characters iCalendar escapes in TEXT values.

    X-WR-CALNAME is not a standard property: some clients (Thunderbird's ical.js) show
    its escapes as they are, "Toulouse\\, gratuit". Commas become middle dots.
    """
    name = re.sub(r"\s*,\s*", " · ", name)
    return " ".join(re.sub(r"[;\\\x00-\x1f\x7f]", " ", name).split())


def get_calendar(name, *, description="", url="", source="", image=""):
    """Return an empty calendar named `name`, with the properties every feed carries.

    RFC 7986's DESCRIPTION, URL, SOURCE, COLOR and IMAGE, and their X-WR- forms for the
    clients that read only those. No X-WR-TIMEZONE: every time carries its TZID (or is in
    UTC), and the header made some readers take the repeated October hour for the other.
    """
    name = calendar_name(name)
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//{settings.FESTIVAL_NAME}//Programme//FR")
    calendar.add("method", "PUBLISH")
    calendar.add("name", icalendar.vText(name))
    calendar.add("x-wr-calname", icalendar.vText(name))
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    if url:
        calendar.add("url", url, parameters={"VALUE": "URI"})
    if source:
        calendar.add("source", source, parameters={"VALUE": "URI"})
    # The festival's red, as a CSS3 colour name (RFC 7986, 5.9).
    calendar.add("color", CALENDAR_COLOR)
    if image:
        calendar.add("image", image, parameters={"VALUE": "URI", "DISPLAY": "BADGE"})
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    return calendar


def build_session_vevent(session, *, absolute_url, generated_at):
    """Return the VEVENT of a session; `absolute_url` turns a path into a full URL."""
    event = session.event
    place = session.place
    event_url = absolute_url(event.get_absolute_url())

    vevent = icalendar.Event()
    vevent.add("uid", session.ical_uid)
    vevent.add("dtstamp", generated_at)
    _add_span(vevent, session)
    vevent.add("summary", session_summary(session))
    vevent.add("organizer", festival_organizer())
    vevent.add("description", session_description(session, event_url))
    if place is not None:
        _add_place(vevent, place)
    vevent.add("url", event_url)
    vevent.add("categories", [event.category.name, *(theme.name for theme in event.themes.all())])
    if event.image:
        image_url = absolute_url(resized_url(event.image, 1200, 630, crop=True))
        vevent.add("image", image_url, parameters={"VALUE": "URI", "DISPLAY": "FULLSIZE"})
    vevent.add("last-modified", session_last_modified(session))
    vevent.add("sequence", session.sequence)
    vevent.add("status", session_status(session))
    # A cancelled session takes no time; an exhibition is open for the day, not busy.
    if session.is_cancelled or is_open_house(session):
        vevent.add("transp", "TRANSPARENT")
    return vevent


def location_text(place):
    """Return a place's address as LOCATION writes it: name, street, town, country."""
    return f"{place.full_address}, {COUNTRY}"


def _add_place(vevent, place):
    """Add LOCATION, GEO and Apple's structured location (a map pin in Apple Calendar)."""
    vevent.add("location", location_text(place))
    if place.has_coordinates:
        latitude, longitude = float(place.latitude), float(place.longitude)
        vevent.add("geo", (latitude, longitude))
        vevent.add(
            "x-apple-structured-location",
            f"geo:{latitude},{longitude}",
            parameters={
                "VALUE": "URI",
                "X-ADDRESS": location_text(place).removeprefix(f"{place.name}, "),
                "X-APPLE-RADIUS": "100",
                "X-TITLE": place.name,
            },
        )


def build_removed_vevent(removed, *, generated_at):
    """Return the VEVENT of a session taken off the programme: cancelled, one version up."""
    vevent = icalendar.Event()
    vevent.add("uid", removed.ical_uid)
    vevent.add("dtstamp", generated_at)
    _add_span(vevent, removed)
    vevent.add("summary", f"{CANCELLED_PREFIX}{removed.translated('title')}")
    vevent.add("organizer", festival_organizer())
    vevent.add("description", _("Séance retirée du programme."))
    if removed.location:
        vevent.add("location", f"{removed.location}, {COUNTRY}")
    vevent.add("categories", [removed.translated("category")])
    vevent.add("last-modified", removed.removed_at.astimezone(datetime.UTC))
    vevent.add("sequence", removed.sequence)
    vevent.add("status", "CANCELLED")
    vevent.add("transp", "TRANSPARENT")
    return vevent


def _add_span(vevent, session):
    """Add DTSTART and DTEND of a session or removed session."""
    if session.is_all_day:
        # DATE values, the end being the day after the last one (RFC 5545, 3.6.1).
        vevent.add("dtstart", session.first_day)
        vevent.add("dtend", session.last_day + datetime.timedelta(days=1))
    else:
        vevent.add("dtstart", _feed_datetime(session.starts_at))
        vevent.add("dtend", _feed_datetime(session.ends_at))


def festival_organizer():
    organizer = icalendar.vCalAddress(f"mailto:{settings.FESTIVAL_CONTACT_EMAIL}")
    organizer.params["cn"] = icalendar.vText(settings.FESTIVAL_NAME)
    return organizer


def is_open_house(session):
    """Tell whether a session is a day-long opening (an exhibition) rather than an appointment.

    Calendars then show it without counting the visitor as busy (TRANSP:TRANSPARENT).
    """
    return (
        session.is_all_day
        or session.event.category.slug in OPEN_HOUSE_CATEGORIES
        or session.ends_at - session.starts_at >= OPEN_HOUSE_MIN_DURATION
    )


def _feed_datetime(moment):
    local = moment.astimezone(ZoneInfo(FEED_TIMEZONE))
    if is_repeated(local):
        # Either pass of the hour repeated in October: RFC 5545 (3.3.5) reads a local time
        # with a TZID as the first pass, but some clients (Thunderbird) take the second.
        # Written in UTC, the instant is the same for every client.
        return moment.astimezone(datetime.UTC)
    return local


def session_summary(session):
    if session.is_cancelled:
        return f"{CANCELLED_PREFIX}{session.event.title}"
    if session.status == Session.Status.POSTPONED:
        return f"{POSTPONED_PREFIX}{session.event.title}"
    return session.event.title


def session_status(session):
    if session.is_cancelled:
        return "CANCELLED"
    if session.status == Session.Status.POSTPONED:
        return "TENTATIVE"
    return "CONFIRMED"


def session_description(session, event_url):
    """Return the plain-text description: what, when it changed, price, booking, page URL."""
    event = session.event
    lines = []
    if session.is_cancelled:
        lines.append(_("Séance annulée."))
    elif session.status == Session.Status.POSTPONED:
        lines.append(_("Séance reportée : la nouvelle date sera annoncée sur le site."))
    elif session.status == Session.Status.FULL:
        lines.append(_("Séance complète."))
    if event.summary:
        lines.append(event.summary)
    if session.note:
        lines.append(session.note)
    lines.append(
        _("Gratuit.") if event.is_free else _("Tarif : %(price)s") % {"price": event.price}
    )
    if event.booking != Event.Booking.NONE:
        contacts = [c for c in (event.booking_url, event.booking_email, event.booking_phone) if c]
        booking = event.get_booking_display().capitalize()
        if contacts:
            lines.append(
                _("%(booking)s : %(contacts)s")
                % {"booking": booking, "contacts": ", ".join(contacts)}
            )
        else:
            lines.append(f"{booking}.")
    lines.append(_("Plus d'informations : %(url)s") % {"url": event_url})
    return "\n\n".join(lines)


def session_last_modified(session):
    """Return the latest change to what the session's VEVENT shows."""
    stamps = [session.updated_at, session.event.updated_at]
    if session.place is not None:
        stamps.append(session.place.updated_at)
    return max(stamps).astimezone(datetime.UTC)


def paris_timezone():
    """Return Europe/Paris as calendar apps write it: the EU summer-time rules, since 1996.

    Yearly rules rather than a list of dates: Thunderbird's ical.js misreads the first
    period of a VTIMEZONE made of RDATEs (an hour off for a whole winter).
    tests/events/test_ical.py checks these rules against the system's time zone data.
    """
    vtimezone = icalendar.Timezone()
    vtimezone.add("tzid", FEED_TIMEZONE)
    rules = [
        (icalendar.TimezoneDaylight, "CEST", 1, 2, datetime.datetime(1996, 3, 31, 2), 3),
        (icalendar.TimezoneStandard, "CET", 2, 1, datetime.datetime(1996, 10, 27, 3), 10),
    ]
    for component, name, offset_from, offset_to, start, month in rules:
        period = component()
        period.add("tzname", name)
        period.add("tzoffsetfrom", datetime.timedelta(hours=offset_from))
        period.add("tzoffsetto", datetime.timedelta(hours=offset_to))
        period.add("dtstart", start)
        period.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        vtimezone.add_component(period)
    return vtimezone


def vevent_inputs(session):
    """Return, as text, everything a session's VEVENT is built from (but DTSTAMP).

    Two sessions with the same inputs have the same VEVENT: the text keys the VEVENT
    cache and makes up feed ETags, so any change of a shown value, however it was made
    (even a QuerySet.update() that leaves updated_at), gives a new key.
    """
    event, place = session.event, session.place
    values = [
        session.uid.hex,
        session.sequence,
        session.starts_at.isoformat(),
        session.ends_at.isoformat(),
        session.is_all_day,
        session.status,
        session.note,
        session.updated_at.isoformat(),
        event.slug,
        event.status,
        event.title,
        event.summary,
        event.is_free,
        event.price,
        event.booking,
        event.booking_url,
        event.booking_email,
        event.booking_phone,
        event.updated_at.isoformat(),
        event.category.slug,
        event.category.name,
        event.edition.slug,
        event.image.name,
        [(theme.slug, theme.name) for theme in event.themes.all()],
    ]
    if place is not None:
        values += [
            place.full_address,
            place.latitude,
            place.longitude,
            place.updated_at.isoformat(),
        ]
    return "\x1f".join(str(value) for value in values)


def feed_fingerprint(sessions, *, name, base_url, removed=(), about=None):
    """Return a hash of everything a feed shows, except its generation time (for ETags).

    Built from the fetched rows instead of the serialised feed, so that a conditional
    request answered with 304 skips building the calendar.
    """
    parts = [FEED_FORMAT_VERSION, name, base_url, _festival_inputs(), get_language()]
    parts += [f"{key}={value}" for key, value in sorted((about or {}).items())]
    parts += [vevent_inputs(session) for session in sessions]
    parts += [f"{entry.uid.hex} {entry.sequence} {entry.translated('title')}" for entry in removed]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def serialize_feed(sessions, *, name, removed=(), absolute_url=None, generated_at=None, about=None):
    """Return the feed of `sessions` as iCalendar bytes.

    Each session's VEVENT is built with icalendar once, then reused from the "fragments"
    cache by every feed it is in until one of its inputs changes (see vevent_inputs):
    serialising (line folding above all) is most of a feed's cost. A reused VEVENT keeps
    the DTSTAMP of its making. The calendar around them is built with icalendar too.
    """
    absolute_url = absolute_url or site_url
    generated_at = (generated_at or timezone.now()).astimezone(datetime.UTC)
    # Per language: the same session's VEVENT is worded in the feed's language.
    prefix = f"{FEED_FORMAT_VERSION}\x1f{absolute_url('/')}\x1f{_festival_inputs()}\x1f{get_language()}\x1f"
    keys = [
        "vevent:" + hashlib.sha256((prefix + vevent_inputs(s)).encode()).hexdigest()
        for s in sessions
    ]
    vevents = caches["fragments"]
    found = vevents.get_many(keys)
    made = {}
    for key, session in zip(keys, sessions, strict=True):
        if key not in found:
            vevent = build_session_vevent(
                session, absolute_url=absolute_url, generated_at=generated_at
            )
            made[key] = vevent.to_ical()
    vevents.set_many(made, VEVENT_CACHE_SECONDS)
    bodies = [found.get(key) or made[key] for key in keys]
    bodies += [build_removed_vevent(e, generated_at=generated_at).to_ical() for e in removed]
    calendar = get_calendar(name, **(about or {}))
    calendar.add_component(paris_timezone())
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + b"".join(bodies) + b"END:VCALENDAR" + end


def _festival_inputs():
    return f"{settings.FESTIVAL_NAME}\x1f{settings.FESTIVAL_CONTACT_EMAIL}"


def subscription_window(sessions, now, limit=FEED_MAX_SESSIONS):
    """Return the sessions a subscribed feed holds: all of them, or `limit` around now.

    The rule (WINDOW_RULE, said on the pages and in the feed): first the sessions to come
    and those of the last day, earliest first; then, if room is left, the latest past ones.
    An edition that is over keeps its last sessions: a subscription never comes back empty.
    """
    if len(sessions) <= limit:
        return sessions
    cutoff = now - FEED_GRACE
    current = [session for session in sessions if session.ends_at > cutoff]
    past = [session for session in sessions if session.ends_at <= cutoff]
    chosen = current[:limit] + past[::-1][: max(0, limit - len(current))]
    return sorted(chosen, key=lambda session: (session.starts_at, session.ends_at, session.pk))


WINDOW_RULE = gettext_lazy(
    "Cet abonnement garde les %(limit)s séances les plus proches : celles à venir et de la "
    "veille d'abord, puis les dernières passées. Le programme complet se télécharge : %(url)s"
)


class CalendarResponse(HttpResponse):
    """Serve a calendar as a downloadable, subscribable .ics file."""

    def __init__(self, body, filename, **kwargs):
        kwargs.setdefault("content_type", "text/calendar; charset=utf-8")
        super().__init__(body, **kwargs)
        self["Content-Disposition"] = f'attachment; filename="{filename}"'
        patch_cache_control(self, public=True, max_age=CACHE_MAX_AGE)
