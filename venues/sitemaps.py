from django.contrib.sitemaps import Sitemap

from venues.models import Venue


class VenueSitemap(Sitemap):
    def items(self):
        return Venue.objects.public()

    def lastmod(self, venue):
        return venue.updated_at
