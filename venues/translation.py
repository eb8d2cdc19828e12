"""A venue's texts for visitors, in English and Japanese (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from quinzaine.translations import keep_french_text
from venues.models import Venue


@register(Venue)
class VenueTranslation(TranslationOptions):
    # Names too: a Japanese reader is helped by « ニーム劇場（Théâtre de Nîmes） ».
    fields = ("name", "practical_info", "access_notes", "photo_credit")
    required_languages = ("fr",)


keep_french_text(Venue)
