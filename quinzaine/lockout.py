"""The page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE), in the admin's look."""

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def lockout(request, original_response=None, credentials=None):
    """Render the lockout page: why logging in is refused, and how to get unlocked."""
    context = {
        **admin.site.each_context(request),
        "title": _("Connexion bloquée"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_hours": settings.AXES_COOLOFF_TIME,
    }
    response = TemplateResponse(request, "axes/lockout.html", context, status=429)
    return response.render()
