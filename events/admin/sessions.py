"""Sessions in the admin: the list across events, with its schedule alerts."""

from django.contrib import admin
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
from quinzaine.admin_translations import TranslationFieldsAdmin


@admin.register(Session)
class SessionAdmin(
    ProgrammeExportMixin, RemovalNoticeMixin, TranslationFieldsAdmin, admin.ModelAdmin
):
    form = SessionAdminForm
    list_display = ["event", "starts_at", "ends_at", "is_all_day", "place", "status"]
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

    @admin.display(description=_("lieu"))
    def place(self, session):
        return session.place or "—"
