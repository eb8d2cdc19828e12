"""schema.org Event data for search engines, one entry per session of an event."""

import json
import re

from django.utils import timezone
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from events.models import Session
from quinzaine.accessibility import SCHEMA_TERMS
from venues.models import Department

EVENT_STATUS = {
    Session.Status.CANCELLED: "https://schema.org/EventCancelled",
    Session.Status.POSTPONED: "https://schema.org/EventPostponed",
}


def event_json_ld(event, sessions, absolute_url, image_url=""):
    """Return the schema.org Event objects of an event's sessions (or of the event alone)."""
    url = absolute_url(event.get_absolute_url())
    base = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        # The language the page gives the name and description in.
        "inLanguage": get_language(),
        "offers": offer(event, url),
    }
    if event.summary or event.description:
        base["description"] = event.summary or event.description[:300]
    if image_url:
        base["image"] = [absolute_url(image_url)]
    organisers = [
        {
            "@type": "Organization",
            "name": partner.name,
            "url": partner.website or absolute_url(partner.get_absolute_url()),
        }
        for partner in event.organisers.all()
    ]
    if organisers:
        base["organizer"] = organisers
    entries = []
    for session in sessions:
        entry = dict(base)
        entry["startDate"] = (
            session.first_day.isoformat()
            if session.is_all_day
            else timezone.localtime(session.starts_at).isoformat()
        )
        entry["endDate"] = (
            session.last_day.isoformat()
            if session.is_all_day
            else timezone.localtime(session.ends_at).isoformat()
        )
        entry["eventStatus"] = (
            EVENT_STATUS[Session.Status.CANCELLED]
            if session.is_cancelled
            else EVENT_STATUS.get(session.status, "https://schema.org/EventScheduled")
        )
        if session.place:
            entry["location"] = place(session.place)
        features = [SCHEMA_TERMS[kind] for kind in session.access_kinds if kind in SCHEMA_TERMS]
        if features:
            # Terms of the W3C accessibility vocabulary; kinds without one are left out.
            entry["accessibilityFeature"] = features
        if session.status == Session.Status.FULL:
            entry["offers"] = {**entry["offers"], "availability": "https://schema.org/SoldOut"}
        entries.append(entry)
    return entries


def offer(event, url):
    """Return the schema.org Offer of an event: free, or its price as written."""
    data = {
        "@type": "Offer",
        "url": event.booking_url or url,
        "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock",
    }
    if event.is_free:
        data["price"] = "0"
    else:
        amount = re.search(r"\d+(?:[.,]\d+)?", event.price)
        if amount:
            data["price"] = amount.group().replace(",", ".")
        data["description"] = event.price
    return data


def place(venue):
    data = {
        "@type": "Place",
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "postalCode": venue.postcode,
            "addressLocality": venue.town,
            "addressRegion": str(Department(venue.department).label)
            if venue.department in Department.values
            else "",
            "addressCountry": "FR",
        },
    }
    if venue.access_kinds:
        data["amenityFeature"] = [
            {"@type": "LocationFeatureSpecification", "name": str(kind.label), "value": True}
            for kind in venue.access_kinds
        ]
    if venue.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return data


def json_ld_script_content(data):
    """Return JSON safe to put between <script> tags: no "</script>" can close them early."""
    return mark_safe(
        json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_json_script_escapes)
    )
