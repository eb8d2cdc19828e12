"""What production needs beyond Django's own security settings.

The Content-Security-Policy's sources from the configured addresses, a Permissions-Policy
header and the client's address behind a reverse proxy (login lockouts). Read by the
settings module: nothing here may import models or views.
"""

from urllib.parse import urlsplit

from django.conf import settings

# Features no page uses are refused to every frame; « Près de moi » asks for the position.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


def origin_of(url):
    """Return the scheme and host of an absolute URL ("" for a path on this site).

    A tile address with a {s} subdomain (a.tile…, b.tile…) gives a wildcard host.
    """
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc.replace("{s}.", "*.").replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def content_security_policy(map_tiles_url, media_url):
    """Return django-csp's setting: this site only, map tiles and media from their hosts."""
    images = ["'self'", "data:"]
    for url in (map_tiles_url, media_url):
        origin = origin_of(url)
        if origin and origin not in images:
            images.append(origin)
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "img-src": images,
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            # The admin's address search goes through this site (venues/admin.py).
            "connect-src": ["'self'"],
            "font-src": ["'self'"],
            "frame-ancestors": ["'none'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
        }
    }


class PermissionsPolicyMiddleware:
    """Add the Permissions-Policy header to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def client_ip(request):
    """Return the client's address for login lockouts (AXES_CLIENT_IP_CALLABLE).

    Behind PROXY_COUNT reverse proxies that each append to X-Forwarded-For, the client is
    the entry that many places from the right: anything further left the client may have
    written itself. Without proxies, the header is ignored.
    """
    count = settings.PROXY_COUNT
    if count:
        forwarded = [
            entry.strip()
            for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if entry.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
