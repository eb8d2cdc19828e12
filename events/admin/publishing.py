"""Say when a published event stays hidden because its edition is not, and publish the edition."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext, ngettext

from events.models import Edition, Event


def warn_hidden_by_edition(request, events, back=None):
    """Warn, with a link to publish it, about each unpublished edition of published events.

    The link's page comes back to `back`, by default the page that asked.
    """
    hidden = {}
    for event in events:
        if event.status == Event.Status.PUBLISHED and not event.edition.is_published:
            hidden.setdefault(event.edition, []).append(event)
    for edition, members in hidden.items():
        if len(members) == 1:
            text = gettext(
                "L'événement est publié mais son édition « %(edition)s » ne l'est pas : "
                "il reste invisible au public."
            ) % {"edition": edition}
        else:
            text = ngettext(
                "%(count)d événement est publié mais son édition « %(edition)s » ne l'est "
                "pas : il reste invisible au public.",
                "%(count)d événements sont publiés mais leur édition « %(edition)s » ne l'est "
                "pas : ils restent invisibles au public.",
                len(members),
            ) % {"count": len(members), "edition": edition}
        publish_url = reverse("admin:events_edition_publish", args=[edition.pk])
        messages.warning(
            request,
            format_html(
                '{} <a href="{}?{}">{}</a>',
                text,
                publish_url,
                urlencode({"next": back or request.get_full_path()}),
                gettext("Publier l'édition « %(edition)s »…") % {"edition": edition},
            ),
        )


class PublishEditionMixin:
    """Give the edition admin a page that publishes an edition after saying what it shows."""

    def get_urls(self):
        urls = [
            path(
                "<int:edition_id>/publier/",
                self.admin_site.admin_view(self.publish_view),
                name="events_edition_publish",
            ),
        ]
        return urls + super().get_urls()

    def publish_view(self, request, edition_id):
        edition = get_object_or_404(Edition, pk=edition_id)
        if not self.has_change_permission(request, edition):
            raise PermissionDenied
        back = request.POST.get("next") or request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = ""
        back = back or reverse("admin:events_edition_change", args=[edition.pk])
        if request.method == "POST":
            if not edition.is_published:
                edition.is_published = True
                edition.save()
            self.message_user(
                request,
                gettext("L'édition « %(edition)s » est publiée : le public la voit.")
                % {"edition": edition},
                messages.SUCCESS,
            )
            return redirect(back)
        published = Event.objects.in_edition(edition).filter(status=Event.Status.PUBLISHED)
        return TemplateResponse(
            request,
            "admin/events/edition/publish.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Publier l'édition « %(edition)s »") % {"edition": edition},
                "edition": edition,
                "published_count": published.count(),
                "back": back,
                "opts": self.model._meta,
                "original": edition,
            },
        )
