"""An event's page: its sessions, places, access, related events and share links."""

from urllib.parse import quote, urlencode

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import rows as rows_of
from events.jsonld import event_json_ld, json_ld_script_content
from events.models import Event
from events.views.common import may_preview, preview_response, redirect_from_old_slug
from quinzaine.images import resized_url

RELATED_EVENTS = 4
# Dates listed among an event's key facts; the full list follows the description.
KEY_DATES = 3


def event_detail(request, edition, slug):
    event = (
        Event.objects.select_related("edition", "category", "venue")
        .prefetch_related("organisers", "themes")
        .filter(edition__slug=edition, slug=slug)
        .first()
    )
    if event is None:
        return redirect_from_old_slug(edition, slug, "events:event")
    # Drafts and events of an unpublished edition stay hidden, except to staff previewing them.
    is_preview = not event.is_public
    if is_preview and not may_preview(request, "events.view_event"):
        raise Http404
    sessions = list(event.sessions.select_related("venue"))
    now = timezone.now()
    for session in sessions:
        session.past = session.is_past(now)
    star_ids = " ".join(str(session.pk) for session in sessions if not session.past)
    # Key facts: the dates still to come (all of them once the event is over), repeated
    # days folded into one line.
    shown = [session for session in sessions if not session.past] or sessions
    repeated, singles = rows_of.split_series(shown)
    when = sorted(repeated + singles, key=lambda session: (session.first_day, session.starts_at))
    # Where the dates still to come are: a touring event's past towns are not « Où ».
    places = list(dict.fromkeys(session.place for session in shown if session.place))
    if not places and event.venue:
        places = [event.venue]
    for venue in places:
        venue.photo_url = resized_url(venue.photo, 480)
    related_to = Q(category=event.category_id)
    if event.venue_id:
        related_to |= Q(venue=event.venue_id)
    related = (
        Event.objects.listed()
        .in_edition(event.edition)
        .filter(related_to)
        .exclude(pk=event.pk)
        .select_related("edition", "category", "venue")
        .prefetch_related("sessions")
        .order_by("-is_featured", "title")[:RELATED_EVENTS]
    )
    image_url = resized_url(event.image, 1200, 630, crop=True)
    canonical_url = request.build_absolute_uri(event.get_absolute_url())
    json_ld = event_json_ld(event, sessions, request.build_absolute_uri, image_url=image_url)
    context = {
        "event": event,
        "sessions": sessions,
        # The event's star: its sessions to come; for an event without dates yet, itself.
        "star_ids": star_ids,
        "undated": not sessions,
        "places": places,
        # In several places: each key date says where (date + town pairs).
        "is_touring": len({session.place for session in sessions if session.place}) > 1,
        "access": access_by_place(event, places),
        "when": when[:KEY_DATES],
        "more_dates": max(0, len(when) - KEY_DATES),
        "organisers": event.organisers.all(),
        "themes": event.themes.all(),
        "related_events": related,
        "image_url": image_url,
        "canonical_url": canonical_url,
        "share_links": share_links(canonical_url, event.title),
        "json_ld": json_ld_script_content(json_ld),
        "feed_url": reverse(
            "events:event-ics", kwargs={"edition": event.edition.slug, "slug": event.slug}
        ),
        "is_preview": is_preview,
    }
    response = render(request, "events/event_detail.html", context)
    return preview_response(response) if is_preview else response


def access_by_place(event, places):
    """Return (place, kinds of Access) of an event: one line, with no place, if all agree."""
    offers = [(place, event.access_kinds_at(place)) for place in places]
    kinds = {tuple(kinds) for _place, kinds in offers} or {tuple(event.access_kinds)}
    if len(kinds) == 1:
        (same,) = kinds
        return [(None, list(same))] if same else []
    return offers


def share_links(url, title):
    """Return links that share a page by e-mail or on social networks, without their scripts."""
    text = f"{title} – {url}"
    return [
        (
            "email",
            _("Par e-mail"),
            "mailto:?" + urlencode({"subject": title, "body": text}, quote_via=quote),
        ),
        (
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ("x", "X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
    ]
