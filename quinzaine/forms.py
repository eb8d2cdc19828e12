"""Form parts both apps use: days, admin slugs, a public form rendered from a cache."""

import copy
import hashlib

from crispy_forms.utils import render_crispy_form
from django import forms
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from quinzaine.dates import missing_day_message
from quinzaine.text import lost_letters

SLUG_HELP_TEXT = _(
    "La fin de l'adresse de la page. Laissez vide pour la faire d'après le nom : les mots "
    "japonais sont transcrits en lettres latines (東京 → toukyou), les accents retirés."
)


class DayField(forms.DateField):
    """A date field that says why « 31/11/2027 » is refused: November has 30 days."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            missing = missing_day_message(value) if isinstance(value, str) else ""
            if missing:
                raise ValidationError(missing, code="invalid") from None
            raise


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


# A form's HTML, cached for a day: its key holds everything it shows.
FORM_SECONDS = 24 * 3600


class FragmentCachedForm:
    """A crispy GET form rendered from the "fragments" cache when nothing it shows changed.

    `outside_form` names parameters the page carries beside the form (not in its key).
    """

    cache_prefix = "programme-form:"
    outside_form = ()

    def rendered(self):
        """Return the form as HTML, from the "fragments" cache when nothing it shows changed.

        The key holds what the fields show: the values given, the errors, and the choices
        (days, towns, categories, themes) in the active language.
        """
        shown = [pointer.name for pointer in self.helper.layout.get_field_names()]
        data = self.data.lists() if hasattr(self.data, "lists") else self.data.items()
        inputs = [
            translation.get_language(),
            sorted((name, value) for name, value in data if name not in self.outside_form),
            self.errors.as_json() if self.is_bound else "",
        ]
        for name in shown:
            field = self.fields[name]
            choices = getattr(field, "choices", getattr(field.widget, "choices", ()))
            # Through iter(): list() of a queryset's choices would count its rows first.
            choices = list(iter(choices))
            if isinstance(field, forms.ModelChoiceField):
                field.choices = choices  # Fetched once, for the key and the rendering.
            inputs.append([(str(value), str(label)) for value, label in choices])
        if not self.has_listed_values_only():
            return mark_safe(render_crispy_form(self))
        key = self.cache_prefix + hashlib.sha256(repr(inputs).encode()).hexdigest()
        fragments = caches["fragments"]
        html = fragments.get(key)
        if html is None:
            html = str(render_crispy_form(self))
            fragments.set(key, html, FORM_SECONDS)
        return mark_safe(html)

    def has_listed_values_only(self):
        """Tell whether every value given is one of a list (a day, a town…) or a tick.

        Only such forms are cached: their combinations are bounded, where a search, a
        date, a position or an unknown parameter would give each request a key of its own.
        """
        if self.is_bound and self.errors:
            return False
        for name, values in self.data.lists() if hasattr(self.data, "lists") else ():
            if name in self.outside_form:
                continue
            values = [value for value in values if value]
            field = self.fields.get(name)
            if field is None:
                if values:
                    return False
                continue
            if isinstance(field, forms.BooleanField) or not values:
                continue
            choices = getattr(field, "choices", getattr(field.widget, "choices", None))
            if not choices:
                return False
            listed = {str(value) for value, _label in choices}
            if not set(values) <= listed:
                return False
        return True
