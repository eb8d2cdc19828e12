"""What every API answer shares: its language, its rate limit, the headers saying so, and
errors in the language asked."""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.throttling import BaseThrottle

from quinzaine import limits
from quinzaine.caching import negotiated_language
from quinzaine.security import client_ip


def api_limit():
    """Return the API's limit: requests that reach a view, per client address and overall.

    Answers served from the page cache cost nothing and are not counted.
    """
    per_address = settings.API_REQUESTS_PER_HOUR
    return limits.Limit("api", per_address=per_address, overall=per_address * 40)


def rate_policy():
    limit = api_limit()
    return f"{limit.per_address};w={int(limit.period.total_seconds())}"


class AddressThrottle(BaseThrottle):
    """At most api_limit() uses per client address, counted in the database (every server)."""

    def allow_request(self, request, view):
        return limits.allow(api_limit(), client_ip(request))

    def wait(self):
        return 60


def error_detail(exc, method):
    """Return REST framework's own error messages in the language asked, or None.

    REST framework is not an installed app (see quinzaine/settings.py), so its catalogue is
    not read: « Not found. » would be English on a Japanese answer. Filter errors come from
    Django's forms and are translated already.
    """
    # A 404 of our own (an unknown edition) says more than REST framework's « Not found. ».
    default_not_found = isinstance(exc, exceptions.NotFound) and str(exc.detail) == str(
        exceptions.NotFound.default_detail
    )
    if isinstance(exc, Http404) or default_not_found:
        return _("Introuvable : vérifiez l'adresse et l'identifiant.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Cette API se lit seulement : la méthode %(method)s n'y est pas permise.") % {
            "method": method
        }
    if isinstance(exc, exceptions.Throttled):
        seconds = int(exc.wait or 60)
        return ngettext(
            "Trop de requêtes depuis votre adresse : réessayez dans %(seconds)d seconde.",
            "Trop de requêtes depuis votre adresse : réessayez dans %(seconds)d secondes.",
            seconds,
        ) % {"seconds": seconds}
    if isinstance(exc, exceptions.NotAcceptable):
        return _("Cette API répond en JSON.")
    return None


class APIMixin:
    """Answer in the language asked, and say which and the rate limit in the headers."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        detail = error_detail(exc, self.request.method)
        if detail is not None:
            response.data = {"detail": detail}
        return response

    def initial(self, request, *args, **kwargs):
        translation.activate(negotiated_language(request))
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        response["RateLimit-Policy"] = rate_policy()
        if "lang" not in request.GET:
            patch_vary_headers(response, ["Accept-Language"])
        return response
