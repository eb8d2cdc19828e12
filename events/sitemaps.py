from django.db.models import Max, Q
from django.urls import reverse

from events.models import Edition, Event, Partner, Session
from quinzaine.sitemaps import TranslatedSitemap


class PagesSitemap(TranslatedSitemap):
    """List the site's fixed pages, then its flat pages (legal notice, privacy…)."""

    def items(self):
        # The flat pages by their URL names: only the paths urls.py serves.
        return [
            "events:home",
            "events:editions",
            "events:partners",
            "venues:list",
            "legal-notice",
            "privacy",
            "accessibility",
            "contact",
        ]

    def location(self, item):
        return reverse(item)


class EditionSitemap(TranslatedSitemap):
    def items(self):
        return (
            Edition.objects.published()
            .annotate(
                last_change=Max(
                    "events__updated_at", filter=Q(events__in=Event.objects.published())
                )
            )
            .order_by("-starts_on")
        )

    def lastmod(self, edition):
        return edition.last_change


class ProgrammeSitemap(EditionSitemap):
    def location(self, edition):
        return reverse("events:programme", kwargs={"edition": edition.slug})


class EventSitemap(TranslatedSitemap):
    # Pages of 1,000 events (?p=2…), listed in the index: each stays quick to build.
    limit = 1000
    lastmod_field = "updated_at"

    def items(self):
        return Event.objects.published().select_related("edition").order_by("pk")

    def lastmod(self, event):
        return event.updated_at


class PartnerSitemap(TranslatedSitemap):
    def items(self):
        return Partner.objects.public()


class VenueSitemap(TranslatedSitemap):
    lastmod_field = "updated_at"

    def items(self):
        return Session.objects.published().places()

    def lastmod(self, venue):
        return venue.updated_at
