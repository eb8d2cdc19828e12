"""The festival's name, from settings.FESTIVAL_NAME and FESTIVAL_SHORT_NAME, in the page's language.

Tags, not context variables: the server error page is rendered without context processors.
"""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop

register = template.Library()

# The default names, kept in the catalogues for their English and Japanese translations.
DEFAULT_NAMES = [
    gettext_noop("Quinzaine du Japon en Occitanie"),
    gettext_noop("Quinzaine du Japon"),
]


@register.simple_tag
def festival_name():
    return gettext(settings.FESTIVAL_NAME)


@register.simple_tag
def festival_short_name():
    return gettext(settings.FESTIVAL_SHORT_NAME)


@register.simple_tag
def festival_brand():
    """Return the name as the header's lockup shows it: the short name, then the rest smaller."""
    name, short = festival_name(), festival_short_name()
    if name != short and name.startswith(short):
        return format_html("{}<small>{}</small>", short, name.removeprefix(short).strip())
    return name
