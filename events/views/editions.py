"""An edition's page (the home page shows the current one), the list of editions, previews."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from events import rows as rows_of
from events.models import Edition, Event, Session, whole_days
from events.views.common import (
    EDITION_PREVIEW_NOTICE,
    edition_or_preview,
    listed_in,
    preview_response,
)
from events.views.programme import quick_links
from quinzaine.images import resized_url

HOME_SESSIONS = 8


def home(request):
    edition = Edition.objects.current() or Edition.objects.published().first()
    if edition is None:
        raise Http404
    return _edition_page(request, edition)


def edition_detail(request, edition):
    return _edition_page(request, edition_or_preview(request, edition))


def _edition_page(request, edition):
    """Show an edition: where it stands, today and this weekend, highlights, partners."""
    events = list(
        listed_in(edition, Event.objects)
        .filter(~Q(highlight="") | Q(is_featured=True))
        .select_related("edition", "category", "venue")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.select_related("venue")))
        .order_by("title")
    )
    for event in events:
        event.image_url = resized_url(event.image, 640, 360, crop=True)
    highlights = {event.highlight: event for event in events if event.highlight}
    today = timezone.localdate()
    shortcuts = quick_links(edition, today)
    blocks = []
    shown = [link for link in shortcuts if link["key"] in ("today", "weekend")]
    if edition.is_running and shown:
        # Only the days the blocks show: not the rest of the edition.
        first = min(link["days"][0] for link in shown)
        last = max(link["days"][1] for link in shown)
        sessions = list(listed_in(edition, Session.objects).between(first, last).with_related())
        blocks = [_home_block(link, sessions, today) for link in shown]
    partnerships = list(edition.partnerships.in_role_order().select_related("partner"))
    for partnership in partnerships:
        partnership.logo_url = resized_url(partnership.partner.logo, 320)
    context = {
        "edition": edition,
        "edition_image_url": resized_url(edition.image, 1200, 630, crop=True),
        # The home page shows the current edition too; both point search engines to the edition.
        "canonical_url": request.build_absolute_uri(edition.get_absolute_url()),
        "opening": highlights.get(Event.Highlight.OPENING),
        "closing": highlights.get(Event.Highlight.CLOSING),
        "featured": [event for event in events if event.is_featured and not event.highlight],
        "quick_links": shortcuts,
        "blocks": blocks,
        "next_edition": edition.next_edition() if edition.is_over else None,
        "partnerships": partnerships,
        "preview_notice": "" if edition.is_published else EDITION_PREVIEW_NOTICE,
    }
    response = render(request, "events/edition_detail.html", context)
    return response if edition.is_published else preview_response(response)


def _home_block(link, sessions, today):
    """Return a home block: the first rows of a quick link's days, and how many in all."""
    first, last = link["days"]
    start, end = whole_days(first, last)
    matching = [s for s in sessions if s.starts_at < end and s.ends_at > start]
    if first == last:
        rows = matching
    else:
        repeated, rows = rows_of.split_series(matching)
        rows = repeated + rows
    for session in rows:
        if session.first_day < first:
            session.is_ongoing = True
    rows_of.mark_rows(rows[:HOME_SESSIONS], show_day=True)
    return {**link, "rows": rows[:HOME_SESSIONS], "count": len(matching)}


def edition_list(request):
    editions = list(Edition.objects.published().with_event_count())
    for edition in editions:
        edition.image_url = resized_url(edition.image, 640, 360, crop=True)
    return render(request, "events/edition_list.html", {"editions": editions})
