"""What the admin's lists and forms of both apps share: pictures and « sans / avec » filters."""

from django.contrib import admin
from django.utils.html import format_html

from quinzaine.images import resized_url

MISSING, PRESENT = "sans", "avec"


class MissingFieldFilter(admin.SimpleListFilter):
    """Filter on a text or file field left empty, as « sans image » / « avec image »."""

    field_name = None
    missing_label = present_label = None

    def lookups(self, request, model_admin):
        return [(MISSING, self.missing_label), (PRESENT, self.present_label)]

    def queryset(self, request, queryset):
        if self.value() == MISSING:
            return queryset.filter(**{self.field_name: ""})
        if self.value() == PRESENT:
            return queryset.exclude(**{self.field_name: ""})
        return queryset


def thumbnail(image, alt=""):
    """Return a small <img> of an uploaded image for admin lists and forms."""
    url = resized_url(image, 80, 80, crop=True)
    if not url:
        return "—"
    return format_html('<img src="{}" alt="{}" width="40" height="40" loading="lazy">', url, alt)


def preview(image, alt=""):
    """Return the whole image, at most 320 × 200, for the change forms (logos uncut)."""
    url = resized_url(image, 320, 200)
    if not url:
        return "—"
    return format_html('<img src="{}" alt="{}" class="admin-preview">', url, alt)
