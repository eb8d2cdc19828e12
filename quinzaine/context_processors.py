from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject

# Each language's name in itself, as the switcher shows it, and its Open Graph locale.
NATIVE_NAMES = {"fr": "Français", "en": "English", "ja": "日本語"}
SHORT_NAMES = {"fr": "FR", "en": "EN", "ja": "日本語"}
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB", "ja": "ja_JP"}


def page_languages(request):
    """Return the current page in each language: its link with the filters, its alternate URL."""
    current = translation.get_language()
    # One leading slash: "//evil.example/lieux/" (a 404) must not become a link off the site.
    full_path = "/" + request.get_full_path().lstrip("/")
    pages = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(full_path, code)
        pages.append(
            {
                "code": code,
                "name": NATIVE_NAMES[code],
                "short_name": SHORT_NAMES[code],
                "og_locale": OG_LOCALES[code],
                "url": url,
                "alternate_url": request.build_absolute_uri(url.split("?", 1)[0]),
                "is_current": code == current,
            }
        )
    return pages


def languages(request):
    """Give every template the page in each language (switcher, hreflang, og:locale)."""
    return {
        "page_languages": SimpleLazyObject(lambda: page_languages(request)),
        "og_locale": OG_LOCALES.get(translation.get_language(), "fr_FR"),
    }
