"""Login lockouts (django-axes): whose attempts count together, and the page a lockout gets."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def lockout(request, original_response=None, credentials=None):
    """Render the lockout page: why logging in is refused, and how to get unlocked."""
    context = {
        **admin.site.each_context(request),
        "title": _("Connexion bloquée"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_hours": settings.AXES_COOLOFF_TIME,
        "contact_email": settings.FESTIVAL_CONTACT_EMAIL,
    }
    response = TemplateResponse(request, "axes/lockout.html", context, status=429)
    return response.render()


# The name attempts at user names that do not exist are counted under, per address.
UNKNOWN_USERNAME = "(inconnu)"


def attempted_username(request, credentials):
    """Return the user name an attempt counts for (AXES_USERNAME_CALLABLE).

    An existing account's own name; any other name, UNKNOWN_USERNAME: made-up names from
    one address add one row, not one each.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    user_model = get_user_model()
    if username and user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).exists():
        return username
    return UNKNOWN_USERNAME
