"""Links to the iCalendar feeds: subscribe (webcal://, Google Calendar), download, add a session."""

import datetime
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings

from events import ical

register = template.Library()

GOOGLE_SUBSCRIBE_URL = "https://calendar.google.com/calendar/r"
GOOGLE_TEMPLATE_URL = "https://calendar.google.com/calendar/render"
# Outlook.com's « Subscribe from web » with the address filled in.
OUTLOOK_SUBSCRIBE_URL = "https://outlook.live.com/calendar/0/addfromweb"


def _absolute_url(context, path):
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri(path)
    return ical.site_url(path)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """Return the full URL of a path on this site."""
    return _absolute_url(context, path)


@register.simple_tag(takes_context=True)
def calendar_feed_urls(context, feed_url, name=""):
    """Return the download, webcal://, Google Calendar and Outlook.com URLs of a feed.

    The download is the complete feed: a subscription to a very large one holds only
    the sessions to come (see events.ical.subscription_window).
    """
    subscription = _absolute_url(context, feed_url)
    webcal = "webcal://" + subscription.split("://", 1)[1]
    download = subscription + ("&" if "?" in subscription else "?") + "complet=1"
    return {
        "download": download,
        "webcal": webcal,
        "subscription": subscription,
        "google": f"{GOOGLE_SUBSCRIBE_URL}?cid={quote(webcal, safe='')}",
        "outlook": f"{OUTLOOK_SUBSCRIBE_URL}?{urlencode({'url': subscription, 'name': name})}",
        "limit": ical.FEED_MAX_SESSIONS,
    }


@register.simple_tag(takes_context=True)
def google_calendar_url(context, session):
    """Return the Google Calendar link that adds one session, in Paris time."""
    if session.is_all_day:
        last = session.last_day + datetime.timedelta(days=1)
        dates = f"{session.first_day:%Y%m%d}/{last:%Y%m%d}"
    else:
        # In UTC: a local time of the hour repeated in October would not say which pass.
        start = session.starts_at.astimezone(datetime.UTC)
        end = session.ends_at.astimezone(datetime.UTC)
        dates = f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
    event_url = _absolute_url(context, session.event.get_absolute_url())
    details = "\n\n".join(part for part in [session.event.summary, session.note, event_url] if part)
    place = session.place
    query = {
        "action": "TEMPLATE",
        "text": ical.session_summary(session),
        "dates": dates,
        "details": details,
        "location": place.full_address if place else "",
        "ctz": settings.TIME_ZONE,
    }
    return f"{GOOGLE_TEMPLATE_URL}?{urlencode(query)}"
