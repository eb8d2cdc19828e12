from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Programme")

    def ready(self):
        from django.db import connections
        from django.db.backends.signals import connection_created

        from events import calendar_changes  # noqa: F401  (its signal receivers)
        from quinzaine.caching import watch_writes

        # Every write to the programme's tables changes the version of cached pages.
        connection_created.connect(watch_writes)
        for connection in connections.all(initialized_only=True):
            watch_writes(None, connection)
