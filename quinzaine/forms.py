"""Admin form parts both apps use."""

import copy

from django import forms
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from quinzaine.text import lost_letters

SLUG_HELP_TEXT = _(
    "La fin de l'adresse de la page. Laissez vide pour la faire d'après le nom : les mots "
    "japonais sont transcrits en lettres latines (東京 → toukyou), les accents retirés."
)


class SlugFilledForm(forms.ModelForm):
    """Admin form whose slug, left blank or made lossy by the admin's script, is made anew.

    The admin's URLify script drops letters it cannot spell in ASCII: "kendō" gives "kend",
    a title in kanji nothing. The model (see quinzaine.text.SlugFromTextMixin) makes the slug.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP_TEXT

    def clean(self):
        cleaned = super().clean()
        if "slug" not in self.fields or "slug" in self._errors:
            return cleaned
        candidate = construct_instance(self, copy.copy(self.instance))
        slug = cleaned.get("slug") or ""
        max_length = self.instance._meta.get_field("slug").max_length
        # Only a new object's slug was typed by the script; a saved one's address stays.
        repaired = self.instance._state.adding and lost_letters(
            slug, candidate.slug_text, max_length
        )
        if not slug or repaired:
            cleaned["slug"] = candidate.make_slug()
        return cleaned
