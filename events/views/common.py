"""What the public views share: staff previews of what the public does not see yet."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from events.models import Edition


def may_preview(request, permission):
    """Tell whether the visitor is staff allowed to see what the public does not yet."""
    return request.user.is_staff and request.user.has_perm(permission)


def edition_or_preview(request, slug):
    """Return the edition of a slug: a published one, or any to staff previewing it; else 404."""
    edition = get_object_or_404(Edition, slug=slug)
    if not edition.is_published and not may_preview(request, "events.view_edition"):
        raise Http404
    return edition


def preview_response(response):
    # A preview is for its staff viewer only: no browser, proxy or CDN may keep it.
    add_never_cache_headers(response)
    return response


EDITION_PREVIEW_NOTICE = _("Aperçu : cette édition n'est pas publiée, le public ne la voit pas")
