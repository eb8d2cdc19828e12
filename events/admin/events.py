"""Events in the admin: their sessions inline, actions, checks and the sessions generator."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Min, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.actions import cancel_events, duplicate_events, publish_events
from events.admin.common import RemovalNoticeMixin, _removal_notice, _with_end
from events.admin.filters import (
    ImageFilter,
    SummaryFilter,
    TranslationFilter,
)
from events.admin.publishing import warn_hidden_by_edition
from events.admin.spreadsheets import (
    ProgrammeImportExportMixin,
)
from events.forms import DuplicateEventForm, SessionAdminForm, SessionGeneratorForm
from events.models import (
    Edition,
    Event,
    Session,
)
from events.scheduling import (
    generate_sessions,
    plan_sessions,
    schedule_warnings,
)
from quinzaine.accessibility import ADMIN_ROWS as ACCESSIBILITY_ROWS
from quinzaine.admin_lists import preview, thumbnail
from quinzaine.admin_translations import TranslationFieldsAdmin
from quinzaine.forms import SlugFilledForm
from quinzaine.uploads import KeepUploadsAdmin
from venues.models import Venue


class SessionInline(admin.TabularInline):
    model = Session
    form = SessionAdminForm
    extra = 1
    autocomplete_fields = ["venue"]
    fields = ["starts_at", "ends_at", "is_all_day", "venue", "status", "capacity", "note"]

    class Media:
        # « Dupliquer » on each row: the same session on another day, one date to type.
        js = ["events/js/duplicate_session.js"]


class TownFilter(admin.SimpleListFilter):
    title = _("commune")
    parameter_name = "commune"

    def lookups(self, request, model_admin):
        towns = Venue.objects.order_by("town").values_list("town", flat=True).distinct()
        return [(town, town) for town in towns]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(venue__town=self.value())
        return queryset


@admin.register(Event)
class EventAdmin(
    KeepUploadsAdmin,
    ProgrammeImportExportMixin,
    RemovalNoticeMixin,
    TranslationFieldsAdmin,
    admin.ModelAdmin,
):
    # What organisers check first on the left, within a 1,366 px screen.
    list_display = [
        "image_thumbnail",
        "title",
        "status",
        "first_session",
        "town",
        "category",
        "edition",
        "is_featured",
    ]
    list_display_links = ["image_thumbnail", "title"]
    list_filter = [
        "edition",
        "status",
        "category",
        TownFilter,
        "venue__department",
        "themes",
        "audience",
        "is_free",
        "is_featured",
        ImageFilter,
        SummaryFilter,
        TranslationFilter,
    ]
    list_select_related = ["edition", "category", "venue"]
    # No second count of the whole table under a filtered list: fast with a large archive.
    show_full_result_count = False
    search_fields = ["title", "summary", "venue__name", "venue__town", "organisers__name"]
    # By the days the event takes place, not the day it was typed in.
    date_hierarchy = "sessions__starts_at"
    form = SlugFilledForm
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue", "organisers"]
    readonly_fields = ["warnings", "image_preview", "created_at", "updated_at"]
    inlines = [SessionInline]
    actions = ["publish", "cancel", "duplicate"]
    save_on_top = True
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "warnings",
                    "edition",
                    "title",
                    "slug",
                    "status",
                    ("is_featured", "highlight"),
                ]
            },
        ),
        (
            _("Présentation"),
            {"fields": ["summary", "description", "category", "themes", "audience", "languages"]},
        ),
        (_("Image"), {"fields": [("image", "image_credit"), "image_alt", "image_preview"]}),
        (_("Lieu et organisateurs"), {"fields": ["venue", "organisers"]}),
        (
            _("Accessibilité"),
            {
                "fields": ACCESSIBILITY_ROWS,
                "description": _(
                    "S'ajoute à ce que chaque lieu offre (sa fiche le dit) : cochez ce que "
                    "l'événement apporte, par exemple un interprète en LSF ou l'audiodescription."
                ),
            },
        ),
        (
            _("Tarif et réservation"),
            {
                "fields": [
                    "is_free",
                    "price",
                    "booking",
                    "booking_url",
                    "booking_email",
                    "booking_phone",
                ]
            },
        ),
        (_("Suivi"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(first_starts_at=Min("sessions__starts_at"))

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        untranslated = TranslationFilter.column(request)
        if untranslated:
            # Beside the title, in sight without scrolling.
            shown.insert(shown.index("title") + 1, untranslated)
        return shown

    def get_changeform_initial_data(self, request):
        # A new event most often belongs to the edition being prepared.
        initial = super().get_changeform_initial_data(request)
        prepared = Edition.objects.being_prepared()
        if prepared and "edition" not in initial:
            initial["edition"] = prepared.pk
        return initial

    def get_urls(self):
        urls = [
            path(
                "<int:event_id>/generer-seances/",
                self.admin_site.admin_view(self.generate_sessions_view),
                name="events_event_generate_sessions",
            ),
        ]
        return urls + super().get_urls()

    @admin.display(description=_("image"))
    def image_thumbnail(self, event):
        return thumbnail(event.image, event.image_alt)

    @admin.display(description=_("aperçu"))
    def image_preview(self, event):
        return preview(event.image, event.image_alt)

    @admin.display(description=_("commune"), ordering="venue__town")
    def town(self, event):
        return event.venue.town if event.venue else "—"

    @admin.display(description=_("première séance"), ordering="first_starts_at")
    def first_session(self, event):
        return event.first_starts_at

    @admin.display(description=_("alertes de programmation"))
    def warnings(self, event):
        if not event.pk:
            return "—"
        found = schedule_warnings(event)
        if not found:
            return _("Aucune")
        return format_html(
            '<ul class="errorlist">{}</ul>',
            format_html_join("", "<li>{}</li>", ((w,) for w in found)),
        )

    def save_related(self, request, form, formsets, change):
        with _removal_notice(request):
            super().save_related(request, form, formsets, change)
        for warning in schedule_warnings(form.instance):
            messages.warning(request, warning)
        back = reverse("admin:events_event_change", args=[form.instance.pk])
        warn_hidden_by_edition(request, [form.instance], back)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["generate_sessions_url"] = reverse(
                "admin:events_event_generate_sessions", args=[obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._then_generate(request, obj, super().response_add(request, obj))

    def response_change(self, request, obj):
        return self._then_generate(request, obj, super().response_change(request, obj))

    def _then_generate(self, request, obj, response):
        # "Enregistrer et générer des séances répétées": a new event needs no second save.
        if "_generate" in request.POST:
            return redirect("admin:events_event_generate_sessions", obj.pk)
        return response

    @admin.action(description=_("Publier les événements sélectionnés"), permissions=["change"])
    def publish(self, request, queryset):
        # Nothing published blind: the drafts' scheduling alerts first, to confirm (once).
        alerts = [] if "confirm" in request.POST else self.draft_alerts(queryset)
        if alerts:
            return TemplateResponse(
                request,
                "admin/events/event/publish_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Publier malgré les alertes de programmation ?"),
                    "alerts": alerts,
                    "events": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        count = len(publish_events(queryset))
        if count:
            self.message_user(
                request,
                ngettext("%d événement publié.", "%d événements publiés.", count) % count,
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("Aucun brouillon dans la sélection : rien à publier."), messages.INFO
            )
        warn_hidden_by_edition(request, queryset.select_related("edition"))

    @staticmethod
    def draft_alerts(queryset):
        """Return [(draft, its scheduling alerts)] for the drafts that have some."""
        drafts = queryset.filter(status=Event.Status.DRAFT).select_related("edition")
        drafts = drafts.prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("venue", "event__venue", "event__edition"),
            )
        )
        found = [(event, schedule_warnings(event, list(event.sessions.all()))) for event in drafts]
        return [(event, alerts) for event, alerts in found if alerts]

    @admin.action(
        description=_("Annuler les événements sélectionnés et leurs séances"),
        permissions=["change"],
    )
    def cancel(self, request, queryset):
        count = cancel_events(queryset)
        self.message_user(
            request,
            ngettext(
                "%d événement annulé, ses séances aussi.",
                "%d événements annulés, leurs séances aussi.",
                count,
            )
            % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Dupliquer dans une autre édition"), permissions=["add"])
    def duplicate(self, request, queryset):
        if "apply" in request.POST:
            form = DuplicateEventForm(request.POST)
            if form.is_valid():
                edition = form.cleaned_data["edition"]
                copies = duplicate_events(queryset, edition)
                links = format_html_join(
                    ", ",
                    '<a href="{}">{}</a>',
                    (
                        (reverse("admin:events_event_change", args=[copy.pk]), copy.title)
                        for copy in copies
                    ),
                )
                self.message_user(
                    request,
                    format_html(
                        ngettext(
                            "{count} événement copié dans {edition}, en brouillon : {links}.",
                            "{count} événements copiés dans {edition}, en brouillon : {links}.",
                            len(copies),
                        ),
                        count=len(copies),
                        edition=edition,
                        links=links,
                    ),
                    messages.SUCCESS,
                )
                return None
        else:
            form = DuplicateEventForm()
        return TemplateResponse(
            request,
            "admin/events/event/duplicate.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Dupliquer des événements dans une autre édition"),
                "form": form,
                "events": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def generate_sessions_view(self, request, event_id):
        """Describe repeated sessions, see the list they make, then create them."""
        event = get_object_or_404(Event.objects.select_related("edition", "venue"), pk=event_id)
        if not self.has_change_permission(request, event):
            raise PermissionDenied
        planned = None
        form = SessionGeneratorForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            data = form.cleaned_data
            options = {
                "start_time": data["start_time"],
                "end_time": data["end_time"],
                "skip_weekdays": data["skip_weekdays"],
                "venue": data["venue"],
                "capacity": data["capacity"],
                "note": data["note"],
            }
            if "_create" not in request.POST:
                planned = plan_sessions(event, data["first_day"], data["last_day"], **options)
            else:
                created = generate_sessions(event, data["first_day"], data["last_day"], **options)
                if created:
                    self.message_user(
                        request,
                        ngettext("%d séance créée.", "%d séances créées.", len(created))
                        % len(created),
                        messages.SUCCESS,
                    )
                else:
                    self.message_user(
                        request,
                        _("Aucune nouvelle séance : l'événement les avait déjà toutes."),
                        messages.INFO,
                    )
                for warning in schedule_warnings(event):
                    messages.warning(request, warning)
                return redirect("admin:events_event_change", event.pk)
        return TemplateResponse(
            request,
            "admin/events/event/generate_sessions.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Générer des séances répétées"),
                "subtitle": event.title,
                "form": form,
                "planned": planned and [_with_end(session) for session in planned],
                "nothing_new": planned == [],
                "event": event,
                "opts": self.model._meta,
                "original": event,
                "media": self.media + form.media,
            },
        )
