from django.utils.functional import SimpleLazyObject

from events.models import Edition


def festival(request):
    """Give every template the current edition, queried only if a template reads it."""
    return {"current_edition": SimpleLazyObject(Edition.objects.current)}
