"""The programme: an edition's sessions by day, filtered by the query string."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import rows as rows_of
from events.filters import NEAR_FIELDS, OUTSIDE_FORM, ProgrammeFilterForm, one_date_filter
from events.models import Edition, Event, Session
from events.views.common import (
    EDITION_PREVIEW_NOTICE,
    edition_or_preview,
    listed_in,
    preview_response,
)

# Rows on a page of the programme, after repeated days are folded into one row: the
# whole programme of an edition fits, and prints as the booklet.
PROGRAMME_PAGE_SIZE = 500
# "?page=tout" shows the whole selection on one page, however long.
ALL_ON_ONE_PAGE = "tout"
PROGRAMME_MAX_ROWS = 3000
# "?jours=tous": during an edition, the programme also shows the days already past.
ALL_DAYS = ("jours", "tous")
DATE_FILTERS = ("jour", "du", "au")
# Past sessions found by the filters during the edition: the latest ones named.
PAST_SHOWN = 3


def quick_links(edition, today):
    """Return the one-tap choices of a running edition: today, tomorrow, this weekend.

    Each is a dict with a key, a label, its days and the programme's query string.
    """
    if not edition.is_running:
        return []
    links = [{"key": "today", "label": _("Aujourd'hui"), "days": (today, today)}]
    tomorrow = today + datetime.timedelta(days=1)
    if tomorrow <= edition.ends_on:
        links.append({"key": "tomorrow", "label": _("Demain"), "days": (tomorrow, tomorrow)})
    weekend = next_weekend(today, edition)
    if weekend:
        links.append({"key": "weekend", "label": _("Ce week-end"), "days": weekend})
    for link in links:
        first, last = link["days"]
        if first == last:
            link["query"] = urlencode({"jour": first.isoformat()})
        else:
            link["query"] = urlencode({"du": first.isoformat(), "au": last.isoformat()})
    return links


def next_weekend(today, edition):
    """Return the Saturday and Sunday of this or next weekend, cut to the edition, or None."""
    saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7)
    if today.weekday() == 6:
        saturday = today - datetime.timedelta(days=1)
    first = max(saturday, today, edition.starts_on)
    last = min(saturday + datetime.timedelta(days=1), edition.ends_on)
    return (first, last) if first <= last else None


def programme_current(request):
    edition = Edition.objects.current() or Edition.objects.published().first()
    if edition is None:
        raise Http404
    url = reverse("events:programme", kwargs={"edition": edition.slug})
    return redirect(with_query(url, set_parameters(request.GET)))


def set_parameters(query):
    """Return a copy of a QueryDict without its empty values (a GET form sends them all)."""
    clean = QueryDict(mutable=True)
    for name, values in query.lists():
        kept = [value for value in values if value.strip()]
        if kept:
            clean.setlist(name, kept)
    return clean


def programme(request, edition):
    """List an edition's sessions by day (or by distance), filtered by the query string.

    During the edition, the list starts today unless the visitor chose days. Multi-day
    sessions and daily series are one row each, unless a single day is chosen.
    """
    edition = edition_or_preview(request, edition)
    query = one_date_filter(set_parameters(request.GET))
    if query.urlencode() != request.GET.urlencode():
        # Links and calendar feeds then carry only what the visitor chose.
        return redirect(with_query(request.path, query))
    form = ProgrammeFilterForm(request.GET, edition=edition)
    for error in form.error_messages():
        messages.warning(request, error)
    chosen = form.valid_data
    today = timezone.localdate()
    all_days = query.get(ALL_DAYS[0]) == ALL_DAYS[1]
    has_dates = any(name in request.GET for name in DATE_FILTERS)
    from_today = edition.is_running and not has_dates and not all_days
    # A staff preview of an unpublished edition shows its drafts too, marked « brouillon ».
    published = listed_in(edition, Session.objects)
    sessions = form.filter(published)
    if from_today:
        sessions = sessions.between(today, edition.ends_on)
    sessions = list(sessions.with_related()[:PROGRAMME_MAX_ROWS])
    single_day = chosen.get("jour")
    first_shown = single_day or chosen.get("du") or (today if from_today else None)
    if single_day:
        repeated, singles = [], sessions
    else:
        repeated, singles = rows_of.split_series(sessions)
    show_all = query.get("page") == ALL_ON_ONE_PAGE
    page_size = PROGRAMME_MAX_ROWS if show_all else PROGRAMME_PAGE_SIZE
    page = Paginator(singles, page_size).get_page(1 if show_all else query.get("page"))
    rows = list(page.object_list)
    origin = form.origin()
    if origin:
        # Nearest first, exhibitions included: each runs in its town's group.
        if page.number == 1:
            rows = repeated + rows
        repeated = []
        groups = [
            {"town": form.town_names.get(town, town), "distance": distance, "sessions": members}
            for town, distance, members in rows_of.group_by_distance(rows, origin)
        ]
    else:
        groups = [
            {"day": day, "sessions": members}
            for day, members in rows_of.group_by_day(rows, first_shown)
        ]
    if page.number > 1:
        repeated = []
    rows_of.mark_rows(repeated, show_day=False)
    rows_of.mark_rows(rows, show_day=bool(origin) and not single_day)
    rows_of.render_rows(repeated + rows)
    shown = [session for group in groups for session in group["sessions"]] + repeated
    past_count, past = _past_matches(form, published) if from_today and form.valid_data else (0, [])
    page_query = query.copy()
    page_query.pop("page", None)
    all_days_query = page_query.copy()
    for name in ("jour", "du", "au"):
        all_days_query.pop(name, None)
    if edition.is_running:
        all_days_query[ALL_DAYS[0]] = ALL_DAYS[1]
    else:
        all_days_query.pop(ALL_DAYS[0], None)
    search_everywhere = QueryDict(mutable=True)
    if "q" in query:
        search_everywhere["q"] = query["q"]
        if edition.is_running:
            search_everywhere[ALL_DAYS[0]] = ALL_DAYS[1]
    feed_query = page_query.copy()
    for name in (ALL_DAYS[0], *NEAR_FIELDS):
        feed_query.pop(name, None)
    near_query = page_query.copy()
    for name in NEAR_FIELDS:
        near_query.pop(name, None)
    context = {
        "edition": edition,
        "form": form,
        "page": page,
        "today": today,
        "result_count": len(sessions),
        "past_count": past_count,
        "past_sessions": past,
        "repeated": repeated,
        "groups": groups,
        # The booklet's last pages: addresses and booking contacts of what it lists.
        "booklet_places": sorted(
            {session.place for session in shown if session.place},
            key=lambda venue: (venue.town, venue.name),
        ),
        "booklet_bookings": sorted(
            {s.event for s in shown if s.event.booking != Event.Booking.NONE},
            key=lambda event: event.title,
        ),
        "origin": origin,
        "from_today": from_today,
        "quick_links": _current_quick_links(quick_links(edition, today), chosen, has_dates),
        "day_links": _day_links(form, published, page_query),
        "filter_summary": form.summary(),
        "active_filters": form.active_filters(page_query),
        "is_filtered": bool(chosen or form.rejected_data),
        "query": page_query.urlencode(),
        "all_on_one_page": ALL_ON_ONE_PAGE,
        "all_days_query": all_days_query.urlencode(),
        "search_everywhere_query": search_everywhere.urlencode(),
        "all_days": all_days or (not edition.is_running and not has_dates),
        # Every value of a filter with several (?acces=lsf&acces=boucle).
        "near_fields": _pairs(near_query),
        "search_fields": _pairs(page_query, leave_out=("q",)),
        "kept_by_filters": [
            (name, value) for name, value in _pairs(page_query) if name in OUTSIDE_FORM
        ],
        "near_query": near_query.urlencode(),
        "feed_url": with_query(
            reverse("events:programme-ics", kwargs={"edition": edition.slug}), feed_query
        ),
        "section": "programme",
        "next_edition": edition.next_edition() if edition.is_over else None,
        "preview_notice": "" if edition.is_published else EDITION_PREVIEW_NOTICE,
    }
    response = render(request, "events/programme.html", context)
    return response if edition.is_published else preview_response(response)


def _past_matches(form, published):
    """Return what the visitor's filters found on the days already past, latest first.

    The programme starts today: a search for a workshop held two days ago must say so.
    """
    past = form.filter(published).filter(starts_at__lt=timezone.now()).order_by("-starts_at")
    count = past.count()
    return count, list(past.with_related()[:PAST_SHOWN]) if count else []


def _pairs(query, leave_out=()):
    """Return a query's (name, value) pairs, for hidden inputs that keep what else was chosen."""
    return [
        (name, value) for name, values in query.lists() if name not in leave_out for value in values
    ]


def _current_quick_links(links, chosen, has_dates):
    """Mark the quick link whose days are the ones chosen."""
    for link in links:
        first, last = link["days"]
        if first == last:
            link["current"] = chosen.get("jour") == first and not {"du", "au"} & set(chosen)
        else:
            link["current"] = (chosen.get("du"), chosen.get("au")) == (first, last)
    return links


def _day_links(form, published, query):
    """Return, for each edition day, how many sessions match the other filters, and its URL."""
    counts = dict.fromkeys(form.edition.days, 0)
    spans = form.filter(published, ignore=DATE_FILTERS).values_list("starts_at", "ends_at")
    zone, edition = timezone.get_current_timezone(), form.edition
    for starts_at, ends_at in spans:
        day = max(starts_at.astimezone(zone).date(), edition.starts_on)
        last = (ends_at - datetime.timedelta(microseconds=1)).astimezone(zone).date()
        last = min(last, edition.ends_on)
        while day <= last:
            counts[day] += 1
            day += datetime.timedelta(days=1)
    chosen = form.valid_data.get("jour")
    links = []
    for day, count in counts.items():
        day_query = query.copy()
        for name in (*DATE_FILTERS, ALL_DAYS[0]):
            day_query.pop(name, None)
        day_query["jour"] = day.isoformat()
        links.append(
            {"day": day, "count": count, "query": day_query.urlencode(), "current": day == chosen}
        )
    return links


def with_query(url, query):
    encoded = query.urlencode()
    return f"{url}?{encoded}" if encoded else url
