"""Filters for programme rows: times as French typography writes them, short badges."""

from django import template
from django.utils import timezone

from quinzaine.accessibility import BADGES, Access

register = template.Library()


@register.filter
def heure(value):
    """Return a time of day the French way: "10 h", "18 h 30"."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "date"):
        value = timezone.localtime(value)
    if value.minute:
        return f"{value.hour} h {value.minute:02d}"
    return f"{value.hour} h"


@register.filter
def km(value):
    """Return a distance in whole kilometres, "moins de 1 km" when nearer."""
    if value is None:
        return ""
    if value < 1:
        return "moins de 1 km"
    return f"{round(value)} km"


@register.filter
def access_badge(kind):
    """Return the short label of a kind of Access: "accessible PMR", "LSF"."""
    return BADGES[Access(kind)]
