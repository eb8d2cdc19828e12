"""The settings of the partners' read API (events/api), made from the site's own.

Read-only, anonymous, JSON only; requests that reach a view are limited per client address in
the database (events.api.limits.AddressThrottle), whatever server answers.
"""


def api_settings(festival_name, licence, licence_url):
    """Return REST framework's and drf-spectacular's settings."""
    rest_framework = {
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
        "UNAUTHENTICATED_USER": None,
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": [],
        "DEFAULT_THROTTLE_CLASSES": ["events.api.limits.AddressThrottle"],
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "DATETIME_FORMAT": "iso-8601",
        "UNICODE_JSON": True,
    }
    spectacular = {
        "TITLE": f"API du programme – {festival_name}",
        "DESCRIPTION": (
            "Le programme du festival en lecture seule : éditions, séances, événements, lieux, "
            "partenaires. Textes en français, anglais ou japonais (?lang=). "
            "Documentation : /donnees-ouvertes/."
        ),
        "VERSION": "1.0.0",
        "LICENSE": {"name": licence, "url": licence_url},
        "SERVE_INCLUDE_SCHEMA": False,
        "SERVE_AUTHENTICATION": [],
        "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    }
    return rest_framework, spectacular
