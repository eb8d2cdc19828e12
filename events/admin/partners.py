"""Partners in the admin, with their logos and the spreadsheet export."""

from django.contrib import admin
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from events.admin.filters import (
    LogoFilter,
)
from events.admin.spreadsheets import (
    PartnerExportMixin,
)
from events.models import (
    Partner,
)
from quinzaine.admin_lists import preview, thumbnail
from quinzaine.admin_translations import TranslationFieldsAdmin
from quinzaine.forms import SlugFilledForm
from quinzaine.uploads import KeepUploadsAdmin


@admin.register(Partner)
class PartnerAdmin(KeepUploadsAdmin, PartnerExportMixin, TranslationFieldsAdmin, admin.ModelAdmin):
    list_display = ["logo_thumbnail", "name", "kind", "website"]
    list_display_links = ["logo_thumbnail", "name"]
    list_filter = ["kind", "partnerships__edition", LogoFilter]
    search_fields = ["name", "description"]
    form = SlugFilledForm

    def get_search_results(self, request, queryset, search_term):
        # Partners whose name matches come first (« Région » finds the Region before Ad'Occ).
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset = queryset.annotate(
                name_first=Case(When(name__icontains=search_term, then=Value(0)), default=Value(1))
            ).order_by("name_first", "name")
        return queryset, may_have_duplicates

    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["logo_preview"]
    fields = [
        "name",
        "slug",
        "kind",
        ("logo", "logo_credit"),
        "logo_preview",
        "website",
        "description",
    ]

    @admin.display(description=_("logo"))
    def logo_thumbnail(self, partner):
        return thumbnail(partner.logo, partner.name)

    @admin.display(description=_("aperçu"))
    def logo_preview(self, partner):
        return preview(partner.logo, partner.name)
