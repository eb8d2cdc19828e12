"""Sessions in the admin: the list across events, with its schedule alerts."""

from django.contrib import admin
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from events.admin.common import RemovalNoticeMixin
from events.admin.filters import (
    ScheduleAlertFilter,
)
from events.admin.spreadsheets import (
    ProgrammeExportMixin,
)
from events.forms import SessionAdminForm
from events.models import (
    Session,
)
from events.models.sessions import clock_text
from quinzaine.admin_translations import TranslationFieldsAdmin


@admin.register(Session)
class SessionAdmin(
    ProgrammeExportMixin, RemovalNoticeMixin, TranslationFieldsAdmin, admin.ModelAdmin
):
    form = SessionAdminForm
    # One « quand » column instead of start, end and whole day: the list fits 1,366 px.
    list_display = ["event", "when", "place", "status"]
    list_filter = [
        "event__edition",
        "status",
        "is_all_day",
        "venue__town",
        "event__category",
        ScheduleAlertFilter,
    ]
    list_select_related = ["event", "venue", "event__venue"]
    show_full_result_count = False
    search_fields = ["event__title", "venue__name", "venue__town", "note"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["event", "venue"]
    fields = ["event", "starts_at", "ends_at", "is_all_day", "venue", "status", "capacity", "note"]

    @admin.display(description=_("quand"), ordering="starts_at")
    def when(self, session):
        """« samedi 13 novembre 2027, 20:00 – 22:00 », or the days of a whole-day session."""
        if session.is_all_day:
            first = formats.date_format(session.first_day, "D j b Y")
            if session.last_day == session.first_day:
                return _("%(day)s, journée entière") % {"day": first}
            last = formats.date_format(session.last_day, "D j b Y")
            return _("%(first)s – %(last)s, journées entières") % {"first": first, "last": last}
        return "{}, {} – {}".format(
            formats.date_format(session.first_day, "D j b Y"),
            clock_text(session.starts_at),
            clock_text(session.ends_at),
        )

    @admin.display(description=_("lieu"))
    def place(self, session):
        return session.place or "—"
