"""The API's lists and details: the programme's filters, the page cache, a fixed cost per list."""

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from events.api.limits import APIMixin
from events.api.serializers import (
    CategorySerializer,
    EditionSerializer,
    EventSerializer,
    PartnerSerializer,
    SessionSerializer,
    ThemeSerializer,
    VenueSerializer,
)
from events.filters import NEAR_FIELDS, ProgrammeFilterForm
from events.jsonld import event_json_ld
from events.models import Category, Edition, Event, Partner, Session, Theme
from events.views.common import asked_edition
from venues.models import Venue

TO_COME = "a_venir"


def _parameter(name, description, kind=OpenApiTypes.STR, many=False):
    return OpenApiParameter(name, kind, description=description, many=many)


LANGUAGE = _parameter(
    "lang", "Langue des textes : fr (par défaut), en ou ja. Sinon Accept-Language."
)
EDITION = _parameter(
    "edition", "Identifiant de l'édition (voir /editions/) ; par défaut l'édition en cours."
)
# The programme's own filters, under the names its pages use: a programme address's query
# string works here as it is.
PROGRAMME_FILTERS = [
    EDITION,
    _parameter("jour", "Un jour (AAAA-MM-JJ).", OpenApiTypes.DATE),
    _parameter("du", "Premier jour d'une période (AAAA-MM-JJ).", OpenApiTypes.DATE),
    _parameter("au", "Dernier jour d'une période (AAAA-MM-JJ).", OpenApiTypes.DATE),
    _parameter("commune", "Commune, en français : « Toulouse »."),
    _parameter("departement", "Numéro du département : « 31 »."),
    _parameter("lieu", "Identifiant d'un lieu (voir /venues/)."),
    _parameter("categorie", "Identifiant d'une catégorie (voir /categories/)."),
    _parameter("theme", "Identifiant d'un thème (voir /themes/)."),
    _parameter("public", "Public : all, young, schools, professionals."),
    _parameter("gratuit", "« on » : les séances gratuites seulement."),
    _parameter("acces", "Accessibilité offerte, plusieurs possibles : moteur, lsf…", many=True),
    _parameter("q", "Recherche dans les titres, résumés, lieux et communes."),
    _parameter(TO_COME, "« 1 » : les séances pas encore finies seulement."),
    LANGUAGE,
]


class Pages(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


def chosen_edition(request):
    """Return the edition asked by ?edition=, or the current one; 404 for an unknown one."""
    edition = asked_edition(request)
    if edition is None:
        slug = request.GET.get("edition")
        if slug:
            raise NotFound(_("Aucune édition publiée « %(slug)s ».") % {"slug": slug})
        raise NotFound(_("Aucune édition publiée."))
    return edition


def filtered_sessions(request, edition):
    """Return the edition's public sessions the query's filters keep, or answer 400."""
    form = ProgrammeFilterForm(request.GET, edition=edition)
    errors = [name for name in form.rejected_data if name not in NEAR_FIELDS]
    if errors:
        raise ValidationError({name: form.errors[name] for name in errors})
    sessions = form.filter(Session.objects.published().in_edition(edition))
    if request.GET.get(TO_COME) == "1":
        sessions = sessions.filter(ends_at__gt=timezone.now())
    return sessions


EVENT_RELATED = ["event__themes", "event__organisers"]


@extend_schema(parameters=PROGRAMME_FILTERS, summary="Séances d'une édition")
class SessionList(APIMixin, generics.ListAPIView):
    """The sessions of an edition, in time order, filtered as the programme is."""

    serializer_class = SessionSerializer
    pagination_class = Pages

    def get_queryset(self):
        sessions = filtered_sessions(self.request, chosen_edition(self.request))
        return (
            sessions.with_related()
            .prefetch_related(*EVENT_RELATED)
            .order_by("starts_at", "ends_at", "pk")
        )


def events_of(request):
    edition = chosen_edition(request)
    events = Event.objects.published().in_edition(edition)
    if (
        any(name in request.GET for name in ProgrammeFilterForm.base_fields)
        or TO_COME in request.GET
    ):
        events = events.filter(pk__in=filtered_sessions(request, edition).values("event"))
    return events


EVENT_QUERYSET_RELATED = ("edition", "category", "venue")


@extend_schema(parameters=PROGRAMME_FILTERS, summary="Événements d'une édition")
class EventList(APIMixin, generics.ListAPIView):
    """The events of an edition that have a session the filters keep (all, without filters)."""

    serializer_class = EventSerializer
    pagination_class = Pages

    def get_queryset(self):
        return (
            events_of(self.request)
            .select_related(*EVENT_QUERYSET_RELATED)
            .prefetch_related("themes", "organisers")
            .order_by("title", "pk")
        )


@extend_schema(parameters=[LANGUAGE], summary="Un événement")
class EventDetail(APIMixin, generics.RetrieveAPIView):
    serializer_class = EventSerializer

    def get_queryset(self):
        return (
            Event.objects.published()
            .select_related(*EVENT_QUERYSET_RELATED)
            .prefetch_related("themes", "organisers")
        )


@extend_schema(parameters=[LANGUAGE], summary="Éditions publiées")
class EditionList(APIMixin, generics.ListAPIView):
    serializer_class = EditionSerializer
    queryset = Edition.objects.published().order_by("-starts_on")


@extend_schema(parameters=[LANGUAGE], summary="Une édition")
class EditionDetail(APIMixin, generics.RetrieveAPIView):
    serializer_class = EditionSerializer
    queryset = Edition.objects.published()
    lookup_field = "slug"


@extend_schema(
    parameters=[EDITION, PROGRAMME_FILTERS[4], PROGRAMME_FILTERS[5], LANGUAGE],
    summary="Lieux d'une édition",
)
class VenueList(APIMixin, generics.ListAPIView):
    """The venues of an edition's public sessions."""

    serializer_class = VenueSerializer
    pagination_class = Pages

    def get_queryset(self):
        sessions = Session.objects.published().in_edition(chosen_edition(self.request))
        venues = Venue.objects.filter(pk__in=sessions.values("venue")) | Venue.objects.filter(
            pk__in=sessions.filter(venue__isnull=True).values("event__venue")
        )
        if self.request.GET.get("commune"):
            venues = venues.in_town(self.request.GET["commune"])
        if self.request.GET.get("departement"):
            venues = venues.filter(department=self.request.GET["departement"])
        return venues.order_by("town", "name", "pk")


@extend_schema(parameters=[LANGUAGE], summary="Un lieu")
class VenueDetail(APIMixin, generics.RetrieveAPIView):
    serializer_class = VenueSerializer
    queryset = Venue.objects.all()
    lookup_field = "slug"


@extend_schema(parameters=[EDITION, LANGUAGE], summary="Partenaires d'une édition")
class PartnerList(APIMixin, generics.ListAPIView):
    serializer_class = PartnerSerializer

    def get_queryset(self):
        edition = chosen_edition(self.request)
        return Partner.objects.filter(partnerships__edition=edition).distinct().order_by("name")


@extend_schema(parameters=[LANGUAGE], summary="Un partenaire")
class PartnerDetail(APIMixin, generics.RetrieveAPIView):
    serializer_class = PartnerSerializer
    queryset = Partner.objects.all()
    lookup_field = "slug"


@extend_schema(parameters=[LANGUAGE], summary="Catégories")
class CategoryList(APIMixin, generics.ListAPIView):
    serializer_class = CategorySerializer
    queryset = Category.objects.order_by("position", "pk")


@extend_schema(parameters=[LANGUAGE], summary="Thèmes")
class ThemeList(APIMixin, generics.ListAPIView):
    serializer_class = ThemeSerializer
    queryset = Theme.objects.order_by("position", "pk")


def licence():
    return {"name": settings.OPEN_DATA_LICENCE, "url": settings.OPEN_DATA_LICENCE_URL}


class APIRoot(APIMixin, APIView):
    """The API's addresses, its documentation and the data's licence."""

    @extend_schema(exclude=True)
    def get(self, request):
        absolute = request.build_absolute_uri
        names = ("editions", "sessions", "events", "venues", "partners", "categories", "themes")
        return Response(
            {
                "version": "v1",
                "licence": licence(),
                "documentation": absolute(reverse("events:open-data")),
                "schema": absolute(reverse("api:schema")),
                "schema_org_events": absolute(reverse("api:schema-org-events")),
                **{name: absolute(reverse(f"api:{name}")) for name in names},
            }
        )


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class SchemaOrgEvents(APIMixin, APIView):
    """An edition's sessions as schema.org Event objects (JSON-LD), as its pages carry them."""

    renderer_classes = [JSONLDRenderer]

    @extend_schema(
        parameters=[EDITION, LANGUAGE],
        responses=OpenApiTypes.OBJECT,
        summary="Séances en schema.org (JSON-LD)",
    )
    def get(self, request):
        edition = chosen_edition(request)
        events = (
            Event.objects.published()
            .in_edition(edition)
            .select_related("edition", "category", "venue")
            .prefetch_related(
                "organisers",
                Prefetch("sessions", queryset=Session.objects.select_related("venue")),
            )
            .order_by("title", "pk")
        )
        absolute = request.build_absolute_uri
        graph = [
            {key: value for key, value in item.items() if key != "@context"}
            for event in events
            for item in event_json_ld(event, list(event.sessions.all()), absolute)
        ]
        return Response({"@context": "https://schema.org", "@graph": graph})
