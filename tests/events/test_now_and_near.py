"""During an edition: the programme opens on today, one-tap days, near me, clean URLs."""

import datetime

import pytest
import time_machine
import vobject

from events.models import Session
from events.views.programme import quick_links
from tests.factories import (
    aware,
    make_edition,
    make_event,
    make_festival,
    make_session,
    make_venue,
)
from tests.helpers import parse

pytestmark = pytest.mark.django_db

# Wednesday 15 November 2023, in the middle of the festival (10 to 24 November).
WEDNESDAY = aware(2023, 11, 15, 9)


def texts(nodes):
    return [" ".join(node.get_text(" ", strip=True).split()) for node in nodes]


def titles(response):
    return texts(parse(response).select(".session-title"))


def headings(response):
    return texts(parse(response).select(".programme-day-title"))


@pytest.fixture
def festival():
    base = make_festival()
    edition = base.edition
    uchaud = make_venue(
        name="Salle des fêtes", town="Uchaud", latitude="43.758600", longitude="4.268600"
    )
    base.nimes.latitude, base.nimes.longitude = "43.838100", "4.355900"
    base.nimes.save()
    base.albi.latitude, base.albi.longitude = "43.928900", "2.142100"
    base.albi.save()
    make_session(base.tea, aware(2023, 11, 14, 11))
    make_session(base.tea, aware(2023, 11, 15, 14))
    events = {
        "taiko": make_event(edition, title="Taiko à Nîmes", venue=base.nimes),
        "sake": make_event(edition, title="Saké à Uchaud", venue=uchaud),
        "film": make_event(edition, title="Film à Albi", venue=base.albi),
        "weekend": make_event(edition, title="Kendo du samedi", venue=base.albi),
        "tomorrow": make_event(edition, title="Ikebana de jeudi", venue=base.nimes),
    }
    make_session(events["taiko"], aware(2023, 11, 15, 18))
    make_session(events["sake"], aware(2023, 11, 15, 19))
    make_session(events["film"], aware(2023, 11, 15, 20))
    make_session(events["weekend"], aware(2023, 11, 18, 15))
    make_session(events["tomorrow"], aware(2023, 11, 16, 10))
    return base


@pytest.fixture
def wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


class TestOpensOnToday:
    def test_programme_starts_today_during_the_edition(self, client, festival, wednesday):
        response = client.get("/2023/programme/")
        assert headings(response) == [
            "Aujourd'hui, mercredi 15 novembre",
            "Jeudi 16 novembre",
            "Samedi 18 novembre",
        ]
        assert "Cérémonie du thé" in titles(response)
        page = parse(response)
        assert texts(page.select(".programme-count")) == ["6 séances à partir d'aujourd'hui"]

    def test_all_days_link_shows_the_days_already_past(self, client, festival, wednesday):
        page = parse(client.get("/2023/programme/?commune=Toulouse"))
        link = page.select_one(".day-nav a")
        assert (link.get_text(strip=True), link["href"]) == (
            "Tous les jours",
            "?commune=Toulouse&jours=tous",
        )
        response = client.get("/2023/programme/?commune=Toulouse&jours=tous")
        assert headings(response) == ["Mardi 14 novembre", "Aujourd'hui, mercredi 15 novembre"]

    def test_a_finished_edition_shows_every_day(self, client, festival):
        assert headings(client.get("/2023/programme/"))[0] == "Mardi 14 novembre"
        assert parse(client.get("/2023/programme/")).select(".quick-links a[href^='?']") == []

    def test_quick_links_choose_today_tomorrow_and_the_weekend(self, client, festival, wednesday):
        page = parse(client.get("/2023/programme/"))
        links = [(a.get_text(" ", strip=True), a["href"]) for a in page.select(".quick-link")]
        assert links == [
            ("Aujourd'hui", "/2023/programme/?jour=2023-11-15"),
            ("Demain", "/2023/programme/?jour=2023-11-16"),
            ("Ce week-end", "/2023/programme/?du=2023-11-18&au=2023-11-19"),
            ("◎ Près de moi", "/2023/programme/#pres-de-moi"),
        ]
        today = client.get("/2023/programme/?jour=2023-11-15")
        assert titles(today) == [
            "Cérémonie du thé",
            "Taiko à Nîmes",
            "Saké à Uchaud",
            "Film à Albi",
        ]
        current = parse(today).select(".quick-link[aria-current=true]")
        assert texts(current) == ["Aujourd'hui"]
        weekend = client.get("/2023/programme/?du=2023-11-18&au=2023-11-19")
        assert titles(weekend) == ["Kendo du samedi"]


class TestHome:
    def test_home_blocks_show_the_day_on_each_row_and_link_to_the_list(
        self, client, festival, wednesday
    ):
        page = parse(client.get("/"))
        assert texts(page.select(".edition-state")) == ["En ce moment · jour 6 sur 15"]
        assert texts(page.select(".home-block h2")) == ["Aujourd'hui", "Ce week-end"]
        today, weekend = page.select(".home-block")
        assert texts(today.select(".session-day")) == ["mer 15 nov"] * 4
        assert texts(weekend.select(".session-day")) == ["sam 18 nov"]
        more = [(a.get_text(" ", strip=True), a["href"]) for a in page.select(".home-block-more")]
        assert more == [
            ("Voir les 4 séances (aujourd'hui)", "/2023/programme/?jour=2023-11-15"),
            ("Voir la séance (ce week-end)", "/2023/programme/?du=2023-11-18&au=2023-11-19"),
        ]
        quick = texts(page.select(".edition-hero .quick-link"))
        assert quick == ["Aujourd'hui", "Demain", "Ce week-end", "◎ Près de moi"]

    def test_before_the_edition_the_home_counts_down_to_the_opening(self, client, festival):
        with time_machine.travel(aware(2023, 10, 29, 9), tick=False):
            page = parse(client.get("/2023/"))
        assert texts(page.select(".edition-state")) == ["J-12 · ouverture le 10 novembre"]
        assert page.select(".edition-hero .quick-link") == []

    def test_after_the_edition_the_home_says_so_and_gives_the_next_one(self, client, festival):
        make_edition(
            name="Quinzaine du Japon 2024",
            year=2024,
            slug="2024",
            starts_on=datetime.date(2024, 11, 8),
            ends_on=datetime.date(2024, 11, 22),
        )
        with time_machine.travel(aware(2023, 12, 1, 9), tick=False):
            page = parse(client.get("/2023/"))
        assert texts(page.select(".edition-state")) == [
            "Édition terminée — rendez-vous le vendredi 8 novembre 2024 : Quinzaine du Japon 2024"
        ]
        assert page.select_one(".edition-state a")["href"] == "/2024/"

    def test_after_the_last_edition_the_home_points_to_the_archive(self, client, festival):
        with time_machine.travel(aware(2023, 12, 1, 9), tick=False):
            page = parse(client.get("/2023/"))
        assert texts(page.select(".edition-state")) == [
            "Édition terminée — rendez-vous en 2024 · les éditions précédentes"
        ]
        assert page.select_one(".edition-state a")["href"] == "/editions/"

    def test_home_query_count_is_fixed_during_the_edition(
        self, client, festival, wednesday, django_assert_num_queries
    ):
        for hour in range(9, 20):
            make_session(festival.tea, aware(2023, 11, 15, hour))
        # The edition, highlighted events and their sessions, the sessions of the blocks'
        # days (with their venues and edition), the partners, and the current edition read
        # by the layout.
        with django_assert_num_queries(8):
            client.get("/2023/")


class TestNearMe:
    def test_a_chosen_town_orders_sessions_by_distance(self, client, festival, wednesday):
        response = client.get("/2023/programme/?jour=2023-11-15&pres=Nîmes")
        assert headings(response) == [
            "Nîmes · à moins de 1 km",
            "Uchaud · à 11 km",
            "Albi · à 178 km",
            "Toulouse · à 235 km",
        ]
        assert titles(response) == [
            "Taiko à Nîmes",
            "Saké à Uchaud",
            "Film à Albi",
            "Cérémonie du thé",
        ]
        page = parse(response)
        assert page.select_one("#id_pres option[selected]")["value"] == "Nîmes"
        hidden = [(i["name"], i["value"]) for i in page.select("#pres-de-moi input[type=hidden]")]
        assert hidden == [("jour", "2023-11-15")]

    def test_a_position_orders_sessions_by_distance(self, client, festival, wednesday):
        # Near Uchaud, between Nîmes and Montpellier.
        response = client.get("/2023/programme/?jour=2023-11-15&lat=43.76&lng=4.27")
        assert titles(response)[:2] == ["Saké à Uchaud", "Taiko à Nîmes"]
        page = parse(response)
        chips = texts(page.select(".filter-chip"))
        assert chips[-1] == "près de votre position : retirer ce filtre ✕"
        assert page.select(".filter-chip")[-1]["href"] == "/2023/programme/?jour=2023-11-15"

    def test_without_a_day_rows_show_their_day(self, client, festival, wednesday):
        page = parse(client.get("/2023/programme/?pres=Albi"))
        first_group = page.select(".programme-day")[0]
        assert texts(first_group.select(".session-day")) == ["mer 15 nov", "sam 18 nov"]

    def test_near_me_orders_but_does_not_filter_the_feed(self, client, festival, wednesday):
        page = parse(client.get("/2023/programme/?jour=2023-11-15&pres=Albi"))
        assert page.select_one("a.calendar-subscribe")["href"] == (
            "webcal://testserver/2023/programme.ics?jour=2023-11-15"
        )
        feed = client.get("/2023/programme.ics?jour=2023-11-15&pres=Albi").content.decode()
        assert feed.count("BEGIN:VEVENT") == 4

    def test_an_unknown_town_or_position_orders_nothing(self, client, festival, wednesday):
        response = client.get("/2023/programme/?jour=2023-11-15&pres=Paris&lat=abc")
        assert headings(response) == ["Aujourd'hui, mercredi 15 novembre"]
        assert len(titles(response)) == 4
        assert texts(parse(response).select(".site-messages .alert")) == []


class TestCleanUrls:
    def test_empty_parameters_are_dropped_by_a_redirect(self, client, festival):
        response = client.get(
            "/2023/programme/?q=&jour=&du=&au=&commune=Toulouse&departement=&categorie="
            "&theme=&public=&gratuit=on"
        )
        assert response.status_code == 302
        assert response["Location"] == "/2023/programme/?commune=Toulouse&gratuit=on"

    def test_each_chip_removes_its_filter(self, client, festival):
        page = parse(client.get("/2023/programme/?commune=Toulouse&gratuit=on&du=2023-11-12"))
        chips = [(a.get_text(" ", strip=True), a["href"]) for a in page.select(".filter-chip")]
        assert chips == [
            (
                "du 12 novembre au 24 novembre : retirer ce filtre ✕",
                "/2023/programme/?commune=Toulouse&gratuit=on",
            ),
            ("Toulouse : retirer ce filtre ✕", "/2023/programme/?gratuit=on&du=2023-11-12"),
            ("gratuit : retirer ce filtre ✕", "/2023/programme/?commune=Toulouse&du=2023-11-12"),
        ]
        assert page.select_one(".filter-clear")["href"] == "/2023/programme/"
        assert page.select_one("details.programme-filters").has_attr("open") is False

    def test_the_filter_form_stays_open_on_a_wrong_value(self, client, festival):
        page = parse(client.get("/2023/programme/?jour=hier"))
        assert page.select_one("details.programme-filters").has_attr("open")


def test_days_count_from_one(festival):
    with time_machine.travel(aware(2023, 11, 10, 8), tick=False):
        assert festival.edition.day_number == 1
        assert festival.edition.is_running
    with time_machine.travel(aware(2023, 11, 1, 8), tick=False):
        assert (festival.edition.days_to_start, festival.edition.is_upcoming) == (9, True)
    assert datetime.date(2023, 11, 24) == festival.edition.ends_on


class TestOneWayOfChoosingDays:
    """A quick link's days and the form's day never combine into « Aucune séance »."""

    def test_any_quick_link_with_any_day_and_town_shows_that_day_in_that_town(
        self, client, festival, wednesday
    ):
        edition = festival.edition
        url = f"/{edition.slug}/programme/"
        links = quick_links(edition, datetime.date(2023, 11, 15))
        assert [link["key"] for link in links] == ["today", "tomorrow", "weekend"]
        for link in links:
            for day in ("2023-11-15", "2023-11-18"):
                for town in ("Nîmes", "Albi"):
                    response = client.get(
                        f"{url}?{link['query']}&jour={day}&commune={town}", follow=True
                    )
                    final = response.request["QUERY_STRING"]
                    assert "du=" not in final and "au=" not in final, final
                    expected = (
                        Session.objects.filter(
                            event__edition=edition,
                        )
                        .on_day(datetime.date.fromisoformat(day))
                        .in_town(town)
                    )
                    shown = parse(response).select(".session-row")
                    assert len(shown) == expected.count(), (link["key"], day, town)
                    current = [
                        a.get_text(strip=True)
                        for a in parse(response).select(".quick-link[aria-current]")
                    ]
                    assert "Ce week-end" not in current

    def test_the_feed_of_such_an_address_is_that_day_too(self, client, festival, wednesday):
        edition = festival.edition
        feed = client.get(
            f"/{edition.slug}/programme.ics?du=2023-11-18&au=2023-11-19&jour=2023-11-18"
        )
        summaries = [v.summary.value for v in vobject.readOne(feed.content.decode()).vevent_list]
        assert summaries == ["Kendo du samedi"]


class TestPastMatches:
    def test_a_search_that_finds_only_past_sessions_offers_them(self, client, festival, wednesday):
        edition = festival.edition
        origami = make_event(edition, title="Origami d'hier", venue=festival.nimes)
        make_session(origami, aware(2023, 11, 13, 10))
        response = client.get(f"/{edition.slug}/programme/?q=origami")
        link = parse(response).select_one("a.past-matches")
        assert link.get_text(strip=True) == "Voir la séance passée qui correspond"
        assert link["href"] == "?q=origami&jours=tous"
        shown = client.get(f"/{edition.slug}/programme/{link['href']}")
        assert titles(shown) == ["Origami d'hier"]


class TestNearestFirst:
    def test_an_exhibition_far_away_comes_with_its_town_not_first(
        self, client, festival, wednesday
    ):
        far = make_event(festival.edition, title="Estampes à Albi", venue=festival.albi)
        make_session(far, aware(2023, 11, 10, 10), aware(2023, 11, 24, 18))
        response = client.get("/2023/programme/?pres=Nîmes")
        assert headings(response)[:2] == ["Nîmes · à moins de 1 km", "Uchaud · à 11 km"]
        assert "Estampes à Albi" in texts(parse(response).select(".programme-day")[2].select("a"))
        assert "Expositions et rendez-vous de plusieurs jours" not in headings(response)

    def test_near_me_is_shown_active_and_the_filters_keep_the_position(
        self, client, festival, wednesday
    ):
        page = parse(client.get("/2023/programme/?lat=43.76&lng=4.27&q=kendo"))
        assert page.select_one(".quick-link-near")["aria-current"] == "true"
        kept = {(i["name"], i["value"]) for i in page.select("form.programme-filter-form > input")}
        assert kept == {("q", "kendo"), ("lat", "43.76"), ("lng", "4.27")}
        plain = parse(client.get("/2023/programme/"))
        assert not plain.select_one(".quick-link-near").has_attr("aria-current")


class TestSearch:
    def test_the_search_box_is_outside_the_folded_filters_and_keeps_them(
        self, client, festival, wednesday
    ):
        page = parse(client.get("/2023/programme/?commune=Albi&pres=Nîmes"))
        box = page.select_one("form.programme-search[role=search]")
        assert box.find_parent("details") is None
        hidden = [(i["name"], i["value"]) for i in box.select("input[type=hidden]")]
        assert hidden == [("commune", "Albi"), ("pres", "Nîmes")]
        assert box.select_one("input[type=search][name=q]")["maxlength"] == "100"
        assert page.select("details.programme-filters input[name=q]") == []

    @pytest.mark.parametrize("query", ["kendo", "Kendos", "KÉNDO", "kedno", "kendp"])
    def test_plurals_accents_and_a_small_typo_still_find(self, client, festival, wednesday, query):
        response = client.get(f"/2023/programme/?q={query}")
        assert titles(response) == ["Kendo du samedi"]

    def test_a_corrected_word_is_said(self, client, festival, wednesday):
        page = parse(client.get("/2023/programme/?q=kedno"))
        assert texts(page.select(".search-correction")) == [
            "Résultats pour « kendo » : « kedno » ne figure pas au programme."
        ]
        assert page.select(".search-correction") != []
        assert parse(client.get("/2023/programme/?q=kendo")).select(".search-correction") == []

    def test_a_word_far_from_any_finds_nothing(self, client, festival, wednesday):
        assert titles(client.get("/2023/programme/?q=zzzzzz")) == []

    def test_the_feed_searches_the_same_way(self, client, festival, wednesday):
        feed = client.get("/2023/programme.ics?q=kedno").content.decode()
        summaries = [v.summary.value for v in vobject.readOne(feed).vevent_list]
        assert summaries == ["Kendo du samedi"]

    def test_past_matches_are_named_with_their_day_and_town(self, client, festival, wednesday):
        kendo = make_event(festival.edition, title="Kendo d'ouverture", venue=festival.nimes)
        make_session(kendo, aware(2023, 11, 13, 10))
        page = parse(client.get("/2023/programme/?q=kendo&commune=Nîmes"))
        assert texts(page.select(".past-list li")) == ["Kendo d'ouverture · lun 13 nov · Nîmes"]
        widen = page.select_one("a.widen-search")
        assert widen["href"] == "?q=kendo&jours=tous"
        assert widen.get_text(strip=True) == "Chercher « kendo » dans tout le programme"

    def test_past_matches_are_counted_beside_the_results(self, client, festival, wednesday):
        kendo = make_event(festival.edition, title="Kendo d'ouverture", venue=festival.nimes)
        make_session(kendo, aware(2023, 11, 13, 10))
        page = parse(client.get("/2023/programme/?q=kendo"))
        note = page.select_one(".past-note a")
        assert (note.get_text(strip=True), note["href"]) == (
            "et 1 séance passée",
            "?q=kendo&jours=tous",
        )
