import datetime
import hashlib
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events import ical
from events.filters import ProgrammeFilterForm
from events.images import resized_url
from events.jsonld import event_json_ld, json_ld_script_content
from events.models import Edition, Event, Partner, Session

HOME_SESSIONS = 8
PROGRAMME_PAGE_SIZE = 50
# "?page=tout" shows the whole selection on one page, for printing the booklet.
ALL_ON_ONE_PAGE = "tout"
PROGRAMME_MAX_ROWS = 3000
RELATED_EVENTS = 4


def home(request):
    edition = Edition.objects.current() or Edition.objects.published().first()
    if edition is None:
        raise Http404
    return _edition_page(request, edition)


def edition_detail(request, edition):
    edition = get_object_or_404(Edition.objects.published(), slug=edition)
    return _edition_page(request, edition)


def _edition_page(request, edition):
    """Show an edition: dates, opening and closing, featured events, today, partners."""
    events = list(
        Event.objects.published()
        .in_edition(edition)
        .filter(~Q(highlight="") | Q(is_featured=True))
        .select_related("edition", "category", "venue")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.select_related("venue")))
        .order_by("title")
    )
    for event in events:
        event.image_url = resized_url(event.image, 640, 360, crop=True)
    highlights = {event.highlight: event for event in events if event.highlight}
    today = timezone.localdate()
    during_festival = edition.starts_on <= today <= edition.ends_on
    today_sessions = weekend_sessions = []
    if during_festival:
        sessions = Session.objects.published().in_edition(edition).with_related()
        today_sessions = list(sessions.on_day(today)[:HOME_SESSIONS])
        weekend = _next_weekend(today, edition)
        if weekend:
            weekend_sessions = list(sessions.between(*weekend)[:HOME_SESSIONS])
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
        "during_festival": during_festival,
        "today_sessions": today_sessions,
        "weekend_sessions": weekend_sessions,
        "partnerships": partnerships,
    }
    return render(request, "events/edition_detail.html", context)


def _next_weekend(today, edition):
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
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


def programme(request, edition):
    """List an edition's sessions by day, filtered by the query string, a page at a time."""
    edition = get_object_or_404(Edition.objects.published(), slug=edition)
    form = ProgrammeFilterForm(request.GET, edition=edition)
    for error in form.error_messages():
        messages.warning(request, error)
    published = Session.objects.published().in_edition(edition)
    sessions = form.filter(published).with_related()
    show_all = request.GET.get("page") == ALL_ON_ONE_PAGE
    page_size = PROGRAMME_MAX_ROWS if show_all else PROGRAMME_PAGE_SIZE
    page = Paginator(sessions, page_size).get_page(1 if show_all else request.GET.get("page"))
    chosen = form.valid_data
    all_days = request.GET.copy()
    for name in ("page", "jour"):
        all_days.pop(name, None)
    first_shown = chosen.get("jour") or chosen.get("du")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "edition": edition,
        "form": form,
        "page": page,
        "result_count": page.paginator.count,
        "days": _group_by_day(page.object_list, first_shown),
        "day_links": _day_links(form, published, query),
        "filter_summary": form.summary(),
        "is_filtered": bool(chosen or form.rejected_data),
        "query": query.urlencode(),
        "all_on_one_page": ALL_ON_ONE_PAGE,
        "all_days_query": all_days.urlencode(),
        "feed_url": _with_query(
            reverse("events:programme-ics", kwargs={"edition": edition.slug}), query
        ),
        "section": "programme",
    }
    return render(request, "events/programme.html", context)


def _group_by_day(sessions, first_shown=None):
    """Return (day, sessions) pairs; a session begun before the first day shown joins it."""
    days = []
    for session in sessions:
        day = session.first_day
        if first_shown and day < first_shown:
            day = first_shown
        session.is_ongoing = day != session.first_day
        session.row_key = row_key(session)
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(session)
    return days


def row_key(session):
    """Return a key for a programme row, made of everything it shows (session_row.html).

    Rendered rows are cached under it (the "fragments" cache): a row changes key, and is
    rendered again, as soon as one of the values it shows does.
    """
    place = session.place
    inputs = [
        ical.vevent_inputs(session),
        session.event.audience,
        session.is_ongoing,
        place.is_wheelchair_accessible if place else None,
        place.town if place else None,
        place.name if place else None,
        translation.get_language(),
    ]
    return hashlib.sha256("\x1f".join(map(str, inputs)).encode()).hexdigest()


def _day_links(form, published, query):
    """Return, for each edition day, how many sessions match the other filters, and its URL."""
    counts = dict.fromkeys(form.edition.days, 0)
    spans = form.filter(published, ignore=("jour",)).values_list("starts_at", "ends_at")
    for starts_at, ends_at in spans:
        first = timezone.localtime(starts_at).date()
        last = timezone.localtime(ends_at - datetime.timedelta(microseconds=1)).date()
        for day in counts:
            if first <= day <= last:
                counts[day] += 1
    chosen = form.valid_data.get("jour")
    links = []
    for day, count in counts.items():
        day_query = query.copy()
        day_query["jour"] = day.isoformat()
        links.append(
            {"day": day, "count": count, "query": day_query.urlencode(), "current": day == chosen}
        )
    return links


def _with_query(url, query):
    encoded = query.urlencode()
    return f"{url}?{encoded}" if encoded else url


def event_detail(request, edition, slug):
    event = get_object_or_404(
        Event.objects.select_related("edition", "category", "venue").prefetch_related(
            "organisers", "themes"
        ),
        edition__slug=edition,
        slug=slug,
    )
    # Drafts stay hidden, except to staff previewing them from the admin.
    is_preview = not event.is_public
    if is_preview and not (request.user.is_staff and request.user.has_perm("events.view_event")):
        raise Http404
    sessions = list(event.sessions.select_related("venue"))
    now = timezone.now()
    for session in sessions:
        session.past = session.is_past(now)
    places = list(dict.fromkeys(session.place for session in sessions if session.place))
    if not places and event.venue:
        places = [event.venue]
    for venue in places:
        venue.photo_url = resized_url(venue.photo, 480)
    related_to = Q(category=event.category_id)
    if event.venue_id:
        related_to |= Q(venue=event.venue_id)
    related = (
        Event.objects.published()
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
        "places": places,
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
    return render(request, "events/event_detail.html", context)


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


def partner_list(request):
    edition = Edition.objects.current() or Edition.objects.published().first()
    partnerships = []
    if edition is not None:
        partnerships = list(edition.partnerships.in_role_order().select_related("partner"))
    for partnership in partnerships:
        partnership.logo_url = resized_url(partnership.partner.logo, 320)
    context = {"edition": edition, "partnerships": partnerships}
    return render(request, "events/partner_list.html", context)


def partner_detail(request, slug):
    partner = get_object_or_404(Partner.objects.public(), slug=slug)
    events = (
        partner.organised_events.published()
        .select_related("edition", "category")
        .order_by("-edition__starts_on", "title")
    )
    partnerships = (
        partner.partnerships.filter(edition__is_published=True)
        .select_related("edition")
        .order_by("-edition__starts_on")
    )
    context = {
        "partner": partner,
        "events": events,
        "partnerships": partnerships,
        "logo_url": resized_url(partner.logo, 480),
    }
    return render(request, "events/partner_detail.html", context)


def edition_list(request):
    editions = list(Edition.objects.published().with_event_count())
    for edition in editions:
        edition.image_url = resized_url(edition.image, 640, 360, crop=True)
    return render(request, "events/edition_list.html", {"editions": editions})
