from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.flatpages.views import flatpage
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from events.sitemaps import (
    EditionSitemap,
    EventSitemap,
    PagesSitemap,
    PartnerSitemap,
    ProgrammeSitemap,
    VenueSitemap,
)
from events.urls import venue_urlpatterns
from quinzaine.health import health
from quinzaine.password_reset import LimitedPasswordResetForm

sitemaps = {
    "pages": PagesSitemap,
    "editions": EditionSitemap,
    "programmes": ProgrammeSitemap,
    "events": EventSitemap,
    "venues": VenueSitemap,
    "partners": PartnerSitemap,
}

# The password reset pages carry the admin's header and title.
ADMIN_LOOK = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}

urlpatterns = [
    # Organisers who forgot their password get a link by e-mail; the admin's login page
    # offers it once "admin_password_reset" exists. Before the admin's catch-all.
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=LimitedPasswordResetForm,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
            extra_context=ADMIN_LOOK,
        ),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=ADMIN_LOOK),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    # The partners' read API: unprefixed, its language from ?lang= or Accept-Language.
    path("api/v1/", include("events.api.urls")),
    # For the load balancer: is this app server up, and does it reach the database?
    path("sante/", health, name="health"),
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
        # Lazy: the address comes from the static files' manifest, which `check` and
        # `migrate` must not need.
        RedirectView.as_view(url=lazy(static, str)("icons/favicon-32.png"), permanent=True),
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
    path("", include((venue_urlpatterns, "venues"))),
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
