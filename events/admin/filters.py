"""List filters of the admin's to-do links: what is missing, what clashes."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.models import Edition
from events.scheduling import outside_edition_days, overlapping_sessions
from quinzaine.admin_lists import MissingFieldFilter


class ImageFilter(MissingFieldFilter):
    title = _("image")
    parameter_name = "image"
    field_name = "image"
    missing_label = _("sans image")
    present_label = _("avec image")


class SummaryFilter(MissingFieldFilter):
    title = _("résumé")
    parameter_name = "resume"
    field_name = "summary"
    missing_label = _("sans résumé")
    present_label = _("avec résumé")


class LogoFilter(MissingFieldFilter):
    title = _("logo")
    parameter_name = "logo"
    field_name = "logo"
    missing_label = _("sans logo")
    present_label = _("avec logo")


OUTSIDE, OVERLAPPING = "hors-dates", "chevauchement"


class ScheduleAlertFilter(admin.SimpleListFilter):
    """Sessions the event page warns about: outside their edition's days, or clashing."""

    title = _("alertes de programmation")
    parameter_name = "alerte"

    def lookups(self, request, model_admin):
        return [
            (OUTSIDE, _("hors des dates de l'édition")),
            (OVERLAPPING, _("chevauche une autre séance au même lieu")),
        ]

    def queryset(self, request, queryset):
        if self.value() == OUTSIDE:
            return outside_edition_days(queryset, Edition.objects.all())
        if self.value() == OVERLAPPING:
            return overlapping_sessions(queryset)
        return queryset


class TranslationFilter(admin.SimpleListFilter):
    """Events lacking their English or Japanese title (or summary): the site shows French.

    With it, the list says for each event which of its texts are not translated yet.
    """

    title = _("traduction")
    parameter_name = "traduction"
    LANGUAGES = {"sans-anglais": "en", "sans-japonais": "ja"}
    # The texts a visitor reads, in the order of the event's form.
    FIELDS = ("title", "summary", "description", "image_alt", "price")

    @classmethod
    def column(cls, request):
        """Return the list's « à traduire » column for the language filtered, or None."""
        language = cls.LANGUAGES.get(request.GET.get(cls.parameter_name))
        if language is None:
            return None

        def untranslated(event):
            return ", ".join(
                str(event._meta.get_field(name).verbose_name)
                for name in cls.FIELDS
                if getattr(event, f"{name}_fr") and not getattr(event, f"{name}_{language}")
            )

        untranslated.short_description = (
            _("à traduire en anglais") if language == "en" else _("à traduire en japonais")
        )
        return untranslated

    def lookups(self, request, model_admin):
        return [
            ("sans-anglais", _("titre ou résumé non traduit en anglais")),
            ("sans-japonais", _("titre ou résumé non traduit en japonais")),
        ]

    def queryset(self, request, queryset):
        language = self.LANGUAGES.get(self.value())
        return queryset.untranslated(language) if language else queryset
