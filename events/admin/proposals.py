"""The moderation queue of event proposals: read, correct, then approve, ask for changes or reject."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events import proposals
from events.admin.common import DAY_FIELDS
from events.models import Proposal, ProposedSession
from quinzaine.images import resized_url

DECISIONS = ("_approve", "_ask_changes", "_reject")


class ProposedSessionInline(admin.StackedInline):
    model = ProposedSession
    extra = 0
    formfield_overrides = DAY_FIELDS
    autocomplete_fields = ["venue"]
    fields = [
        ("date", "starts_at", "ends_at"),
        "venue",
        ("venue_name", "venue_address"),
        ("venue_postcode", "venue_town"),
        "similar_venues",
    ]
    readonly_fields = ["similar_venues"]

    @admin.display(description=_("lieux existants semblables"))
    def similar_venues(self, session):
        if session.venue_id:
            return gettext("— (lieu existant choisi)")
        found = proposals.similar_venues(session)
        if not found:
            return gettext("Aucun : le lieu sera créé à l'acceptation.")
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:venues_venue_change", args=[venue.pk]), venue) for venue in found),
        )
        return format_html(
            '<strong class="proposal-duplicates">{}</strong> {}',
            gettext("Doublon possible : choisissez le lieu existant dans « lieu » ci-dessus :"),
            links,
        )


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "created_at"]
    list_filter = ["status", "edition"]
    search_fields = ["title", "organisation", "contact_name", "email"]
    autocomplete_fields = ["partner"]
    inlines = [ProposedSessionInline]
    readonly_fields = [
        "status",
        "changes_table",
        "event_link",
        "follow_link",
        "created_at",
        "updated_at",
        "language",
        "image_preview",
    ]
    fieldsets = [
        (
            _("Décision"),
            {
                "fields": [
                    ("status", "event_link"),
                    "changes_table",
                    "moderator_message",
                    "follow_link",
                    ("created_at", "updated_at", "language"),
                ]
            },
        ),
        (
            _("Structure qui propose"),
            {
                "fields": [
                    ("organisation", "organisation_kind"),
                    ("contact_name", "email", "phone"),
                    "website",
                    "is_shown_as_organiser",
                    "partner",
                ]
            },
        ),
        (
            _("Événement"),
            {
                "fields": [
                    "edition",
                    "title",
                    "summary",
                    "description",
                    ("category", "audience"),
                    ("is_free", "price"),
                    "booking",
                    ("booking_url", "booking_email", "booking_phone"),
                ]
            },
        ),
        (_("Image"), {"fields": ["image", "image_preview", ("image_alt", "image_credit")]}),
    ]

    def get_queryset(self, request):
        # Not super(): it orders by get_ordering() before the rank is annotated.
        return self.model._default_manager.in_queue_order().select_related("edition")

    def get_ordering(self, request):
        # The queue: pending first (annotated by in_queue_order, unknown to the checks).
        return ["queue_rank", "created_at", "pk"]

    def has_add_permission(self, request):
        # Proposals come from the public form; the admin enters events directly.
        return False

    @admin.display(description=_("événement créé"))
    def event_link(self, proposal):
        if not proposal.event_id:
            return "—"
        url = reverse("admin:events_event_change", args=[proposal.event_id])
        return format_html('<a href="{}">{}</a>', url, proposal.event)

    @admin.display(description=_("lien de suivi du proposant"))
    def follow_link(self, proposal):
        url = settings.SITE_URL + proposal.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description=_("aperçu"))
    def image_preview(self, proposal):
        url = resized_url(proposal.image, 320)
        return format_html('<img src="{}" alt="" width="320">', url) if url else "—"

    @admin.display(description=_("dernières modifications du proposant"))
    def changes_table(self, proposal):
        """What the proposer's last amendment changed, before and after."""
        if not proposal.changes:
            return "—"
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td><del>{}</del></td><td><ins>{}</ins></td></tr>",
            ((label, before or "—", after or "—") for label, before, after in proposal.changes),
        )
        return format_html(
            '<table class="proposal-changes"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            gettext("champ"),
            gettext("avant"),
            gettext("après"),
            rows,
        )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_decide"] = obj is not None and obj.is_amendable
        if context["can_decide"]:
            context["approval_alerts"] = proposals.approval_warnings(obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def response_change(self, request, proposal):
        decision = next((name for name in DECISIONS if name in request.POST), None)
        if decision is None or not proposal.is_amendable:
            return super().response_change(request, proposal)
        back = redirect(reverse("admin:events_proposal_change", args=[proposal.pk]))
        message = proposal.moderator_message.strip()
        if decision == "_approve":
            alerts = proposals.approval_warnings(proposal)
            if alerts and not request.POST.get("_alerts_seen"):
                self.message_user(
                    request,
                    gettext(
                        "Proposition non acceptée : %(alerts)s Corrigez-la, ou cochez « Publier "
                        "malgré ces alertes » avant « Accepter et publier »."
                    )
                    % {"alerts": " ".join(alerts)},
                    messages.ERROR,
                )
                return back
            try:
                event = proposals.approve(proposal, message)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("Proposition non acceptée : %(errors)s")
                    % {"errors": " ".join(error.messages)},
                    messages.ERROR,
                )
                return back
            url = reverse("admin:events_event_change", args=[event.pk])
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    gettext("Proposition acceptée et publiée, le proposant est prévenu :"),
                    url,
                    event,
                ),
                messages.SUCCESS,
            )
            for venue in proposals.unplaced_venues(event):
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        gettext(
                            "Le lieu « %(venue)s » n'a pas de coordonnées (adresse introuvable "
                            "ou service d'adresses muet) : il n'apparaît pas sur la carte. "
                            "Placez-le sur sa fiche :"
                        )
                        % {"venue": venue},
                        reverse("admin:venues_venue_change", args=[venue.pk]),
                        venue.name,
                    ),
                    messages.WARNING,
                )
            return redirect(reverse("admin:events_proposal_changelist"))
        if not message:
            self.message_user(
                request,
                gettext("Écrivez au proposant, dans « message au proposant », ce qui ne va pas."),
                messages.ERROR,
            )
            return back
        if decision == "_ask_changes":
            proposals.ask_for_changes(proposal, message)
            text = gettext("Modifications demandées : le proposant a reçu votre message.")
        else:
            proposals.reject(proposal, message)
            text = gettext("Proposition refusée : le proposant a reçu votre message.")
        self.message_user(request, text, messages.SUCCESS)
        return redirect(reverse("admin:events_proposal_changelist"))
