"""A visitor's personal selection of sessions, kept in the browser: no account needed.

The browser stores the starred session ids (and, for events whose dates are not announced
yet, event ids); the selection page turns them into a feed URL carrying the ids, signed so
that nobody can pass off a made-up URL as one of the site's. Feeds made before stars were
per session carry event ids (?e=…) and keep showing every session of those events.
"""

from urllib.parse import urlencode

from django.core import signing
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from events import rows
from events.models import Event, Session

SALT = "events.selection"
SESSIONS_SALT = "events.selection.sessions"
# Keeps feed URLs short enough for every calendar app.
MAX_EVENTS = 200


class InvalidSelection(ValueError):
    """Raised for a selection token that was not signed by this site or is malformed."""


def sign_event_ids(event_ids, salt=SALT):
    """Return the token of a selection: its sorted ids, signed."""
    ids = sorted(set(event_ids))[:MAX_EVENTS]
    return signing.Signer(salt=salt).sign(".".join(str(pk) for pk in ids))


def unsign_event_ids(token, salt=SALT):
    """Return the event ids of a token made by sign_event_ids(), or raise InvalidSelection."""
    try:
        value = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature as error:
        raise InvalidSelection(str(error)) from error
    if not value:
        return []
    try:
        return [int(pk) for pk in value.split(".")]
    except ValueError as error:
        raise InvalidSelection(str(error)) from error


def parse_event_ids(value):
    """Return the positive integers of a comma-separated list, ignoring anything else."""
    ids = []
    for item in value.split(","):
        item = item.strip()
        if item.isascii() and item.isdigit() and 0 < int(item) < 2**63:
            ids.append(int(item))
    return sorted(set(ids))[:MAX_EVENTS]


def feed_url(session_ids, event_ids=()):
    """Return the path and query string of the feed of a selection."""
    query = {}
    if session_ids:
        query["s"] = sign_event_ids(session_ids, SESSIONS_SALT)
    if event_ids:
        query["e"] = sign_event_ids(event_ids)
    return reverse("events:selection-ics") + "?" + urlencode(query)


def selection(request):
    """Show the starred sessions by day, past ones marked, and their feed.

    selection.js sends the stored ids as ?seances=… (sessions) and ?ids=… (events: without
    dates yet, or starred before stars were per session, whose sessions it then adopts).
    """
    session_ids = parse_event_ids(request.GET.get("seances", ""))
    event_ids = parse_event_ids(request.GET.get("ids", ""))
    sessions = list(
        Session.objects.published()
        .filter(Q(pk__in=session_ids) | Q(event_id__in=event_ids))
        .with_related()
    )
    dated = {session.event_id for session in sessions}
    now = timezone.now()
    for session in sessions:
        session.shown_as_past = session.is_past(now)
    # Starred as events, these now stand for their sessions to come (all, once over).
    starred_as_events = {}
    for session in sessions:
        if session.event_id in event_ids:
            starred_as_events.setdefault(session.event_id, []).append(session)
    adopted = {
        event_id: [s.pk for s in ([s for s in group if not s.shown_as_past] or group)]
        for event_id, group in starred_as_events.items()
    }
    undated = list(
        Event.objects.published()
        .filter(pk__in=set(event_ids) - dated)
        .select_related("edition")
        .order_by("edition__starts_on", "title")
    )
    repeated, singles = rows.split_series(sessions)
    past_ids = {str(session.pk) for session in sessions if session.shown_as_past}
    for row in repeated:
        # A series is past once all its days are.
        row.shown_as_past = set(row.star_ids.split()) <= past_ids
    rows.mark_rows(repeated)
    rows.mark_rows(singles)
    context = {
        "has_selection": bool(sessions or undated),
        "repeated": repeated,
        "days": rows.group_by_day(singles),
        "undated": undated,
        "adopted": [(pk, " ".join(map(str, ids))) for pk, ids in adopted.items()],
        # Rows, not sessions: a series half over is not « passée ».
        "past_count": sum(row.shown_as_past for row in repeated + singles),
        "has_ids": bool(session_ids or event_ids),
        "feed_url": (
            feed_url(
                [session.pk for session in sessions if session.event_id not in event_ids]
                + [pk for ids in adopted.values() for pk in ids],
                [event.pk for event in undated],
            )
            if sessions or undated
            else ""
        ),
    }
    return render(request, "events/selection.html", context)
