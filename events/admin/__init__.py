"""The organisers' admin, one module per part of the programme.

- common: what the pages share (the notice about removed sessions).
- editions, editions_next, publishing: editions, preparing the next one, publishing one.
- taxonomy, partners, events, sessions: the programme's lists and forms; events holds the
  actions (thin wrappers over events.actions) and the repeated-sessions generator.
- proposals: the moderation of proposals from the public form.
- spreadsheets: import and export (events.resources does the reading and writing).
- filters: the to-do list's filters (events.dashboard links to them).
- pages: the site's flat pages.
"""

from django.conf import settings
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from events.admin import editions, events, pages, partners, proposals, sessions, taxonomy  # noqa: F401

admin.site.site_header = format_lazy(
    _("{festival} – organisation"), festival=settings.FESTIVAL_NAME
)
admin.site.site_title = format_lazy(
    _("{festival} – organisation"), festival=settings.FESTIVAL_SHORT_NAME
)
admin.site.index_title = _("Programme et partenaires")
admin.site.site_url = "/"
