"""Turn sessions into the rows a list shows: repeated days once, grouped by day or by distance.

An exhibition is one row, "tous les jours du … au …", whether it is one session spanning
several days or a series of daily sessions, unless the visitor looks at a single day.
"""

import datetime
import hashlib
from dataclasses import dataclass
from operator import attrgetter

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.dates import WEEKDAYS
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from quinzaine.accessibility import FIELDS as ACCESS_FIELDS
from quinzaine.geo import distance_km

# A series is held on at least this many days, and on more days of its span than not:
# two screenings a few days apart stay two dates.
SERIES_MIN_DAYS = 2
ROW_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Series:
    """The days a repeated row stands for: every day from first to last, but some weekdays."""

    first_day: datetime.date
    last_day: datetime.date
    skipped_weekdays: tuple = ()
    count: int = 1

    def __str__(self):
        first = formats.date_format(self.first_day, "MONTH_DAY_FORMAT")
        last = formats.date_format(self.last_day, "MONTH_DAY_FORMAT")
        text = _("tous les jours du %(first)s au %(last)s") % {"first": first, "last": last}
        if self.skipped_weekdays:
            # Django's weekday names: « lundi », "Monday", « 月曜日 ».
            names = [str(WEEKDAYS[day]) for day in self.skipped_weekdays]
            text += _(" sauf le %(days)s") % {"days": _(" et le ").join(names)}
        return text


def split_series(sessions):
    """Return (repeated, single): one row per multi-day session or daily series, the rest.

    A repeated row is the series' first session, with a `series` attribute; sessions of
    a series share their event, place, times, status and note.
    """
    groups = {}
    single = []
    repeated = []
    for session in sessions:
        session.star_ids = str(session.pk)
        if session.is_multi_day:
            session.series = Series(session.first_day, session.last_day)
            repeated.append(session)
            continue
        local_start, local_end = session.local_span()
        place = session.place
        key = (
            session.event_id,
            place.pk if place else None,
            session.is_all_day,
            local_start.time(),
            local_end.time(),
            session.status,
            session.note,
        )
        groups.setdefault(key, []).append(session)
    for members in groups.values():
        series = _series_of(members)
        if series is None:
            single.extend(members)
        else:
            members[0].series = series
            # The row's star stands for every day of the series.
            members[0].star_ids = " ".join(str(member.pk) for member in members)
            repeated.append(members[0])
    single.sort(key=lambda s: (s.starts_at, s.ends_at, s.pk))
    repeated.sort(key=lambda s: (s.first_day, s.event.title, s.pk))
    return repeated, single


def _series_of(sessions):
    """Return the Series of same-time sessions on regular days, or None if they are not one."""
    days = {session.first_day for session in sessions}
    if len(days) < SERIES_MIN_DAYS or len(days) != len(sessions):
        return None
    first, last = min(days), max(days)
    span = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    held = {day.weekday() for day in days}
    # Regular: every day of the span on a weekday it is held is one of its days.
    if any(day.weekday() in held and day not in days for day in span):
        return None
    if len(span) - len(days) >= len(days):
        return None
    skipped = tuple(sorted({day.weekday() for day in span} - held))
    # « Sauf le jeudi » says something of a week or more; within fewer days it names a
    # single date, and three sessions every other day read better as three dates.
    if skipped and len(span) < 7:
        return None
    return Series(first, last, skipped, len(days))


def group_by_day(sessions, first_shown=None):
    """Return (day, sessions) pairs; a session begun before the first day shown joins it."""
    days = []
    for session in sessions:
        day = session.first_day
        if first_shown and day < first_shown:
            day = first_shown
        session.is_ongoing = day != session.first_day
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(session)
    return days


def group_by_distance(sessions, origin):
    """Return (town, kilometres, sessions) groups, nearest town first, each in time order.

    A town's distance is its nearest venue's; places without coordinates come last.
    """
    lat, lng = origin[0], origin[1]
    towns = {}
    for session in sessions:
        place = session.place
        session.distance_km = None
        if place and place.has_coordinates:
            session.distance_km = distance_km(lat, lng, place.latitude, place.longitude)
        town = place.town if place else ""
        nearest = towns.get(town)
        if session.distance_km is not None and (nearest is None or session.distance_km < nearest):
            towns[town] = session.distance_km
        else:
            towns.setdefault(town, None)
    ordered = sorted(
        sessions,
        key=lambda s: (
            towns[_town(s)] is None,
            towns[_town(s)] or 0,
            _town(s),
            s.starts_at,
            s.pk,
        ),
    )
    groups = []
    for session in ordered:
        town = _town(session)
        if not groups or groups[-1][0] != town:
            groups.append((town, towns[town], []))
        groups[-1][2].append(session)
    return groups


def _town(session):
    return session.place.town if session.place else ""


def mark_rows(sessions, *, show_day=False):
    """Give each row what it shows beyond its session, and its cache key."""
    language = translation.get_language()
    for session in sessions:
        session.show_day = show_day
        session.is_ongoing = getattr(session, "is_ongoing", False)
        session.series = getattr(session, "series", None)
        session.distance_km = getattr(session, "distance_km", None)
        session.star_ids = getattr(session, "star_ids", str(session.pk))
        session.shown_as_past = getattr(session, "shown_as_past", False)
        session.row_key = row_key(session, language)
    return sessions


# The columns a programme row shows (session_row.html), read as stored: the translated texts
# in every language (the row shows the active one, or French), without modeltranslation
# choosing one for each read: a third of the cost of keying 600 rows.
SHOWN_OF_SESSION = attrgetter("starts_at", "ends_at", "is_all_day", "status", "capacity", "note")
SHOWN_OF_EVENT = attrgetter(
    "pk",
    "slug",
    "status",
    "title_fr",
    "title_en",
    "title_ja",
    "audience",
    "booking",
    "is_free",
    "price_fr",
    "price_en",
    "price_ja",
    *ACCESS_FIELDS.values(),
)
SHOWN_OF_CATEGORY = attrgetter("name_fr", "name_en", "name_ja")
SHOWN_OF_PLACE = attrgetter(
    "town", "town_ja", "name_fr", "name_en", "name_ja", *ACCESS_FIELDS.values()
)


def row_key(session, language=None):
    """Return a key for a programme row, made of everything it shows (session_row.html).

    Rendered rows are cached under it (the "fragments" cache): a row changes key, and is
    rendered again, as soon as one of the values it shows does.
    """
    event, place = session.event, session.place
    distance = getattr(session, "distance_km", None)
    inputs = (
        SHOWN_OF_SESSION(session),
        SHOWN_OF_EVENT(event),
        SHOWN_OF_CATEGORY(event.category),
        event.edition.slug,
        # Over, an edition's rows lose their stars.
        event.edition.is_over,
        SHOWN_OF_PLACE(place) if place else None,
        getattr(session, "is_ongoing", False),
        getattr(session, "show_day", False),
        getattr(session, "series", None),
        getattr(session, "star_ids", ""),
        getattr(session, "shown_as_past", False),
        None if distance is None else round(distance),
        language or translation.get_language(),
    )
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def render_rows(sessions):
    """Give each marked session its row's HTML, from the "fragments" cache or rendered anew.

    One lookup for all the rows: a rebuilt programme of 600 rows only renders those whose
    key changed.
    """
    fragments = caches["fragments"]
    keys = [f"programme-row:{session.row_key}" for session in sessions]
    found = fragments.get_many(keys)
    rendered = {}
    for key, session in zip(keys, sessions, strict=True):
        html = found.get(key) or rendered.get(key)
        if html is None:
            html = rendered[key] = render_to_string(
                "includes/session_row.html", {"session": session}
            )
        session.row_html = mark_safe(html)
    fragments.set_many(rendered, ROW_SECONDS)
    return sessions
