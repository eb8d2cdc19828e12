"""The language of each request (the one its address names, French elsewhere), the site afresh."""

from django.conf import settings
from django.contrib.sites.models import Site
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


class FreshSiteMiddleware:
    """Read the site's domain (« Sites » in the admin) afresh for each request.

    django.contrib.sites keeps it in each server process's memory: a change saved through
    one process would not reach the others (sitemaps, password reset links) until a restart.
    Only requests that use it (not cached pages) then read it, in one query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        Site.objects.clear_cache()
        return self.get_response(request)
