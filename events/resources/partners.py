"""Partners as rows, with their roles in each edition."""

from django.conf import settings
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field

from events.models import Partner


class PartnerResource(resources.ModelResource):
    """Partners, one row each, with their role in each edition."""

    nom = Field(attribute="name", column_name="nom")
    type = Field(column_name="type")
    site = Field(attribute="website", column_name="site web")
    presentation = Field(attribute="description", column_name="présentation")
    roles = Field(column_name="éditions et rôles")
    events = Field(column_name="événements organisés")
    page = Field(column_name="page publique")

    class Meta:
        model = Partner
        name = gettext_lazy("Partenaires")
        fields = ("nom", "type", "site", "presentation", "roles", "events", "page")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related("partnerships__edition", "organised_events")

    def dehydrate_type(self, partner):
        return partner.get_kind_display()

    def dehydrate_roles(self, partner):
        partnerships = sorted(partner.partnerships.all(), key=lambda p: p.edition.starts_on)
        return " ; ".join(f"{p.edition} : {p.get_role_display()}" for p in partnerships)

    def dehydrate_events(self, partner):
        return " ; ".join(sorted(event.title for event in partner.organised_events.all()))

    def dehydrate_page(self, partner):
        return settings.SITE_URL + partner.get_absolute_url()
