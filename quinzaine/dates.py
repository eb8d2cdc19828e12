"""Days and times as the active language writes them, with the festival's own formats.

quinzaine/formats/<language>/formats.py adds FULL_DATE_FORMAT (« samedi 28 novembre 2026 »,
"Saturday 28 November 2026", « 2026年11月28日(土) »), WEEKDAY_FORMAT (the same without the
year) and SHORT_WEEKDAY_FORMAT (« sam. 28 », « 28日(土) ») to Django's named formats.
"""

import calendar
import datetime
import re

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _


def named_format(name):
    """Return the active language's format called `name`, one of Django's or of ours."""
    if name in formats.FORMAT_SETTINGS:
        return formats.get_format(name)
    for module in formats.get_format_modules(translation.get_language()):
        if hasattr(module, name):
            return getattr(module, name)
    return formats.get_format_modules("fr")[0].__dict__[name]


def format_day(value, name="FULL_DATE_FORMAT"):
    """Return a date, or an aware datetime's day in local time, in the format `name`."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return formats.date_format(value, named_format(name))


def is_repeated(local):
    """Tell whether a local datetime is in the hour the October clock change repeats."""
    return local.utcoffset() != local.replace(fold=1 - local.fold).utcoffset()


def format_time(value):
    """Return a time of day: « 18 h 30 » in French typography, 18:30 in English and Japanese.

    The spaces are non-breaking, so a time never breaks across lines.

    In the hour the October change repeats, the time says which pass it is.
    """
    which = ""
    if hasattr(value, "tzinfo") and hasattr(value, "date"):
        value = timezone.localtime(value)
        if is_repeated(value):
            which = " " + (_("(heure d'hiver)") if value.fold else _("(heure d'été)"))
    if translation.get_language() != "fr":
        return formats.time_format(value, "H:i") + which
    # Non-breaking spaces: « 18 h 30 » never splits across two lines.
    if value.minute:
        return f"{value.hour}\u00a0h\u00a0{value.minute:02d}{which}"
    return f"{value.hour}\u00a0h{which}"


def missing_day_message(text):
    """Return why a well-written day does not exist (« 31/11/2027 »), or "" if it is not one.

    « Saisissez une date valide » leaves the organiser looking for a typo in 31/11/2027.
    """
    written = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", str(text))
    if not written or not 1 <= int(written[2]) <= 12:
        return ""
    month = datetime.date(int(written[3]), int(written[2]), 1)
    days = calendar.monthrange(month.year, month.month)[1]
    if 1 <= int(written[1]) <= days:
        return ""
    return _("Le %(value)s n'existe pas : %(month)s n'a que %(days)d jours.") % {
        "value": str(text).strip(),
        "month": formats.date_format(month, "F Y"),
        "days": days,
    }
