"""The site's flat pages: the HTML organisers write, cleaned to what a text page needs."""

import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "b", "i", "abbr",
    "address", "blockquote", "code", "table", "thead", "tbody", "tr", "th", "td", "caption",
    "dl", "dt", "dd", "hr", "span",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope"}, "*": {"lang"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@register.filter
def cleaned_html(html):
    """Return HTML with only TAGS and their ATTRIBUTES: no script, style, meta, form or frame.

    A flat page could otherwise redirect visitors elsewhere (<meta http-equiv="refresh">,
    which the Content-Security-Policy does not stop) or show a form posting off the site.
    """
    return mark_safe(
        nh3.clean(str(html), tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES)
    )
