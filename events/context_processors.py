from django.conf import settings
from django.utils.functional import SimpleLazyObject

from events.models import Edition


def festival(request):
    """Give every template the current edition, queried only if a template reads it.

    Also the page's absolute URL as `canonical_url`, which a view's own overrides, and the
    map tiles' address.
    """
    return {
        "current_edition": SimpleLazyObject(Edition.objects.current),
        "canonical_url": SimpleLazyObject(lambda: request.build_absolute_uri(request.path)),
        "map_tiles_url": settings.MAP_TILES_URL,
    }
