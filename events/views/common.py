"""What the public views share: staff previews, and events' former addresses."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from events.models import Edition, OldEventSlug


def may_preview(request, permission):
    """Tell whether the visitor is staff allowed to see what the public does not yet."""
    return request.user.is_staff and request.user.has_perm(permission)


def edition_or_preview(request, slug):
    """Return the edition of a slug: a published one, or any to staff previewing it; else 404."""
    edition = get_object_or_404(Edition, slug=slug)
    if not edition.is_published and not may_preview(request, "events.view_edition"):
        raise Http404
    return edition


def asked_edition(request):
    """Return the published edition of ?edition=, else the current (or latest) one; or None.

    What the API and the widget show: None for an unknown edition, or none published.
    """
    editions = Edition.objects.published()
    slug = request.GET.get("edition")
    if slug:
        return editions.filter(slug=slug).first()
    return editions.current() or editions.order_by("-starts_on").first()


def listed_in(edition, objects):
    """Return the edition's events or sessions its pages list: drafts too in a staff preview.

    `objects` is Event.objects or Session.objects; an unpublished edition is only ever
    shown to staff previewing it (edition_or_preview).
    """
    return (objects.listed() if edition.is_published else objects.all()).in_edition(edition)


def preview_response(response):
    # A preview is for its staff viewer only: no browser, proxy or CDN may keep it.
    add_never_cache_headers(response)
    return response


EDITION_PREVIEW_NOTICE = _(
    "Aperçu : cette édition n'est pas publiée, le public ne la voit pas. "
    "Ses brouillons y figurent, marqués « brouillon »."
)


def redirect_from_old_slug(edition, slug, url_name):
    """Redirect (301) an event's former address to its current one; 404 if it never had it."""
    old = (
        OldEventSlug.objects.select_related("event__edition")
        .filter(edition__slug=edition, slug=slug)
        .first()
    )
    if old is None:
        raise Http404
    event = old.event
    return redirect(url_name, edition=event.edition.slug, slug=event.slug, permanent=True)
