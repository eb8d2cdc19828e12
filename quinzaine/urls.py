from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.flatpages.views import flatpage
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from events.sitemaps import (
    EditionSitemap,
    EventSitemap,
    PagesSitemap,
    PartnerSitemap,
    ProgrammeSitemap,
)
from venues.sitemaps import VenueSitemap

sitemaps = {
    "pages": PagesSitemap,
    "editions": EditionSitemap,
    "programmes": ProgrammeSitemap,
    "events": EventSitemap,
    "venues": VenueSitemap,
    "partners": PartnerSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    # An index of sections, each paginated: flat cost however large the archive grows.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("icons/favicon-32.png"), permanent=True),
        name="favicon",
    ),
]

# The public pages and feeds: French at today's addresses, English under /en/, Japanese
# under /ja/. The admin, sitemaps, robots.txt and the favicon stay outside, unprefixed.
urlpatterns += i18n_patterns(
    # The site's flat pages, one path each: any other address is a plain 404. Before the
    # events' URLs, whose /<edition>/ would take them. Their text is French in every
    # language; the page around it is translated.
    path("mentions-legales/", flatpage, {"url": "/mentions-legales/"}, name="legal-notice"),
    path("donnees-personnelles/", flatpage, {"url": "/donnees-personnelles/"}, name="privacy"),
    path("accessibilite/", flatpage, {"url": "/accessibilite/"}, name="accessibility"),
    path("contact/", flatpage, {"url": "/contact/"}, name="contact"),
    path("", include("venues.urls")),
    path("", include("events.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns.insert(
        0,
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    )
