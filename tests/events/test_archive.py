import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from PIL import Image

from events.models import Edition, Event
from tests.factories import aware, image_file, make_edition, make_event, make_session
from tests.helpers import parse


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())


def edition_of(year, **fields):
    return make_edition(
        name=f"Quinzaine du Japon {year}",
        year=year,
        slug=str(year),
        starts_on=datetime.date(year, 11, 10),
        ends_on=datetime.date(year, 11, 24),
        **fields,
    )


@pytest.mark.django_db
class TestEditionArchive:
    def test_lists_published_editions_newest_first_with_dates_and_counts(self, client):
        semaine = edition_of(2022, tagline="La première Semaine du Japon")
        semaine.ends_on = datetime.date(2022, 11, 17)
        semaine.save()
        quinzaine = edition_of(2023, tagline="De Nîmes à Albi", is_current=True)
        edition_of(2024, is_published=False)
        make_event(semaine)
        for status in [Event.Status.PUBLISHED, Event.Status.CANCELLED, Event.Status.DRAFT]:
            make_event(quinzaine, status=status)
        make_event(quinzaine)

        soup = soup_of(client.get(reverse("events:editions")))

        assert text(soup.find("h1")) == "Les éditions"
        assert [text(card.select_one(".card-body")) for card in soup.select(".edition-card")] == [
            "Quinzaine du Japon 2023 Terminée Du 10 novembre au 24 novembre 2023 "
            "De Nîmes à Albi 3 événements",
            "Quinzaine du Japon 2022 Terminée Du 10 novembre au 17 novembre 2022 "
            "La première Semaine du Japon 1 événement",
        ]

    def test_says_en_cours_only_while_an_edition_runs(self, client):
        edition_of(2023, is_current=True)
        for day, badge in [(4, ["À venir · J-6"]), (15, ["Édition en cours"]), (25, ["Terminée"])]:
            cache.clear()
            with time_machine.travel(datetime.datetime(2023, 11, day, 12, tzinfo=datetime.UTC)):
                soup = soup_of(client.get(reverse("events:editions")))
            assert [text(b) for b in soup.select(".edition-card .badge")] == badge

    def test_links_to_each_edition_page_and_programme(self, client):
        edition_of(2022)
        edition_of(2023)

        soup = soup_of(client.get(reverse("events:editions")))

        assert [
            [(text(a), a["href"]) for a in card.select(".card-footer a")]
            for card in soup.select(".edition-card")
        ] == [
            [
                ("Programme Quinzaine du Japon 2023", "/2023/programme/"),
                ("Présentation Quinzaine du Japon 2023", "/2023/"),
            ],
            [
                ("Programme Quinzaine du Japon 2022", "/2022/programme/"),
                ("Présentation Quinzaine du Japon 2022", "/2022/"),
            ],
        ]
        assert reverse("events:programme", args=["2022"]) == "/2022/programme/"

    def test_shows_a_resized_cropped_image(self, client, media_root):
        edition = edition_of(2023)
        edition.image.save("affiche.png", image_file(size=(1200, 1600)))

        soup = soup_of(client.get(reverse("events:editions")))

        image = soup.select_one(".edition-card img")
        assert image["alt"] == ""
        assert image["src"].startswith("/media/resized/affiche-")
        with Image.open(media_root / image["src"].removeprefix("/media/")) as resized:
            assert resized.size == (640, 360)

    def test_is_not_shadowed_by_an_edition_slug(self, client):
        make_edition(slug="editions", is_published=True)

        soup = soup_of(client.get("/editions/"))

        assert text(soup.find("h1")) == "Les éditions"

    def test_says_so_when_nothing_is_published(self, client):
        edition_of(2024, is_published=False)

        soup = soup_of(client.get(reverse("events:editions")))

        assert soup.select(".edition-card") == []
        assert "Aucune édition publiée pour le moment." in [text(p) for p in soup.find_all("p")]

    def test_has_canonical_and_open_graph_tags(self, client):
        soup = soup_of(client.get(reverse("events:editions")))

        assert soup.find("link", rel="canonical")["href"] == "http://testserver/editions/"
        assert soup.find("meta", property="og:title")["content"] == "Les éditions de la Quinzaine"

    @pytest.mark.parametrize("count", [1, 8])
    def test_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries, count):
        for year in range(2020, 2020 + count):
            make_event(edition_of(year, is_current=year == 2020))

        with django_assert_num_queries(ARCHIVE_QUERIES):
            response = client.get(reverse("events:editions"))
        assert len(soup_of(response).select(".edition-card")) == count
        assert Edition.objects.count() == count


# Editions with their event counts, the current edition read by the site's layout, and the
# programme version read by the page cache (quinzaine.caching).
ARCHIVE_QUERIES = 3


@pytest.mark.django_db
class TestFinishedEditionIsAnArchive:
    """Over, an edition offers nothing that only makes sense before or during it."""

    def pages(self, client, edition, event):
        return (
            parse(client.get(f"/{edition.slug}/programme/")),
            parse(client.get(event.get_absolute_url())),
        )

    def test_no_near_me_no_subscription_no_stars_and_says_it_is_over(self, client):
        edition = make_edition(slug="2023")
        event = make_event(edition, title="Taiko", slug="taiko")
        make_session(event, aware(2023, 11, 12, 20))
        programme, page = self.pages(client, edition, event)
        assert programme.select(".quick-link-near") == []
        assert programme.select(".star-button") == page.select(".star-button") == []
        for shown in (programme, page):
            assert shown.select("a.calendar-subscribe, a.calendar-google, a.calendar-outlook") == []
            assert shown.select_one("a.calendar-download")["href"].endswith("complet=1")
        assert "Édition terminée" in programme.select_one(".edition-state").get_text()

    def test_an_edition_to_come_keeps_them(self, client):
        edition = make_edition(
            slug="2027", starts_on=datetime.date(2027, 11, 12), ends_on=datetime.date(2027, 11, 26)
        )
        event = make_event(edition, title="Taiko", slug="taiko")
        make_session(event, aware(2027, 11, 13, 20))
        programme, page = self.pages(client, edition, event)
        assert len(programme.select(".quick-link-near")) == 1
        assert len(programme.select(".star-button")) == 1
        # The event's star, and its session's.
        assert len(page.select(".star-button")) == 2
        assert len(page.select("a.calendar-subscribe")) == 1
