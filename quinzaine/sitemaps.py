from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet


class TranslatedSitemap(Sitemap):
    """List each page in French, English and Japanese, each with its alternates (hreflang).

    x-default is the French page, served at the address without a language prefix.

    Django builds an i18n sitemap's (item, language) pairs for every item before cutting
    out a page, and reads every item again for the index's last change: with 40,000
    archived events, 10 s after each change. Here a page loads only its own items, and
    the last change is one query (`lastmod_field`).
    """

    i18n = True
    alternates = True
    x_default = True
    # The column lastmod() reads, if items() is a QuerySet: the index asks for its maximum.
    lastmod_field = None

    def _items(self):
        # Sitemap.paginator and Sitemap._urls (Django 5.2) read the pairs from here.
        items = self.items()
        if isinstance(items, QuerySet):
            return TranslatedItems(items, self._languages())
        return super()._items()

    def get_latest_lastmod(self):
        if self.lastmod_field is None:
            return super().get_latest_lastmod()
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]


class TranslatedItems:
    """The (item, language) pairs of a QuerySet, counted and sliced without loading them all.

    What Django's Paginator needs: len() and slices.
    """

    def __init__(self, items, languages):
        self.items, self.languages = items, list(languages)

    def __len__(self):
        return self.items.count() * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("TranslatedItems only hands out slices, as Paginator asks.")
        start, stop = index.start or 0, len(self) if index.stop is None else index.stop
        size = len(self.languages)
        first, last = start // size, -(-stop // size)
        pairs = [(item, language) for item in self.items[first:last] for language in self.languages]
        offset = start - first * size
        return pairs[offset : offset + max(stop - start, 0)]
