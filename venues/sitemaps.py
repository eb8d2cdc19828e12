from quinzaine.sitemaps import TranslatedSitemap
from venues.models import Venue


class VenueSitemap(TranslatedSitemap):
    lastmod_field = "updated_at"

    def items(self):
        return Venue.objects.public()

    def lastmod(self, venue):
        return venue.updated_at
