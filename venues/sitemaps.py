from quinzaine.sitemaps import TranslatedSitemap
from venues.models import Venue


class VenueSitemap(TranslatedSitemap):
    def items(self):
        return Venue.objects.public()

    def lastmod(self, venue):
        return venue.updated_at
