"""Filters for programme rows: days and times as the active language writes them, badges."""

import re

from django import template
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from quinzaine.accessibility import BADGES, Access
from quinzaine.dates import format_day, format_time
from quinzaine.text import fold

register = template.Library()

# The languages events are most often held in, as organisers write them (Event.languages).
SPOKEN_LANGUAGES = {
    "francais": gettext_lazy("français"),
    "japonais": gettext_lazy("japonais"),
    "anglais": gettext_lazy("anglais"),
    "occitan": gettext_lazy("occitan"),
    "espagnol": gettext_lazy("espagnol"),
    "catalan": gettext_lazy("catalan"),
    "langue des signes francaise": gettext_lazy("langue des signes française"),
    "lsf": gettext_lazy("LSF"),
}


@register.filter(expects_localtime=True)
def heure(value):
    """Return a time of day: "10 h", "18 h 30" in French, "18:30" in English and Japanese."""
    if value is None or value == "":
        return ""
    return format_time(value)


@register.filter(expects_localtime=True)
def full_date(value):
    """Return a day with its weekday and year: « samedi 28 novembre 2026 »."""
    return format_day(value, "FULL_DATE_FORMAT") if value else ""


@register.filter(expects_localtime=True)
def weekday(value):
    """Return a day with its weekday, without the year: « samedi 28 novembre »."""
    return format_day(value, "WEEKDAY_FORMAT") if value else ""


@register.filter(expects_localtime=True)
def range_first(value):
    """Return the first day of a span: « 3 décembre », « 2026年12月3日 » (the year first)."""
    return format_day(value, "RANGE_FIRST_FORMAT") if value else ""


@register.filter(expects_localtime=True)
def range_last(value):
    """Return the last day of a span: « 17 décembre 2026 », « 12月17日 »."""
    return format_day(value, "RANGE_LAST_FORMAT") if value else ""


@register.filter(expects_localtime=True)
def short_weekday(value):
    """Return a day as the programme's day strip shows it: « sam. 28 », « 28日(土) »."""
    return format_day(value, "SHORT_WEEKDAY_FORMAT") if value else ""


@register.filter(expects_localtime=True)
def short_day(value):
    """Return a day as a programme row shows it: « sam. 28 nov. », « 11月28日(土) »."""
    return format_day(value, "SHORT_DAY_FORMAT") if value else ""


@register.filter
def upcoming_session_ids(event):
    """Return the ids of an event's sessions not over yet, for its star ("12 13").

    Reads the event's prefetched sessions.
    """
    now = timezone.now()
    return " ".join(str(session.pk) for session in event.sessions.all() if not session.is_past(now))


@register.filter
def is_undated(event):
    """Tell whether an event has no session yet (its star then stands for the event)."""
    return not event.sessions.all()


@register.filter
def km(value):
    """Return a distance in whole kilometres, "moins de 1 km" when nearer."""
    if value is None:
        return ""
    if value < 1:
        return _("moins de 1 km")
    return _("%(distance)s km") % {"distance": round(value)}


@register.filter
def spoken_languages(text):
    """Return the languages of an event in the page's language: "French, Japanese"."""
    if get_language() == "fr":
        return text
    names = [name.strip() for name in re.split(r",|;|\bet\b", text or "") if name.strip()]
    separator = pgettext("entre les noms d'une liste", ", ")
    return separator.join(str(SPOKEN_LANGUAGES.get(fold(name), name)) for name in names)


@register.filter
def access_badge(kind):
    """Return the short label of a kind of Access: "accessible PMR", "LSF"."""
    return BADGES[Access(kind)]
