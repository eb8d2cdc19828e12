"""System checks of the site's own settings (manage.py check --deploy)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """Warn when production still builds its links on the local default address."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if settings.DEBUG or host not in LOCAL_HOSTS and f"[{host}]" not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            f"SITE_URL vaut {settings.SITE_URL} : les liens « Voir sur le site », ceux des "
            "e-mails et des agendas pointeraient vers cette machine.",
            hint="Réglez SITE_URL sur l'adresse publique du site, https://….",
            id="quinzaine.W001",
        )
    ]
