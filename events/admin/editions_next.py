"""The admin's « Préparer l'édition suivante »: a form, then a summary with links."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from events.editions import (
    contents,
    naming_year,
    prepare_edition,
    propose_next,
    reset_statuses,
)
from events.forms import PrepareEditionForm
from events.models import Edition

PREPARE_PERMISSIONS = ["events.add_edition", "events.add_editionpartner"]
COPY_PERMISSIONS = ["events.add_event", "events.add_session"]


def summary(edition):
    """Return « Édition 2026 préparée : 12 partenaires, 39 événements en brouillon, 63 séances »."""
    counts = contents(edition)
    # French keeps the singular for zero: « 0 séance ».
    return _("Édition %(year)s préparée : %(partners)s, %(events)s, %(sessions)s") % {
        "year": edition.year,
        "partners": ngettext("%d partenaire", "%d partenaires", max(counts.partners, 1))
        % counts.partners,
        "events": ngettext(
            "%d événement en brouillon", "%d événements en brouillon", max(counts.drafts, 1)
        )
        % counts.drafts,
        "sessions": ngettext("%d séance", "%d séances", max(counts.sessions, 1)) % counts.sessions,
    }


def edition_links(edition):
    """Return the pages to check an edition from, as (label, url): its programme as the
    team sees it before publication, and its admin pages."""
    return [
        (
            _("Voir son programme (aperçu : brouillons compris, visible de l'équipe seule)"),
            reverse("events:programme", kwargs={"edition": edition.slug}),
        ),
        (_("Modifier l'édition"), reverse("admin:events_edition_change", args=[edition.pk])),
        (
            _("Ses événements"),
            reverse("admin:events_event_changelist")
            + "?"
            + urlencode({"edition__id__exact": edition.pk}),
        ),
        (
            _("Ses partenaires"),
            reverse("admin:events_partner_changelist")
            + "?"
            + urlencode({"partnerships__edition__id__exact": edition.pk}),
        ),
    ]


class PrepareNextEditionMixin:
    """Add « Préparer l'édition suivante » to an edition's page and to the editions' actions."""

    def get_urls(self):
        urls = [
            path(
                "<int:edition_id>/preparer-la-suivante/",
                self.admin_site.admin_view(self.prepare_view),
                name="events_edition_prepare",
            ),
            path(
                "<int:edition_id>/preparee/",
                self.admin_site.admin_view(self.prepared_view),
                name="events_edition_prepared",
            ),
        ]
        return urls + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.user.has_perms(PREPARE_PERMISSIONS):
            context["prepare_url"] = reverse("admin:events_edition_prepare", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description=gettext_lazy("Préparer l'édition suivante"), permissions=["add"])
    def prepare_next(self, request, queryset):
        editions = list(queryset[:2])
        if len(editions) != 1:
            self.message_user(
                request,
                _("Choisissez une seule édition : celle dont la suivante reprend les partenaires."),
                messages.ERROR,
            )
            return None
        return redirect("admin:events_edition_prepare", editions[0].pk)

    def prepare_view(self, request, edition_id):
        source = get_object_or_404(Edition, pk=edition_id)
        if not request.user.has_perms(PREPARE_PERMISSIONS):
            raise PermissionDenied
        if request.method == "POST":
            form = PrepareEditionForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                if data["copy_programme"] and not request.user.has_perms(COPY_PERMISSIONS):
                    raise PermissionDenied
                edition = prepare_edition(
                    source,
                    name=data["name"],
                    year=data["year"],
                    slug=data["slug"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    copy_programme=data["copy_programme"],
                    copy_presentation=data["copy_presentation"],
                )
                prepared = reverse("admin:events_edition_prepared", args=[edition.pk])
                return redirect(f"{prepared}?{urlencode({'depuis': source.pk})}")
        else:
            proposal = propose_next(source)
            form = PrepareEditionForm(
                initial={**vars(proposal), "copy_programme": True, "copy_presentation": True}
            )
        # Other years' proposals, for the form to follow a change of year (prepare_edition.js).
        proposals = {
            other.year: {
                "name": other.name,
                "slug": other.slug,
                "starts_on": formats.localize_input(other.starts_on),
                "ends_on": formats.localize_input(other.ends_on),
            }
            for other in (
                propose_next(source, year=year)
                for year in range(source.year + 1, timezone.localdate().year + 6)
            )
        }
        return TemplateResponse(
            request,
            "admin/events/edition/prepare.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Préparer l'édition suivante"),
                "subtitle": _("À partir de : %(edition)s") % {"edition": source},
                "form": form,
                "proposals": proposals,
                "source": source,
                "source_counts": contents(source),
                "opts": self.model._meta,
                "original": source,
                "media": self.media + form.media + forms.Media(js=["events/js/prepare_edition.js"]),
            },
        )

    def prepared_view(self, request, edition_id):
        edition = get_object_or_404(Edition, pk=edition_id)
        if not self.has_view_permission(request, edition):
            raise PermissionDenied
        source = Edition.objects.filter(pk=request.GET.get("depuis") or 0).first()
        copied = source is not None and edition.events.exists()
        return TemplateResponse(
            request,
            "admin/events/edition/prepared.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Édition %(year)s préparée") % {"year": edition.year},
                "summary": summary(edition),
                "links": edition_links(edition),
                "edition": edition,
                "source": source,
                # What the copy put back to « programmée », and texts naming the old year.
                "reset": reset_statuses(source) if copied else {},
                "naming_year": naming_year(edition, source.year) if copied else [],
                "presentation_names_year": bool(source)
                and str(source.year) in f"{edition.tagline} {edition.description}",
                "opts": self.model._meta,
                "original": edition,
            },
        )
