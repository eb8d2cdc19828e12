from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quinzaine.accessibility import ADMIN_ROWS
from quinzaine.admin_lists import MISSING, PRESENT, thumbnail
from quinzaine.admin_translations import TranslationFieldsAdmin
from quinzaine.uploads import KeepUploadsAdmin
from venues.forms import VenueAdminForm
from venues.geocoding import (
    GeocoderUnavailable,
    address_query,
    disagreements,
    geocode,
    outside_occitanie,
)
from venues.models import Venue

MISSING_COORDINATES = _(
    "Coordonnées manquantes : le lieu n'apparaîtra pas sur la carte du site. %(reason)s "
    "Placez-le sur la carte de sa fiche, ou essayez « Trouver d'après l'adresse »."
)


# A change to these asks the address service whether town, postcode and pin agree.
LOCATION_FIELDS = {"address", "postcode", "town", "latitude", "longitude"}


class CoordinatesFilter(admin.SimpleListFilter):
    title = _("coordonnées")
    parameter_name = "coordonnees"

    def lookups(self, request, model_admin):
        return [
            (MISSING, _("sans coordonnées (absent de la carte)")),
            (PRESENT, _("avec coordonnées")),
        ]

    def queryset(self, request, queryset):
        if self.value() == MISSING:
            return queryset.without_coordinates()
        if self.value() == PRESENT:
            return queryset.with_coordinates()
        return queryset


@admin.register(Venue)
class VenueAdmin(KeepUploadsAdmin, TranslationFieldsAdmin, admin.ModelAdmin):
    list_display = ["photo_thumbnail", "name", "town", "department", "is_motor_accessible"]
    list_display_links = ["photo_thumbnail", "name"]
    list_filter = [
        "department",
        "is_motor_accessible",
        "is_hearing_loop_equipped",
        "town",
        CoordinatesFilter,
    ]
    search_fields = ["name", "town", "address", "postcode"]
    form = VenueAdminForm
    prepopulated_fields = {"slug": ["name", "town"]}
    readonly_fields = ["photo_preview", "location_map"]
    fieldsets = [
        (None, {"fields": ["name", "slug"]}),
        (
            _("Adresse"),
            {
                "fields": [
                    "address",
                    ("postcode", "town", "town_ja"),
                    "department",
                    ("latitude", "longitude"),
                    "location_map",
                ]
            },
        ),
        (
            _("Accessibilité"),
            {
                "fields": [*ADMIN_ROWS, "access_notes"],
                "description": _(
                    "Ce que le lieu offre vaut pour tous les événements qui s'y tiennent."
                ),
            },
        ),
        (_("Accès"), {"fields": ["practical_info", "website"]}),
        (_("Photo"), {"fields": [("photo", "photo_credit"), "photo_preview"]}),
    ]

    class Media:
        css = {"all": ["vendor/leaflet/leaflet.css", "venues/css/admin.css"]}
        js = ["vendor/leaflet/leaflet.js", "venues/js/location.js"]

    def get_urls(self):
        urls = [
            path(
                "geocoder/",
                self.admin_site.admin_view(self.geocode_view),
                name="venues_venue_geocode",
            ),
        ]
        return urls + super().get_urls()

    def save_model(self, request, obj, form, change):
        if not obj.has_coordinates:
            self._place_from_address(request, obj)
        elif LOCATION_FIELDS & set(form.changed_data):
            self._check_location(request, obj)
        super().save_model(request, obj, form, change)

    def _check_location(self, request, venue):
        """Warn when the pin is outside Occitanie, or the address service disagrees."""
        if outside_occitanie(venue):
            messages.warning(
                request,
                gettext(
                    "Les coordonnées (%(lat)s, %(lng)s) sont hors d'Occitanie : vérifiez "
                    "l'épingle sur la carte du lieu."
                )
                % {"lat": venue.latitude, "lng": venue.longitude},
            )
        if not venue.address:
            return
        try:
            place = geocode(address_query(venue))
        except GeocoderUnavailable:
            return  # Nothing to compare with: the pin stays as placed.
        if place is not None:
            self._warn_disagreements(request, venue, place)

    def _warn_disagreements(self, request, venue, place):
        for kind, values in disagreements(venue, place):
            if kind == "town":
                message = gettext(
                    "Selon la Base adresse nationale, « %(address)s » est à %(city)s "
                    "(%(postcode)s), pas à %(town)s (%(given)s) : vérifiez la commune et le "
                    "code postal."
                ) % {
                    **values,
                    "address": venue.address,
                    "town": venue.town,
                    "given": venue.postcode,
                }
            else:
                message = gettext(
                    "L'épingle est à %(km)s km de l'adresse (« %(label)s ») : vérifiez-la sur "
                    "la carte du lieu."
                ) % {**values, "label": place.label}
            messages.warning(request, message)

    def _place_from_address(self, request, venue):
        """Fill a venue's coordinates from its address if the address service finds it."""
        if not venue.address:
            reason = gettext("Son adresse n'est pas indiquée.")
            messages.warning(request, MISSING_COORDINATES % {"reason": reason})
            return
        query = address_query(venue)
        try:
            place = geocode(query)
        except GeocoderUnavailable:
            reason = gettext("Le service d'adresses n'a pas répondu.")
            messages.warning(request, MISSING_COORDINATES % {"reason": reason})
            return
        if place is None:
            reason = gettext("L'adresse « %(query)s » n'a pas été trouvée.") % {"query": query}
            messages.warning(request, MISSING_COORDINATES % {"reason": reason})
            return
        venue.latitude, venue.longitude = place.latitude, place.longitude
        self._warn_disagreements(request, venue, place)
        messages.info(
            request,
            gettext(
                "Coordonnées trouvées d'après l'adresse (« %(label)s ») : vérifiez l'épingle "
                "sur la carte du lieu."
            )
            % {"label": place.label},
        )

    def geocode_view(self, request):
        """Answer the map's « Trouver d'après l'adresse » button: coordinates as JSON."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()
        if not query:
            message = gettext("Indiquez d'abord l'adresse ou la commune.")
            return JsonResponse({"found": False, "message": message}, status=400)
        try:
            place = geocode(query)
        except GeocoderUnavailable:
            message = gettext(
                "Le service d'adresses ne répond pas : placez le lieu en cliquant sur la carte."
            )
            return JsonResponse({"found": False, "message": message}, status=503)
        if place is None:
            message = gettext(
                "Aucune adresse trouvée pour « %(query)s » : placez le lieu en cliquant sur la "
                "carte."
            ) % {"query": query}
            return JsonResponse({"found": False, "message": message})
        message = gettext("Trouvé : %(label)s. Vérifiez l'épingle sur la carte.") % {
            "label": place.label
        }
        return JsonResponse(
            {
                "found": True,
                "latitude": str(place.latitude),
                "longitude": str(place.longitude),
                "label": place.label,
                "message": message,
            }
        )

    @admin.display(description=_("carte"))
    def location_map(self, venue):
        return format_html(
            '<div class="venue-location">'
            '<p class="venue-location-tools"><button type="button" class="button" '
            "data-geocode>{find}</button> "
            '<span class="venue-location-status" role="status" data-geocode-status></span></p>'
            '<div class="venue-location-map" data-venue-location-map data-tiles="{tiles}" '
            'data-icon-url="{icon}" data-icon-retina-url="{icon2x}" data-shadow-url="{shadow}" '
            'data-geocode-url="{geocode_url}" data-searching="{searching}" '
            'data-failed="{failed}" data-pin-label="{pin}" data-tiles-failed="{no_tiles}" '
            'data-label-zoom-in="{zoom_in}" data-label-zoom-out="{zoom_out}" '
            'role="region" aria-label="{help}"></div>'
            '<p class="help">{help} <span data-tiles-status role="status"></span></p></div>',
            find=gettext("Trouver d'après l'adresse"),
            tiles=settings.MAP_TILES_URL,
            icon=static("vendor/leaflet/images/marker-icon.png"),
            icon2x=static("vendor/leaflet/images/marker-icon-2x.png"),
            shadow=static("vendor/leaflet/images/marker-shadow.png"),
            geocode_url=reverse("admin:venues_venue_geocode"),
            searching=gettext("Recherche de l'adresse…"),
            failed=gettext(
                "Le service d'adresses ne répond pas : placez le lieu en cliquant sur la carte."
            ),
            pin=gettext("Emplacement du lieu"),
            zoom_in=gettext("Zoom avant"),
            zoom_out=gettext("Zoom arrière"),
            no_tiles=gettext(
                "(Le fond de carte ne se charge pas : un clic place tout de même le lieu.)"
            ),
            help=gettext(
                "Cliquez sur la carte pour placer le lieu, ou faites glisser l'épingle : la "
                "latitude et la longitude suivent."
            ),
        )

    @admin.display(description=_("photo"))
    def photo_thumbnail(self, venue):
        return thumbnail(venue.photo, venue.name)

    @admin.display(description=_("aperçu"))
    def photo_preview(self, venue):
        return thumbnail(venue.photo, venue.name)
