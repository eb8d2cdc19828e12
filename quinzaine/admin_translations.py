"""The English and Japanese texts in the admin, each just under its French original.

The French field keeps its name (title, summary…): the admin is French, so what organisers
type there goes to the French column, as before translations came. Its translations
(title_en, title_ja from django-modeltranslation) follow it, labelled « titre (anglais) »,
« titre (japonais) », and may stay empty: the site then shows the French text.
"""

from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField
from modeltranslation.translator import translator

TRANSLATIONS = {"en": _("anglais"), "ja": _("japonais")}


class TranslationFieldsAdmin:
    """Show each translated field's English and Japanese versions after the French one."""

    def translated_fields(self):
        return translator.get_options_for_model(self.model).fields

    def with_translations(self, fields):
        translated = self.translated_fields()
        shown = []
        for field in fields:
            shown.append(field)
            if isinstance(field, str) and field in translated:
                shown += [f"{field}_{code}" for code in TRANSLATIONS]
            elif isinstance(field, tuple):
                # A row of fields (image, credit): the translations follow on a row of theirs.
                row = tuple(
                    f"{name}_{code}"
                    for name in field
                    if name in translated
                    for code in TRANSLATIONS
                )
                if row:
                    shown.append(row)
        return shown

    def get_fields(self, request, obj=None):
        if self.fields:
            return self.with_translations(self.fields)
        hidden = self.hidden_columns()
        return self.with_translations(
            [field for field in super().get_fields(request, obj) if field not in hidden]
        )

    def get_fieldsets(self, request, obj=None):
        if not self.fieldsets:
            return super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": self.with_translations(options["fields"])})
            for name, options in self.fieldsets
        ]

    def hidden_columns(self):
        """Return the translation fields shown only under their original: all of them here."""
        return {
            f"{field}_{code}"
            for field in self.translated_fields()
            for code in ("fr", *TRANSLATIONS)
        }

    def get_exclude(self, request, obj=None):
        # The French columns are written through the original fields.
        french = [f"{field}_fr" for field in self.translated_fields()]
        return [*(super().get_exclude(request, obj) or ()), *french]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, TranslationField) and db_field.language in TRANSLATIONS:
            original = db_field.translated_field.verbose_name
            formfield.label = f"{original} ({TRANSLATIONS[db_field.language]})".capitalize()
            formfield.required = False
            formfield.widget.attrs["lang"] = db_field.language
            formfield.help_text = _("Vide : le texte français est affiché.")
        return formfield
