from django.contrib.sitemaps import Sitemap


class TranslatedSitemap(Sitemap):
    """List each page in French, English and Japanese, each with its alternates (hreflang).

    x-default is the French page, served at the address without a language prefix.
    """

    i18n = True
    alternates = True
    x_default = True
