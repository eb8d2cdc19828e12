"""A visitor's personal selection of events, kept in the browser: no account needed.

The browser stores the starred event ids; the selection page turns them into a feed URL
carrying the ids, signed so that nobody can pass off a made-up URL as one of the site's.
The feed holds event ids, not session ids, and no expiry date: the same URL keeps
showing every session of those events as organisers add, move or cancel them.
"""

from urllib.parse import urlencode

from django.core import signing
from django.shortcuts import render
from django.urls import reverse

from events import rows
from events.models import Event, Session

SALT = "events.selection"
# Keeps feed URLs short enough for every calendar app.
MAX_EVENTS = 200


class InvalidSelection(ValueError):
    """Raised for a selection token that was not signed by this site or is malformed."""


def sign_event_ids(event_ids):
    """Return the token of a selection: its sorted ids, signed."""
    ids = sorted(set(event_ids))[:MAX_EVENTS]
    return signing.Signer(salt=SALT).sign(".".join(str(pk) for pk in ids))


def unsign_event_ids(token):
    """Return the event ids of a token made by sign_event_ids(), or raise InvalidSelection."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
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


def feed_url(event_ids):
    """Return the path and query string of the feed of a selection."""
    return reverse("events:selection-ics") + "?" + urlencode({"e": sign_event_ids(event_ids)})


def selection(request):
    """Show the starred events' sessions by day (ids sent by selection.js as ?ids=…), and their feed."""
    event_ids = parse_event_ids(request.GET.get("ids", ""))
    events = list(
        Event.objects.published()
        .filter(pk__in=event_ids)
        .select_related("edition", "category", "venue")
        .order_by("edition__starts_on", "title")
    )
    sessions = list(Session.objects.published().filter(event_id__in=event_ids).with_related())
    repeated, singles = rows.split_series(sessions)
    rows.mark_rows(repeated)
    rows.mark_rows(singles)
    dated = {session.event_id for session in sessions}
    context = {
        "events": events,
        "repeated": repeated,
        "days": rows.group_by_day(singles),
        "undated": [event for event in events if event.pk not in dated],
        "has_ids": bool(event_ids),
        "feed_url": feed_url([event.pk for event in events]) if events else "",
    }
    return render(request, "events/selection.html", context)
