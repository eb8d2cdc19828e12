import datetime
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events import proposals
from events import rows as rows_of
from events.filters import NEAR_FIELDS, ProgrammeFilterForm
from events.forms import ProposalForm, ProposedSessionFormSet
from events.jsonld import event_json_ld, json_ld_script_content
from events.models import Edition, Event, Partner, Proposal, Session, whole_days
from quinzaine.images import resized_url

HOME_SESSIONS = 8
# Rows on a page of the programme, after repeated days are folded into one row: the
# whole programme of an edition fits, and prints as the booklet.
PROGRAMME_PAGE_SIZE = 500
# "?page=tout" shows the whole selection on one page, however long.
ALL_ON_ONE_PAGE = "tout"
PROGRAMME_MAX_ROWS = 3000
# "?jours=tous": during an edition, the programme also shows the days already past.
ALL_DAYS = ("jours", "tous")
DATE_FILTERS = ("jour", "du", "au")
RELATED_EVENTS = 4
# Dates listed among an event's key facts; the full list follows the description.
KEY_DATES = 3


def home(request):
    edition = Edition.objects.current() or Edition.objects.published().first()
    if edition is None:
        raise Http404
    return _edition_page(request, edition)


def edition_detail(request, edition):
    return _edition_page(request, _edition_or_preview(request, edition))


def _may_preview(request, permission):
    """Tell whether the visitor is staff allowed to see what the public does not yet."""
    return request.user.is_staff and request.user.has_perm(permission)


def _edition_or_preview(request, slug):
    """Return the edition of a slug: a published one, or any to staff previewing it; else 404."""
    edition = get_object_or_404(Edition, slug=slug)
    if not edition.is_published and not _may_preview(request, "events.view_edition"):
        raise Http404
    return edition


def _preview_response(response):
    # A preview is for its staff viewer only: no browser, proxy or CDN may keep it.
    add_never_cache_headers(response)
    return response


EDITION_PREVIEW_NOTICE = _("Aperçu : cette édition n'est pas publiée, le public ne la voit pas")


def _edition_page(request, edition):
    """Show an edition: where it stands, today and this weekend, highlights, partners."""
    events = list(
        Event.objects.listed()
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
    shortcuts = quick_links(edition, today)
    blocks = []
    shown = [link for link in shortcuts if link["key"] in ("today", "weekend")]
    if edition.is_running and shown:
        # Only the days the blocks show: not the rest of the edition.
        first = min(link["days"][0] for link in shown)
        last = max(link["days"][1] for link in shown)
        sessions = list(
            Session.objects.listed().in_edition(edition).between(first, last).with_related()
        )
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
    return response if edition.is_published else _preview_response(response)


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
    return redirect(_with_query(url, _set_parameters(request.GET)))


def _set_parameters(query):
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
    edition = _edition_or_preview(request, edition)
    query = _set_parameters(request.GET)
    if query.urlencode() != request.GET.urlencode():
        # Links and calendar feeds then carry only what the visitor chose.
        return redirect(_with_query(request.path, query))
    form = ProgrammeFilterForm(request.GET, edition=edition)
    for error in form.error_messages():
        messages.warning(request, error)
    chosen = form.valid_data
    today = timezone.localdate()
    all_days = query.get(ALL_DAYS[0]) == ALL_DAYS[1]
    has_dates = any(name in request.GET for name in DATE_FILTERS)
    from_today = edition.is_running and not has_dates and not all_days
    published = Session.objects.listed().in_edition(edition)
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
        rows_of.sort_by_distance(repeated, origin)
        groups = [
            {"town": town, "distance": distance, "sessions": members}
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
    page_query = query.copy()
    page_query.pop("page", None)
    all_days_query = page_query.copy()
    for name in ("jour", "du", "au"):
        all_days_query.pop(name, None)
    if edition.is_running:
        all_days_query[ALL_DAYS[0]] = ALL_DAYS[1]
    else:
        all_days_query.pop(ALL_DAYS[0], None)
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
        "repeated": repeated,
        "groups": groups,
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
        "all_days": all_days or (not edition.is_running and not has_dates),
        # Every value of a filter with several (?acces=lsf&acces=boucle).
        "near_fields": [(name, value) for name, values in near_query.lists() for value in values],
        "near_query": near_query.urlencode(),
        "feed_url": _with_query(
            reverse("events:programme-ics", kwargs={"edition": edition.slug}), feed_query
        ),
        "section": "programme",
        "preview_notice": "" if edition.is_published else EDITION_PREVIEW_NOTICE,
    }
    response = render(request, "events/programme.html", context)
    return response if edition.is_published else _preview_response(response)


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
    # Drafts and events of an unpublished edition stay hidden, except to staff previewing them.
    is_preview = not event.is_public
    if is_preview and not _may_preview(request, "events.view_event"):
        raise Http404
    sessions = list(event.sessions.select_related("venue"))
    now = timezone.now()
    for session in sessions:
        session.past = session.is_past(now)
    # Key facts: the dates still to come (all of them once the event is over), repeated
    # days folded into one line.
    shown = [session for session in sessions if not session.past] or sessions
    repeated, singles = rows_of.split_series(shown)
    when = sorted(repeated + singles, key=lambda session: (session.first_day, session.starts_at))
    places = list(dict.fromkeys(session.place for session in sessions if session.place))
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
        "places": places,
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
    return _preview_response(response) if is_preview else response


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


def _proposal_forms(request, edition, proposal=None):
    """Return the proposal form and its sessions formset, bound on POST."""
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ProposalForm(data, files, instance=proposal)
    sessions = ProposedSessionFormSet(
        data, instance=proposal or Proposal(), edition=edition, prefix="seances"
    )
    return form, sessions


def _are_valid(request, form, sessions):
    """Tell whether a posted proposal and its sessions are all valid."""
    if request.method != "POST":
        return False
    form_is_valid, sessions_are_valid = form.is_valid(), sessions.is_valid()
    if form_is_valid and not sessions_are_valid:
        # Refused for a session only: the image chosen must not be lost either.
        form.keep_uploads()
    return form_is_valid and sessions_are_valid


def _save_proposal(request, form, sessions, edition, *, amended=False):
    # The proposal and its sessions together or not at all.
    with transaction.atomic():
        proposal = form.save(commit=False)
        proposal.edition = edition
        proposal.language = get_language() or settings.LANGUAGE_CODE
        if amended:
            proposal.status = Proposal.Status.PENDING
        proposal.save()
        sessions.instance = proposal
        sessions.save()
    proposals.count_submission(proposals.client_address(request))
    proposals.send_submission_emails(proposal, amended=amended)
    return proposal


def _too_many_proposals(request):
    context = {"limit": proposals.RATE_LIMIT}
    return render(request, "events/proposal_limited.html", context, status=429)


def propose(request):
    """Show and receive the « Proposer un événement » form, while an edition's call is open."""
    edition = Edition.objects.open_for_proposals().first()
    if edition is None:
        upcoming = (
            Edition.objects.filter(proposals_open_on__gt=timezone.localdate())
            .order_by("proposals_open_on")
            .first()
        )
        context = {"upcoming": upcoming}
        status = 403 if request.method == "POST" else 200
        return render(request, "events/proposal_closed.html", context, status=status)
    if request.method == "POST" and proposals.is_rate_limited(proposals.client_address(request)):
        return _too_many_proposals(request)
    form, sessions = _proposal_forms(request, edition)
    if _are_valid(request, form, sessions):
        proposal = _save_proposal(request, form, sessions, edition)
        return redirect("events:proposal-sent", token=proposal.follow_token)
    context = {"edition": edition, "form": form, "sessions": sessions}
    response = render(request, "events/proposal_form.html", context)
    add_never_cache_headers(response)
    return response


def _proposal_of_token(token):
    try:
        return Proposal.objects.select_related("edition", "category", "event").from_token(token)
    except Proposal.DoesNotExist:
        raise Http404 from None


def _private(response):
    # The page's address is the proposer's key: kept by no cache, sent to no other site.
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def proposal_sent(request, token):
    proposal = _proposal_of_token(token)
    context = {
        "proposal": proposal,
        "follow_url": request.build_absolute_uri(proposal.get_absolute_url()),
    }
    return _private(render(request, "events/proposal_sent.html", context))


def proposal_follow(request, token):
    """Show a proposal's status and message to its proposer; amend it while it is undecided."""
    proposal = _proposal_of_token(token)
    form = sessions = None
    if proposal.is_amendable:
        if request.method == "POST" and proposals.is_rate_limited(
            proposals.client_address(request)
        ):
            return _too_many_proposals(request)
        form, sessions = _proposal_forms(request, proposal.edition, proposal)
        if _are_valid(request, form, sessions):
            _save_proposal(request, form, sessions, proposal.edition, amended=True)
            messages.success(
                request, _("Vos modifications sont envoyées à l'équipe du festival. Merci !")
            )
            return redirect(proposal.get_absolute_url())
    elif request.method == "POST":
        return HttpResponseNotAllowed(["GET"])
    context = {
        "proposal": proposal,
        "decision": proposals.decision_title(proposal),
        "proposed_sessions": proposal.sessions.select_related("venue"),
        "form": form,
        "sessions": sessions,
        "edition": proposal.edition,
        "follow_url": request.build_absolute_uri(proposal.get_absolute_url()),
    }
    return _private(render(request, "events/proposal_follow.html", context))
