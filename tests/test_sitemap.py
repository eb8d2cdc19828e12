import datetime
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.contrib.sitemaps import Sitemap
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import EditionPartner, Event
from events.sitemaps import EventSitemap
from quinzaine.sitemaps import TranslatedItems
from tests.factories import make_edition, make_event, make_partner, make_session, make_venue

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# Sitemaps link to the current Site's domain, whatever host the request named: the
# migrations set it from SITE_URL, administrators may change it.
ROOT = "http://quinzaine.japonoccitanie.fr"


@pytest.fixture(autouse=True)
def site():
    Site.objects.filter(pk=1).update(domain="quinzaine.japonoccitanie.fr")
    Site.objects.clear_cache()
    yield
    # Django keeps the current Site in memory: forget the one the rollback undoes.
    Site.objects.clear_cache()


def sitemap_entries(client):
    """Return every page listed by the sitemap index's sections, with its lastmod."""
    entries = {}
    for section in sitemap_sections(client):
        response = client.get(section.removeprefix(ROOT))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/xml"
        root = ET.fromstring(response.content)
        entries.update(
            {
                url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
                for url in root.findall("sm:url", NS)
            }
        )
    return entries


def sitemap_sections(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    return [node.findtext("sm:loc", namespaces=NS) for node in root.findall("sm:sitemap", NS)]


@pytest.mark.django_db
class TestSitemap:
    def test_lists_public_pages_only(self, client):
        edition = make_edition(slug="2023", is_current=True)
        hidden_edition = make_edition(slug="2030", is_published=False)
        venue = make_venue(slug="carre-d-art")
        event = make_event(edition, slug="ikebana", venue=venue)
        make_session(event)
        cancelled = make_event(edition, slug="annule", status=Event.Status.CANCELLED, venue=venue)
        draft = make_event(edition, slug="brouillon", status=Event.Status.DRAFT)
        make_session(draft)
        secret = make_event(hidden_edition, slug="secret")
        make_session(secret)
        make_venue(slug="lieu-sans-seance")
        partner = make_partner(slug="yujo")
        EditionPartner.objects.create(edition=edition, partner=partner)
        make_partner(slug="partenaire-prive")
        organiser = make_partner(slug="cricao")
        event.organisers.add(organiser)
        draft.organisers.add(make_partner(slug="organisateur-brouillon"))

        entries = sitemap_entries(client)

        # Each page in French (no prefix), English and Japanese.
        assert sorted(entries) == sorted(
            f"{ROOT}{prefix}{path}"
            for prefix in ["", "/en", "/ja"]
            for path in [
                "/",
                "/editions/",
                "/partenaires/",
                "/lieux/",
                "/mentions-legales/",
                "/donnees-personnelles/",
                "/accessibilite/",
                "/contact/",
                "/2023/",
                reverse("events:programme", args=["2023"]),
                "/2023/evenements/ikebana/",
                "/2023/evenements/annule/",
                "/lieux/carre-d-art/",
                "/partenaires/yujo/",
                "/partenaires/cricao/",
            ]
        )
        assert (
            entries[f"{ROOT}/ja/2023/evenements/ikebana/"]
            == entries[f"{ROOT}/2023/evenements/ikebana/"]
        )
        assert cancelled.get_absolute_url() == "/2023/evenements/annule/"

    def test_gives_last_modification_dates(self, client):
        edition = make_edition(slug="2023")
        venue = make_venue(slug="halle")
        event = make_event(edition, slug="ikebana", venue=venue)
        make_session(event)
        day = datetime.datetime(2024, 3, 5, 10, tzinfo=datetime.UTC)
        Event.objects.filter(pk=event.pk).update(updated_at=day)
        type(venue).objects.filter(pk=venue.pk).update(updated_at=day)

        entries = sitemap_entries(client)

        assert entries[f"{ROOT}/2023/evenements/ikebana/"] == "2024-03-05"
        assert entries[f"{ROOT}/lieux/halle/"] == "2024-03-05"
        assert entries[f"{ROOT}/2023/"] == "2024-03-05"
        assert entries[f"{ROOT}/partenaires/"] is None
        assert entries[f"{ROOT}/accessibilite/"] is None

    @pytest.mark.parametrize("count", [1, 6])
    def test_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries, count):
        for _ in range(count):
            event = make_event(make_edition())
            make_session(event)
            event.organisers.add(make_partner())

        Site.objects.get_current()  # Kept in memory by Django after the first request.
        # The index: the programme version (page cache), the site (read afresh for each
        # request), then per section its count and its last change. Each of the six
        # sections: the version, the site, the count and the page of items. The same
        # whatever the number of editions.
        with django_assert_num_queries(33):
            entries = sitemap_entries(client)
        # Fixed and flat pages, then per edition: its page, its programme, one event, its
        # venue and its organiser; each in three languages.
        assert len(entries) == 3 * (8 + 5 * count)

    def test_each_page_lists_its_three_languages_and_the_french_default(self, client):
        edition = make_edition(slug="2023")
        make_session(make_event(edition, slug="ikebana"))

        response = client.get("/sitemap-events.xml")

        root = ET.fromstring(response.content)
        links = {
            url.findtext("sm:loc", namespaces=NS): [
                (link.get("hreflang"), link.get("href"))
                for link in url.findall("{http://www.w3.org/1999/xhtml}link")
            ]
            for url in root.findall("sm:url", NS)
        }
        alternates = [
            ("fr", f"{ROOT}/2023/evenements/ikebana/"),
            ("en", f"{ROOT}/en/2023/evenements/ikebana/"),
            ("ja", f"{ROOT}/ja/2023/evenements/ikebana/"),
            ("x-default", f"{ROOT}/2023/evenements/ikebana/"),
        ]
        assert links == {
            f"{ROOT}/2023/evenements/ikebana/": alternates,
            f"{ROOT}/en/2023/evenements/ikebana/": alternates,
            f"{ROOT}/ja/2023/evenements/ikebana/": alternates,
        }

    def test_is_an_index_of_paginated_sections(self, client):
        edition = make_edition(slug="2023")
        category = make_event(edition, slug="premier").category
        Event.objects.bulk_create(
            Event(
                edition=edition,
                title=f"Événement {number}",
                slug=f"evenement-{number}",
                category=category,
                status=Event.Status.PUBLISHED,
            )
            for number in range(1000)
        )
        sections = sitemap_sections(client)
        assert f"{ROOT}/sitemap-events.xml" in sections
        assert f"{ROOT}/sitemap-events.xml?p=2" in sections
        assert f"{ROOT}/sitemap-venues.xml" in sections


@pytest.mark.django_db
class TestTranslatedItems:
    """Pages of (item, language) pairs cut from the database, as Django cuts them from a list."""

    @pytest.fixture
    def events(self):
        edition = make_edition(slug="2023")
        for number in range(7):
            make_event(edition, slug=f"evenement-{number}")

    def test_slices_are_those_of_django_s_own_list(self, events):
        sitemap = EventSitemap()
        expected = Sitemap._items(sitemap)
        items = sitemap._items()
        assert isinstance(items, TranslatedItems)
        assert len(items) == len(expected) == 21
        for start in range(0, 22):
            for stop in range(start, 23):
                assert items[start:stop] == expected[start:stop], (start, stop)
        assert items[5:] == expected[5:]

    def test_every_page_together_lists_each_event_once_per_language(self, client, events):
        with mock.patch.object(EventSitemap, "limit", 4):
            sections = [s for s in sitemap_sections(client) if "sitemap-events" in s]
            assert len(sections) == 6  # 21 pairs, 4 a page.
            locations = []
            for section in sections:
                root = ET.fromstring(client.get(section.removeprefix(ROOT)).content)
                locations += [
                    url.findtext("sm:loc", namespaces=NS) for url in root.findall("sm:url", NS)
                ]
        assert len(locations) == len(set(locations)) == 21

    def test_a_page_loads_only_its_own_events(self, client, events):
        with (
            mock.patch.object(EventSitemap, "limit", 4),
            CaptureQueriesContext(connection) as queries,
        ):
            client.get("/sitemap-events.xml?p=3")
        loaded = [
            q["sql"]
            for q in queries
            if 'FROM "events_event"' in q["sql"] and "COUNT" not in q["sql"]
        ]
        assert len(loaded) == 1
        assert "LIMIT 2 OFFSET 2" in loaded[0]  # Pairs 8 to 11: events 2 and 3.

    def test_the_index_reads_the_last_change_in_one_query(self, events, django_assert_num_queries):
        day = datetime.datetime(2024, 3, 5, 10, tzinfo=datetime.UTC)
        Event.objects.update(updated_at=day - datetime.timedelta(days=30))
        Event.objects.filter(slug="evenement-4").update(updated_at=day)
        with django_assert_num_queries(1):
            assert EventSitemap().get_latest_lastmod() == day


@pytest.mark.django_db
def test_robots_txt_allows_all_but_the_admin_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]
