"""The language of each request: the one its address names, French everywhere else."""

from django.conf import settings
from django.utils import translation


class URLLanguageMiddleware:
    """Activate the language of the address's prefix (/en/…, /ja/…), else French.

    Django's LocaleMiddleware would also read the browser's Accept-Language for addresses
    without prefix, and so mark every French page "Vary: Accept-Language", keeping caches
    and CDNs from sharing one copy. Here a page's language is its address's only: French
    pages stay one cacheable copy, and the admin, outside the prefixed URLs, stays French.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
