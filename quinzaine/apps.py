from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuinzaineConfig(AppConfig):
    """The project's own tables: rate limits and images kept for a refused form."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "quinzaine"
    verbose_name = _("Protection du site")

    def ready(self):
        from quinzaine import checks  # noqa: F401  (registers them)
