"""Text helpers both apps use: accent folding for searches, slugs that keep Japanese words."""

import functools
import hashlib
import re
import unicodedata

import pykakasi
from django.utils.text import slugify

# Letters that NFKD does not split into a plain letter and an accent.
LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"}
)
# Kana (hiragana, katakana and their extensions), kanji and the ideographic iteration mark.
JAPANESE = re.compile(
    r"[\u3005\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+"
)
# Latin letters with accents that the admin's URLify (JavaScript) changes to plain ones; it
# drops any other letter that is not ASCII, such as ō, ŭ or a kana.
URLIFY_DOWNCODED = set(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖŐØÙÚÛÜŰÝÞŸßàáâãäåæçèéêëìíîïðñòóôõöőøùúûüűýþÿ"
    "şŞıİğĞășțĂȘȚčďěňřšťůžČĎĚŇŘŠŤŮŽľĺŕĽĹŔąćęłńśźżĄĆĘŁŃŚŹŻāēģīķļņūĀĒĢĪĶĻŅŪėįųĖĮŲđĐəƏ"
)
URLIFY_SPECIAL = {
    **{"Æ": "AE", "æ": "ae", "Þ": "TH", "þ": "th", "ß": "ss", "đ": "dj", "Đ": "Dj"},
    **{"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i", "ð": "d", "Ð": "D", "ə": "e", "Ə": "E"},
}


def strip_accents(text):
    """Return text with its letters' accents removed ("Nîmes" → "Nimes")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text):
    """Return text lowercased and without accents, so "Été" and "ete" match in searches."""
    return strip_accents(text.casefold())


@functools.cache
def _kakasi():
    # Loading the dictionaries takes a moment: once per process.
    return pykakasi.kakasi()


def romanise(text):
    """Return text with kana and kanji written in Latin letters (Hepburn), word by word."""

    def words(match):
        parts = [item["hepburn"] for item in _kakasi().convert(match.group())]
        return " " + " ".join(part for part in parts if part) + " "

    return JAPANESE.sub(words, text)


def slug_for(text, max_length=50, fallback="page"):
    """Return a URL slug of text in ASCII, never empty.

    Macrons and accents go ("Tōkyō" → "tokyo"), Japanese is romanised ("茶道" → "sadou"); a
    text with no letter left (emojis) gets the fallback and a short hash of the text.
    """
    latin = strip_accents(romanise(text.translate(LIGATURES)))
    slug = _cut(slugify(latin), max_length)
    if not slug:
        digest = hashlib.sha256(text.encode()).hexdigest()[:8]
        slug = f"{fallback}-{digest}"
    return slug


def unique_slug(slug, taken, max_length=50):
    """Return slug, or slug-2, slug-3… the first that `taken` (a queryset) does not hold."""
    return free_slug(
        slug, set(taken.filter(slug__startswith=slug).values_list("slug", flat=True)), max_length
    )


def free_slug(slug, used, max_length=50):
    """Return slug, or slug-2, slug-3… the first not in the set `used`."""
    candidate, number = slug, 1
    while candidate in used:
        number += 1
        suffix = f"-{number}"
        candidate = _cut(slug, max_length - len(suffix)) + suffix
    return candidate


def admin_slug(text, max_length):
    """Return the slug the admin's URLify script makes of text, letters it drops left out."""
    text = "".join(
        URLIFY_SPECIAL.get(char, strip_accents(char)) if char in URLIFY_DOWNCODED else char
        for char in text
    ).lower()
    text = re.sub(r"[^-\w\s]", "", text, flags=re.ASCII).strip()
    return re.sub(r"[-\s]+", "-", text)[:max_length].rstrip("-")


def lost_letters(slug, text, max_length):
    """Tell whether slug is what the admin's script made of text, losing letters on the way."""
    return slug == admin_slug(text, max_length) and slug != _cut(
        slug_for(text, max_length), max_length
    )


def _cut(slug, max_length):
    """Shorten a slug to max_length characters, at a hyphen where there is one."""
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    if "-" in cut and slug[max_length] != "-":
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-")


class SlugFromTextMixin:
    """Give a model a slug made of its slug_text when saved without one.

    Models set slug_text (a property), slug_fallback, and may narrow slug_siblings().
    """

    slug_fallback = "page"
    # Long enough for a title; shorter than most slug fields, for readable addresses.
    slug_max_length = 80

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.make_slug()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def slug_siblings(self):
        """Return the rows whose slugs this one's must differ from."""
        return type(self)._default_manager.exclude(pk=self.pk)

    def make_slug(self):
        """Return a slug for the object's text, free among its siblings."""
        length = min(self.slug_max_length, self._meta.get_field("slug").max_length)
        slug = slug_for(self.slug_text, length, self.slug_fallback)
        return unique_slug(slug, self.slug_siblings(), length)
