from contextlib import contextmanager

from django import forms
from django.contrib import admin, messages
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.models import FlatPage
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, Min, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin_editions import PrepareNextEditionMixin
from events.admin_filters import (
    ImageFilter,
    LogoFilter,
    ScheduleAlertFilter,
    SummaryFilter,
    TranslationFilter,
)
from events.admin_proposals import ProposalAdmin
from events.admin_publishing import PublishEditionMixin, warn_hidden_by_edition
from events.admin_spreadsheets import (
    PartnerExportMixin,
    ProgrammeExportMixin,
    ProgrammeImportExportMixin,
)
from events.forms import DuplicateEventForm, SessionAdminForm, SessionGeneratorForm
from events.images import resized_url
from events.models import (
    Category,
    Edition,
    EditionPartner,
    Event,
    Partner,
    Proposal,
    RemovedSession,
    Session,
    Theme,
)
from events.scheduling import (
    describe_session,
    duplicate_event,
    generate_sessions,
    plan_sessions,
    schedule_warnings,
)
from quinzaine.accessibility import ADMIN_ROWS as ACCESSIBILITY_ROWS
from quinzaine.admin_translations import TranslationFieldsAdmin
from quinzaine.forms import SlugFilledForm
from quinzaine.uploads import KeepUploadsAdmin
from venues.models import Venue

admin.site.site_header = _("Quinzaine du Japon en Occitanie – organisation")
admin.site.site_title = _("Quinzaine du Japon – organisation")
admin.site.index_title = _("Programme et partenaires")
admin.site.site_url = "/"


REMOVAL_MESSAGE = _(
    "Séances à venir retirées du programme : elles restent dans les calendriers abonnés, "
    "marquées « annulée », jusqu'à leur date."
)


class RemovalNoticeMixin:
    """Tell organisers that deleted public sessions stay in feeds as cancelled."""

    delete_confirmation_template = "admin/events/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/events/delete_selected_confirmation.html"

    def save_model(self, request, obj, form, change):
        # An event set back to draft takes its sessions off the programme.
        with _removal_notice(request):
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with _removal_notice(request):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with _removal_notice(request):
            super().delete_queryset(request, queryset)


@contextmanager
def _removal_notice(request):
    started = timezone.now()
    yield
    if RemovedSession.objects.filter(removed_at__gte=started).exists():
        messages.info(request, REMOVAL_MESSAGE)


def thumbnail(image, alt=""):
    """Return a small <img> of an uploaded image for admin lists and forms."""
    url = resized_url(image, 80, 80, crop=True)
    if not url:
        return "—"
    return format_html('<img src="{}" alt="{}" width="40" height="40" loading="lazy">', url, alt)


def _with_end(session):
    """Return "samedi 18 novembre 2023, 10:00–18:00", or the day alone for a whole day."""
    label = describe_session(session)
    if session.is_all_day:
        return label
    return f"{label}–{timezone.localtime(session.ends_at):%H:%M}"


def preview(image, alt=""):
    """Return the whole image, at most 320 × 200, for the change forms (logos uncut)."""
    url = resized_url(image, 320, 200)
    if not url:
        return "—"
    return format_html('<img src="{}" alt="{}" class="admin-preview">', url, alt)


class EditionPartnerInline(admin.TabularInline):
    model = EditionPartner
    extra = 1
    autocomplete_fields = ["partner"]


@admin.register(Edition)
class EditionAdmin(
    KeepUploadsAdmin,
    PublishEditionMixin,
    PrepareNextEditionMixin,
    TranslationFieldsAdmin,
    admin.ModelAdmin,
):
    actions = ["prepare_next"]
    list_display = [
        "name",
        "year",
        "starts_on",
        "ends_on",
        "is_published",
        "is_current",
        "event_count",
    ]
    list_filter = ["is_published"]
    search_fields = ["name", "tagline"]
    form = SlugFilledForm
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EditionPartnerInline]
    readonly_fields = ["image_preview"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "year",
                    "slug",
                    ("starts_on", "ends_on"),
                    "tagline",
                    "description",
                ]
            },
        ),
        (_("Image"), {"fields": [("image", "image_credit"), "image_preview"]}),
        (_("Publication"), {"fields": ["is_published", "is_current", "is_demo"]}),
        (
            _("Appel à propositions"),
            {
                "fields": [("proposals_open_on", "proposals_close_on")],
                "description": _(
                    "Entre ces deux jours, inclus, le formulaire public « Proposer un événement » "
                    "reçoit les propositions pour cette édition."
                ),
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description=_("événements"), ordering="event_count")
    def event_count(self, edition):
        return edition.event_count

    @admin.display(description=_("aperçu"))
    def image_preview(self, edition):
        return preview(edition.image, edition.name)


@admin.register(Category)
class CategoryAdmin(TranslationFieldsAdmin, admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(CategoryAdmin):
    pass


@admin.register(Partner)
class PartnerAdmin(KeepUploadsAdmin, PartnerExportMixin, TranslationFieldsAdmin, admin.ModelAdmin):
    list_display = ["logo_thumbnail", "name", "kind", "website"]
    list_display_links = ["logo_thumbnail", "name"]
    list_filter = ["kind", "partnerships__edition", LogoFilter]
    search_fields = ["name", "description"]
    form = SlugFilledForm

    def get_search_results(self, request, queryset, search_term):
        # Partners whose name matches come first (« Région » finds the Region before Ad'Occ).
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset = queryset.annotate(
                name_first=Case(When(name__icontains=search_term, then=Value(0)), default=Value(1))
            ).order_by("name_first", "name")
        return queryset, may_have_duplicates

    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["logo_preview"]
    fields = [
        "name",
        "slug",
        "kind",
        ("logo", "logo_credit"),
        "logo_preview",
        "website",
        "description",
    ]

    @admin.display(description=_("logo"))
    def logo_thumbnail(self, partner):
        return thumbnail(partner.logo, partner.name)

    @admin.display(description=_("aperçu"))
    def logo_preview(self, partner):
        return preview(partner.logo, partner.name)


class SessionInline(admin.TabularInline):
    model = Session
    form = SessionAdminForm
    extra = 1
    autocomplete_fields = ["venue"]
    fields = ["starts_at", "ends_at", "is_all_day", "venue", "status", "capacity", "note"]


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
        # Only drafts: a cancelled event is brought back on purpose, on its own page.
        count = 0
        for event in queryset.filter(status=Event.Status.DRAFT):
            event.status = Event.Status.PUBLISHED
            event.save()
            count += 1
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

    @admin.action(
        description=_("Annuler les événements sélectionnés et leurs séances"),
        permissions=["change"],
    )
    def cancel(self, request, queryset):
        count = 0
        with transaction.atomic():
            for event in queryset.prefetch_related("sessions"):
                for session in event.sessions.all():
                    if session.status != Session.Status.CANCELLED:
                        session.status = Session.Status.CANCELLED
                        session.save()
                if event.status != Event.Status.CANCELLED:
                    event.status = Event.Status.CANCELLED
                    event.save()
                count += 1
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
                copies = [
                    duplicate_event(event, edition) for event in queryset.select_related("edition")
                ]
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


@admin.register(Session)
class SessionAdmin(ProgrammeExportMixin, RemovalNoticeMixin, admin.ModelAdmin):
    form = SessionAdminForm
    list_display = ["event", "starts_at", "ends_at", "is_all_day", "place", "status"]
    list_filter = [
        "event__edition",
        "status",
        "is_all_day",
        "venue__town",
        "event__category",
        ScheduleAlertFilter,
    ]
    list_select_related = ["event", "venue", "event__venue"]
    show_full_result_count = False
    search_fields = ["event__title", "venue__name", "venue__town", "note"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["event", "venue"]
    fields = ["event", "starts_at", "ends_at", "is_all_day", "venue", "status", "capacity", "note"]

    @admin.display(description=_("lieu"))
    def place(self, session):
        return session.place or "—"


admin.site.register(Proposal, ProposalAdmin)

admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class SitePageAdmin(FlatPageAdmin):
    """Let organisers rewrite the site's pages; addresses and options stay with administrators.

    The pages' addresses are fixed in quinzaine/urls.py: a page moved elsewhere would be a 404.
    """

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if request.user.is_superuser else fieldsets[:1]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return ["url", "sites"]
        return super().get_readonly_fields(request, obj)
