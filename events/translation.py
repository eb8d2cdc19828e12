"""The texts organisers translate into English and Japanese (django-modeltranslation).

Each field gains <field>_fr, <field>_en and <field>_ja columns; reading the field gives the
active language's text, French when it is empty. French stays required where it was.
"""

from modeltranslation.translator import TranslationOptions, register

from events.models import Category, Edition, Event, Partner, Session, Theme
from quinzaine.translations import keep_french_text


class FrenchRequired(TranslationOptions):
    required_languages = ("fr",)


@register(Edition)
class EditionTranslation(FrenchRequired):
    fields = ("name", "tagline", "description", "image_credit")


@register(Event)
class EventTranslation(FrenchRequired):
    fields = ("title", "summary", "description", "image_alt", "image_credit", "price")


@register(Partner)
class PartnerTranslation(FrenchRequired):
    fields = ("description", "logo_credit")


@register(Session)
class SessionTranslation(FrenchRequired):
    # « Reporté à une date ultérieure. », « En japonais, sous-titré » : read by every visitor.
    fields = ("note",)


@register(Category)
class CategoryTranslation(FrenchRequired):
    fields = ("name",)
    # Unique names: an untranslated name is NULL, not "", so that many may lack one.
    empty_values = None


@register(Theme)
class ThemeTranslation(FrenchRequired):
    fields = ("name",)
    empty_values = None


keep_french_text(Edition, Event, Partner, Session)
