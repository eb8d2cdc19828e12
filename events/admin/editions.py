"""Editions in the admin: their partners, publication and the next edition's preparation."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from events.admin.common import DAY_FIELDS
from events.admin.editions_next import PrepareNextEditionMixin
from events.admin.publishing import PublishEditionMixin
from events.models import (
    Edition,
    EditionPartner,
)
from quinzaine.admin_lists import preview
from quinzaine.admin_translations import TranslationFieldsAdmin
from quinzaine.forms import SlugFilledForm
from quinzaine.uploads import KeepUploadsAdmin


class EditionPartnerInline(admin.TabularInline):
    model = EditionPartner
    extra = 1
    autocomplete_fields = ["partner"]


@admin.register(Edition)
class EditionAdmin(
    KeepUploadsAdmin,
    PublishEditionMixin,
    PrepareNextEditionMixin,
    TranslationFieldsAdmin,
    admin.ModelAdmin,
):
    actions = ["prepare_next"]
    formfield_overrides = DAY_FIELDS
    list_display = [
        "name",
        "year",
        "starts_on",
        "ends_on",
        "is_published",
        "is_current",
        "event_count",
    ]
    list_filter = ["is_published"]
    search_fields = ["name", "tagline"]
    form = SlugFilledForm
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EditionPartnerInline]
    readonly_fields = ["image_preview"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "year",
                    "slug",
                    ("starts_on", "ends_on"),
                    "tagline",
                    "description",
                ]
            },
        ),
        (_("Image"), {"fields": [("image", "image_credit"), "image_preview"]}),
        (_("Publication"), {"fields": ["is_published", "is_current", "is_demo"]}),
        (
            _("Appel à propositions"),
            {
                "fields": [("proposals_open_on", "proposals_close_on")],
                "description": _(
                    "Entre ces deux jours, inclus, le formulaire public « Proposer un événement » "
                    "reçoit les propositions pour cette édition."
                ),
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description=_("événements"), ordering="event_count")
    def event_count(self, edition):
        return edition.event_count

    @admin.display(description=_("aperçu"))
    def image_preview(self, edition):
        return preview(edition.image, edition.name)
