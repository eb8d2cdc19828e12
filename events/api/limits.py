"""What every API answer shares: its language, its rate limit and the headers saying so."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
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


class APIMixin:
    """Answer in the language asked, and say which and the rate limit in the headers."""

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
