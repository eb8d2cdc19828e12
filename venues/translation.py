"""A venue's texts for visitors, in English and Japanese (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from venues.models import Venue


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("practical_info", "access_notes")
    required_languages = ("fr",)
