from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.admin import thumbnail
from venues.models import Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["photo_thumbnail", "name", "town", "department", "is_wheelchair_accessible"]
    list_display_links = ["photo_thumbnail", "name"]
    list_filter = ["department", "is_wheelchair_accessible", "town"]
    search_fields = ["name", "town", "address", "postcode"]
    prepopulated_fields = {"slug": ["name", "town"]}
    readonly_fields = ["photo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "slug"]}),
        (
            _("Adresse"),
            {"fields": ["address", ("postcode", "town"), "department", ("latitude", "longitude")]},
        ),
        (
            _("Accès"),
            {"fields": ["is_wheelchair_accessible", "access_notes", "practical_info", "website"]},
        ),
        (_("Photo"), {"fields": ["photo", "photo_preview"]}),
    ]

    @admin.display(description=_("photo"))
    def photo_thumbnail(self, venue):
        return thumbnail(venue.photo, venue.name)

    @admin.display(description=_("aperçu"))
    def photo_preview(self, venue):
        return thumbnail(venue.photo, venue.name)
