"""The partners' read API: filters as the programme's, languages, cost, cache, CORS, schema."""

import gzip
import json

import pytest
import time_machine
import yaml
from django.core.cache import cache
from django.test import override_settings
from openapi_spec_validator import validate

from events.models import EditionPartner, Session, Theme
from tests.factories import (
    aware,
    image_file,
    make_edition,
    make_event,
    make_festival,
    make_partner,
    make_session,
)
from tests.helpers import parse

pytestmark = pytest.mark.django_db

# Wednesday 15 November 2023, during the festival (10 to 24 November).
WEDNESDAY = aware(2023, 11, 15, 9)


@pytest.fixture
def festival():
    base = make_festival()
    edition = base.edition
    tea = base.tea
    tea.title_en, tea.title_ja = "Tea ceremony", "茶道体験"
    tea.image = image_file("the.png")
    tea.image_alt, tea.image_credit = "Un bol de thé", "Photo : Yujo"
    tea.save()
    tea.themes.add(Theme.objects.get(slug="culture"))
    partner = make_partner(name="Association Yujo", slug="yujo")
    tea.organisers.add(partner)
    EditionPartner.objects.create(edition=edition, partner=partner)
    base.sessions = {
        "tea_past": make_session(tea, aware(2023, 11, 13, 14)),
        "tea": make_session(tea, aware(2023, 11, 18, 14), capacity=12),
    }
    taiko = make_event(
        edition,
        title="Taiko",
        venue=base.nimes,
        category=base.screening,
        is_free=False,
        price="8 €",
    )
    base.sessions["taiko"] = make_session(taiko, aware(2023, 11, 16, 20), status="full")
    film = make_event(edition, title="Film muet", venue=base.albi, category=base.screening)
    base.sessions["film"] = make_session(film, aware(2023, 11, 17, 20))
    make_event(edition, title="Brouillon", status="draft")
    other = make_edition(name="Semaine 2022", slug="2022")
    make_session(make_event(other, title="Ancien atelier"), aware(2022, 11, 15, 10))
    return base


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response["Content-Type"].startswith("application/"), response.content[:200]
    return response, json.loads(response.content)


def titles(data):
    return [item["event"]["title"] for item in data["results"]]


class TestSessions:
    def test_a_session_says_when_where_what_and_for_how_much(self, client, festival):
        _response, data = get(client, "/api/v1/sessions/?q=thé")
        assert data["count"] == 2
        session = data["results"][1]
        assert session["starts_at"] == "2023-11-18T14:00:00+01:00"
        assert session["ends_at"] == "2023-11-18T16:00:00+01:00"
        assert (session["status"], session["capacity"], session["is_all_day"]) == (
            "scheduled",
            12,
            False,
        )
        assert session["uid"] == festival.sessions["tea"].ical_uid
        venue = session["venue"]
        assert (venue["town"], venue["department"], venue["slug"]) == (
            "Toulouse",
            "31",
            festival.toulouse.slug,
        )
        assert venue["url"] == f"http://testserver/lieux/{festival.toulouse.slug}/"
        assert venue["feed_url"] == f"http://testserver/lieux/{festival.toulouse.slug}.ics"
        event = session["event"]
        assert event["url"] == "http://testserver/2023/evenements/ceremonie-du-the/"
        assert event["feed_url"] == "http://testserver/2023/evenements/ceremonie-du-the.ics"
        assert event["booking"] == {
            "kind": "required",
            "url": "",
            "email": "the@example.org",
            "phone": "",
        }
        assert event["category"]["slug"] == "atelier-culinaire"
        assert event["themes"] == [{"slug": "culture", "name": "Culture"}]
        assert event["organisers"] == ["yujo"]
        assert "description" not in event  # On events/<id>/, not repeated per session.
        image = event["image"]
        assert (image["width"], image["height"], image["alt"], image["credit"]) == (
            640,
            360,
            "Un bol de thé",
            "Photo : Yujo",
        )
        assert image["url"].startswith("http://testserver/media/resized/")

    def test_status_and_price(self, client, festival):
        _response, data = get(client, "/api/v1/sessions/?q=taiko")
        session = data["results"][0]
        assert session["status"] == "full"
        assert (session["event"]["is_free"], session["event"]["price"]) == (False, "8 €")

    @pytest.mark.parametrize(
        "query, expected",
        [
            ("jour=2023-11-18", ["Cérémonie du thé"]),
            ("du=2023-11-16&au=2023-11-17", ["Taiko", "Film muet"]),
            ("commune=Albi", ["Film muet"]),
            ("departement=30", ["Taiko"]),
            ("categorie=projection", ["Taiko", "Film muet"]),
            ("theme=culture", ["Cérémonie du thé", "Cérémonie du thé"]),
            ("gratuit=on&categorie=projection", ["Film muet"]),
            ("acces=moteur", ["Cérémonie du thé", "Cérémonie du thé"]),
            ("q=muet", ["Film muet"]),
            ("q=mue", ["Film muet"]),
            ("edition=2022", ["Ancien atelier"]),
        ],
    )
    def test_each_filter_keeps_what_the_programme_keeps(self, client, festival, query, expected):
        _response, data = get(client, f"/api/v1/sessions/?{query}")
        assert titles(data) == expected
        programme = parse(client.get(f"/2023/programme/?{query}&jours=tous"))
        if "edition" not in query:
            shown = [a.get_text(strip=True) for a in programme.select(".session-title a")]
            assert sorted(set(shown)) == sorted(set(expected))

    def test_the_place_filter(self, client, festival):
        _response, data = get(client, f"/api/v1/sessions/?lieu={festival.nimes.slug}")
        assert titles(data) == ["Taiko"]

    def test_to_come_only(self, client, festival):
        with time_machine.travel(WEDNESDAY, tick=False):
            _response, data = get(client, "/api/v1/sessions/?a_venir=1")
        assert titles(data) == ["Taiko", "Film muet", "Cérémonie du thé"]

    def test_a_value_that_matches_nothing_is_answered_400(self, client, festival):
        response = client.get("/api/v1/sessions/?jour=hier&categorie=inconnue")
        assert response.status_code == 400
        assert set(json.loads(response.content)) == {"jour", "categorie"}

    def test_an_unknown_edition_is_404(self, client, festival):
        assert client.get("/api/v1/sessions/?edition=1999").status_code == 404
        assert client.get("/api/v1/editions/1999/").status_code == 404
        assert client.get("/api/v1/events/999999/").status_code == 404

    def test_drafts_never_show(self, client, festival):
        _response, data = get(client, "/api/v1/events/?page_size=1000")
        assert "Brouillon" not in [event["title"] for event in data["results"]]

    def test_pages_follow_each_other(self, client, festival):
        _response, first = get(client, "/api/v1/sessions/?page_size=3")
        assert (first["count"], len(first["results"])) == (4, 3)
        _response, second = get(client, first["next"].removeprefix("http://testserver"))
        assert second["next"] is None
        ids = [item["id"] for item in first["results"] + second["results"]]
        assert len(set(ids)) == 4


class TestLanguages:
    def test_texts_in_the_language_asked(self, client, festival):
        for query, headers, title, language in [
            ("", {}, "Cérémonie du thé", "fr"),
            ("&lang=en", {}, "Tea ceremony", "en"),
            ("", {"HTTP_ACCEPT_LANGUAGE": "ja,en;q=0.8"}, "茶道体験", "ja"),
            ("&lang=fr", {"HTTP_ACCEPT_LANGUAGE": "ja"}, "Cérémonie du thé", "fr"),
            ("", {"HTTP_ACCEPT_LANGUAGE": "en-GB"}, "Tea ceremony", "en"),
        ]:
            response, data = get(client, f"/api/v1/sessions/?jour=2023-11-18{query}", **headers)
            assert titles(data) == [title]
            assert response["Content-Language"] == language

    def test_an_untranslated_text_falls_back_to_french(self, client, festival):
        _response, data = get(client, "/api/v1/sessions/?q=taiko&lang=ja")
        assert titles(data) == ["Taiko"]
        assert data["results"][0]["event"]["category"]["name"]


class TestQueries:
    @pytest.mark.parametrize(
        "url, queries",
        [
            # The page cache's version, the rate limit's count and row, the filter form's
            # towns, then one query per table a list shows (never one per row).
            ("/api/v1/sessions/", 14),
            ("/api/v1/events/", 10),
            ("/api/v1/editions/", 6),
            ("/api/v1/venues/", 8),
            ("/api/v1/partners/", 7),
            ("/api/v1/categories/", 6),
            ("/api/v1/themes/", 6),
            ("/api/v1/schema-org/events/", 10),
        ],
    )
    def test_a_list_costs_the_same_whatever_its_length(
        self, client, festival, django_assert_max_num_queries, url, queries
    ):
        with django_assert_max_num_queries(queries):
            client.get(url)
        for number in range(20):
            event = make_event(festival.edition, title=f"Atelier {number}", venue=festival.albi)
            make_session(event, aware(2023, 11, 20, 10))
        cache.clear()
        with django_assert_max_num_queries(queries):
            client.get(url)


class TestCacheAndHeaders:
    def test_etag_answers_304_and_gzip_is_offered(self, client, festival):
        response = client.get("/api/v1/sessions/")
        etag = response["ETag"]
        assert response["Last-Modified"]
        assert client.get("/api/v1/sessions/", HTTP_IF_NONE_MATCH=etag).status_code == 304
        packed = client.get("/api/v1/sessions/", HTTP_ACCEPT_ENCODING="gzip")
        assert packed["Content-Encoding"] == "gzip"
        assert json.loads(gzip.decompress(packed.content))["count"] == 4

    def test_languages_are_cached_apart(self, client, festival):
        french = client.get("/api/v1/sessions/?jour=2023-11-18")
        english = client.get("/api/v1/sessions/?jour=2023-11-18", HTTP_ACCEPT_LANGUAGE="en")
        assert b"Tea ceremony" in english.content and b"Tea ceremony" not in french.content
        assert "Accept-Language" in english["Vary"]

    def test_a_change_is_seen_at_once(self, client, festival):
        client.get("/api/v1/sessions/?q=taiko")
        Session.objects.filter(pk=festival.sessions["taiko"].pk).update(status="cancelled")
        _response, data = get(client, "/api/v1/sessions/?q=taiko")
        assert data["results"][0]["status"] == "cancelled"

    def test_cors_is_open_for_reading_the_api_only(self, client, festival):
        origin = {"HTTP_ORIGIN": "https://www.mairie-albi.fr"}
        response = client.get("/api/v1/sessions/", **origin)
        assert response["Access-Control-Allow-Origin"] == "*"
        preflight = client.options(
            "/api/v1/sessions/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **origin
        )
        assert "GET" in preflight["Access-Control-Allow-Methods"]
        assert "POST" not in preflight["Access-Control-Allow-Methods"]
        assert "Access-Control-Allow-Origin" not in client.get("/2023/programme/", **origin)
        assert client.post("/api/v1/sessions/", {}).status_code == 405

    @override_settings(API_REQUESTS_PER_HOUR=3)
    def test_requests_past_the_limit_are_answered_429(self, client, festival):
        statuses = [client.get(f"/api/v1/themes/?n={n}").status_code for n in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
        refused = client.get("/api/v1/themes/?n=9")
        assert refused["Retry-After"]
        assert client.get("/api/v1/themes/?n=0").status_code == 200  # From the page cache.
        assert refused["RateLimit-Policy"] == "3;w=3600"


class TestErrorsInTheLanguageAsked:
    @pytest.mark.parametrize(
        ("lang", "detail"),
        [
            ("fr", "Introuvable : vérifiez l'adresse et l'identifiant."),
            ("en", "Not found: check the address and the identifier."),
            ("ja", "見つかりません。アドレスとIDを確認してください。"),
        ],
    )
    def test_an_unknown_event_is_answered_in_the_language(self, client, festival, lang, detail):
        response = client.get(f"/api/v1/events/999999/?lang={lang}")
        assert response.status_code == 404
        assert json.loads(response.content) == {"detail": detail}

    def test_an_unknown_edition_is_named(self, client, festival):
        response = client.get("/api/v1/sessions/?edition=1999&lang=en")
        assert response.status_code == 404
        assert json.loads(response.content) == {"detail": "No published edition « 1999 »."}

    def test_writing_is_refused_in_words(self, client, festival):
        response = client.post("/api/v1/sessions/?lang=en", {})
        assert response.status_code == 405
        assert json.loads(response.content) == {
            "detail": "This API is read-only: the POST method is not allowed."
        }

    @override_settings(API_REQUESTS_PER_HOUR=1)
    def test_too_many_requests_say_when_to_come_back(self, client, festival):
        client.get("/api/v1/themes/?lang=ja&n=1")
        response = client.get("/api/v1/themes/?lang=ja&n=2")
        assert response.status_code == 429
        assert json.loads(response.content) == {
            "detail": "リクエストが多すぎます。60秒後にもう一度お試しください。"
        }


class TestDocumentedAndLinked:
    def test_the_schema_is_valid_openapi_3(self, client, festival):
        response = client.get("/api/v1/schema/")
        schema = yaml.safe_load(response.content)
        validate(schema)
        assert schema["info"]["license"]["name"] == "Licence Ouverte / Etalab 2.0"
        parameters = {p["name"] for p in schema["paths"]["/api/v1/sessions/"]["get"]["parameters"]}
        assert {"jour", "commune", "categorie", "a_venir", "lang", "page"} <= parameters

    def test_the_root_lists_the_addresses_and_the_licence(self, client, festival):
        _response, data = get(client, "/api/v1/")
        assert data["licence"]["name"] == "Licence Ouverte / Etalab 2.0"
        for name in ("sessions", "events", "venues", "partners", "editions", "schema"):
            assert data[name].startswith("http://testserver/api/v1/")

    def test_schema_org_events_as_json_ld(self, client, festival):
        response = client.get("/api/v1/schema-org/events/?lang=en")
        assert response["Content-Type"] == "application/ld+json"
        data = json.loads(response.content)
        assert data["@context"] == "https://schema.org"
        names = {item["name"] for item in data["@graph"]}
        assert {"Tea ceremony", "Taiko", "Film muet"} <= names
        assert all(item["@type"] == "Event" for item in data["@graph"])

    @pytest.mark.parametrize("prefix", ["", "/en", "/ja"])
    def test_the_open_data_page_documents_it(self, client, festival, prefix):
        page = parse(client.get(f"{prefix}/donnees-ouvertes/"))
        text = page.get_text(" ")
        assert "http://testserver/api/v1/sessions/" in text
        assert "Licence Ouverte / Etalab 2.0" in text
        assert "fetch(" in text


class TestWidget:
    def test_the_widget_may_be_framed_anywhere_and_other_pages_nowhere(self, client, festival):
        widget = client.get("/integrer/programme/?commune=Albi")
        assert "frame-ancestors *" in widget["Content-Security-Policy"]
        assert "X-Frame-Options" not in widget
        page = client.get("/2023/programme/")
        assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
        assert page["X-Frame-Options"] == "DENY"
        generator = client.get("/integrer/")
        assert "frame-ancestors 'none'" in generator["Content-Security-Policy"]

    def test_the_widget_lists_the_filtered_sessions_by_day_opening_new_tabs(self, client, festival):
        page = parse(client.get("/integrer/programme/?commune=Nîmes"))
        links = page.select("a.widget-event")
        assert [a.get_text(" ", strip=True) for a in links] == ["Taiko (nouvel onglet)"]
        assert links[0]["href"] == f"http://testserver{links[0]['href'].split('testserver')[1]}"
        assert links[0]["target"] == "_blank" and "noopener" in links[0]["rel"]
        assert page.select_one(".widget-day").get_text(strip=True) == "Jeudi 16 novembre"
        assert "complet" in page.select_one(".widget-row").get_text(" ")
        more = page.select_one(".widget-more a")
        assert more["href"] == "http://testserver/2023/programme/?commune=N%C3%AEmes"

    def test_the_widget_speaks_the_three_languages(self, client, festival):
        english = parse(client.get("/en/integrer/programme/?jour=2023-11-18"))
        assert english.html["lang"] == "en"
        assert (
            english.select_one("a.widget-event")
            .get_text(" ", strip=True)
            .startswith("Tea ceremony")
        )
        japanese = parse(client.get("/ja/integrer/programme/?jour=2023-11-18"))
        assert japanese.select_one(".widget-day").get_text(strip=True) == "11月18日(土)"

    def test_the_generator_gives_the_snippet_for_the_choices(self, client, festival):
        page = parse(client.get("/integrer/?edition=2023&commune=Albi&langue=en"))
        snippet = page.select_one("#embed-snippet").get_text()
        assert 'src="http://testserver/en/integrer/programme/?edition=2023&commune=Albi"' in snippet
        assert 'src="http://testserver/en/integrer/integrer.js" async' in snippet
        assert "data-quinzaine-programme" in snippet
        preview = page.select_one("iframe.embed-preview")
        assert (
            preview["src"] == "http://testserver/en/integrer/programme/?edition=2023&commune=Albi"
        )

    def test_the_sizing_script_has_a_fixed_address(self, client, festival):
        response = client.get("/integrer/integrer.js")
        assert response["Content-Type"].startswith("text/javascript")
        assert b"quinzaineHeight" in response.content


def test_an_event_gives_its_description_and_organisers(client, festival):
    _response, data = get(client, f"/api/v1/events/{festival.tea.pk}/?lang=en")
    assert data["title"] == "Tea ceremony"
    assert data["organisers"][0]["name"] == "Association Yujo"
    assert "description" in data and data["edition"] == "2023"


def test_the_schema_generates_without_a_warning(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert (tmp_path / "s.yml").read_text().startswith("openapi: 3.0.3")
