"""Public pages and feeds come from a cache, yet every change shows on the very next request."""

import datetime
import gzip

import pytest
from django.contrib.flatpages.models import FlatPage
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from events.models import Category, Edition, Event, Partner, Session
from quinzaine.settings import cache_from_url
from tests.factories import aware, make_edition, make_event, make_partner, make_session, make_venue
from tests.helpers import admin_url, form_data, run_action
from venues.models import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def cache_backend(request, settings):
    """Run every test with the default local-memory cache, then with Redis."""
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        settings.CACHES = {
            "default": cache_from_url(url),
            "fragments": cache_from_url(url, "fragments"),
        }
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def organiser(organiser_client):
    return organiser_client


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture
def festival():
    edition = make_edition(name="Quinzaine du Japon 2023", slug="2023", is_current=True)
    venue = make_venue(name="Maison Carrée", slug="maison-carree", town="Nîmes", department="30")
    partner = make_partner(name="Association Nîmes-Japon")
    edition.partnerships.create(partner=partner, role="founding")
    event = make_event(edition, title="Cérémonie du thé", slug="the", venue=venue)
    draft = make_event(edition, title="Atelier ikebana", slug="ikebana", status=Event.Status.DRAFT)
    make_session(draft, aware(2023, 11, 14, 10))
    return {
        "edition": edition,
        "venue": venue,
        "partner": partner,
        "event": event,
        "draft": draft,
        "session": make_session(event, aware(2023, 11, 12, 15)),
    }


PAGES = {
    "home": "/",
    "programme": "/2023/programme/",
    "event": "/2023/evenements/the/",
    "venue": "/lieux/maison-carree/",
    "partners": "/partenaires/",
    "feed": "/2023/programme.ics",
    "event feed": "/2023/evenements/the.ics",
    "venue feed": "/lieux/maison-carree.ics",
    "accessibility": "/accessibilite/",
}


def text_of(visitor, name):
    response = visitor.get(PAGES[name])
    assert response.status_code == 200, name
    return response.content.decode()


def edit_in_admin(organiser, obj, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = form_data(organiser.get(url))
    data.update(changes)
    response = organiser.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def rename_event(organiser, festival):
    edit_in_admin(organiser, festival["event"], title="Cérémonie du thé matcha")
    return "Cérémonie du thé matcha", ["programme", "event", "feed", "event feed", "venue feed"]


def delete_session(organiser, festival):
    url = admin_url(Session, "delete", festival["session"].pk)
    assert organiser.post(url, {"post": "yes"}).status_code == 302
    return "Aucune séance", ["programme"]


def publish_draft(organiser, festival):
    run_action(organiser, "publish", [festival["draft"]])
    return "Atelier ikebana", ["programme", "feed"]


def cancel_event(organiser, festival):
    run_action(organiser, "cancel", [festival["event"]])
    return "ANNULÉ – Cérémonie du thé", ["feed", "event feed", "venue feed"]


def rename_venue(organiser, festival):
    edit_in_admin(organiser, festival["venue"], name="Musée des Beaux-Arts")
    return "Musée des Beaux-Arts", ["programme", "event", "venue", "feed"]


def rename_category(organiser, festival):
    category = festival["event"].category
    edit_in_admin(organiser, category, name="Art du thé")
    return "Art du thé", ["event", "feed"]


def rename_partner(organiser, festival):
    edit_in_admin(organiser, festival["partner"], name="Maison du Japon de Nîmes")
    return "Maison du Japon de Nîmes", ["home", "partners"]


def rename_edition(organiser, festival):
    edit_in_admin(organiser, festival["edition"], name="Quinzaine du Japon 2023 – 2e édition")
    return "2e édition", ["home", "programme", "feed"]


def generate_sessions(organiser, festival):
    # The generator creates its sessions with bulk_create: no save() signal is sent.
    url = reverse("admin:events_event_generate_sessions", args=[festival["event"].pk])
    data = {"first_day": "20/11/2023", "last_day": "20/11/2023", "_create": "1"}
    data.update(start_time="18:00", end_time="19:30")
    assert organiser.post(url, data).status_code == 302
    return "20231120T180000", ["feed", "event feed"]


def update_in_bulk(organiser, festival):
    # A QuerySet.update() sends no signal either.
    Session.objects.filter(pk=festival["session"].pk).update(note="Version originale")
    return "Version originale", ["programme", "event", "feed"]


def make_venue_accessible(organiser, festival):
    # Programme rows are cached by what they show: the badge must appear at once.
    Venue.objects.filter(pk=festival["venue"].pk).update(is_motor_accessible=True)
    # The filter form names "accessible PMR" too: look for the row's badge.
    return 'badge-access">accessible PMR</li>', ["programme"]


def give_venue_a_hearing_loop(organiser, festival):
    # Listed on the venue's page and among the event's key facts.
    Venue.objects.filter(pk=festival["venue"].pk).update(is_hearing_loop_equipped=True)
    return "<li>Boucle magnétique</li>", ["venue", "event"]


def rewrite_flat_page(organiser, festival):
    edit_in_admin(
        organiser,
        FlatPage.objects.get(url="/accessibilite/"),
        content="<p>Audit complet prévu en 2027.</p>",
    )
    return "Audit complet prévu en 2027.", ["accessibility"]


@pytest.mark.parametrize(
    "change",
    [
        rename_event,
        delete_session,
        publish_draft,
        cancel_event,
        rename_venue,
        rename_category,
        rename_partner,
        rename_edition,
        generate_sessions,
        update_in_bulk,
        make_venue_accessible,
        give_venue_a_hearing_loop,
        rewrite_flat_page,
    ],
)
def test_every_change_shows_on_the_next_request(visitor, organiser, festival, change):
    before = {name: text_of(visitor, name) for name in PAGES}
    # Served from the cache now: the same bytes again.
    assert {name: text_of(visitor, name) for name in PAGES} == before
    expected, pages = change(organiser, festival)
    for name in pages:
        assert expected in text_of(visitor, name), name
        assert expected not in before[name], name


def test_a_cached_page_costs_one_query(visitor, festival, django_assert_num_queries):
    visitor.get(PAGES["programme"])
    with django_assert_num_queries(1):
        response = visitor.get(PAGES["programme"])
    assert "Cérémonie du thé" in response.content.decode()


def test_compressed_and_plain_copies_are_cached_apart(visitor, festival, django_assert_num_queries):
    plain = visitor.get(PAGES["feed"])
    compressed = visitor.get(PAGES["feed"], headers={"accept-encoding": "gzip"})
    with django_assert_num_queries(1):
        cached = visitor.get(PAGES["feed"], headers={"accept-encoding": "gzip, br"})
    assert cached["Content-Encoding"] == "gzip"
    assert gzip.decompress(cached.content) == plain.content
    assert cached.content == compressed.content
    with django_assert_num_queries(1):
        again = visitor.get(PAGES["feed"])
    assert not again.has_header("Content-Encoding")
    assert again.content == plain.content


def test_pages_revalidate_with_an_etag_for_one_query(visitor, festival, django_assert_num_queries):
    first = visitor.get(PAGES["event"])
    assert first["ETag"].startswith('W/"')
    assert first["Last-Modified"]
    with django_assert_num_queries(1):
        again = visitor.get(PAGES["event"], headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_a_feed_revalidates_for_one_query(visitor, festival, django_assert_num_queries):
    first = visitor.get(PAGES["feed"])
    with django_assert_num_queries(1):
        again = visitor.get(PAGES["feed"], headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_an_unrelated_change_keeps_the_etag(visitor, festival):
    first = visitor.get(PAGES["venue"])
    Partner.objects.filter(pk=festival["partner"].pk).update(website="https://example.org")
    again = visitor.get(PAGES["venue"], headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_proxies_may_keep_pages_briefly_and_serve_them_stale(visitor, festival):
    for name in PAGES:
        response = visitor.get(PAGES[name])
        assert "public" in response["Cache-Control"]
        assert "stale-while-revalidate=600" in response["Cache-Control"]
        # Nothing that would make a CDN keep one copy per visitor.
        assert "Cookie" not in response.get("Vary", ""), name
        assert not response.cookies
    response = visitor.get(PAGES["programme"])
    assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=600"


def test_staff_previews_are_never_cached_nor_shown_to_others(visitor, organiser, festival):
    preview = organiser.get("/2023/evenements/ikebana/")
    assert preview.status_code == 200
    assert "Atelier ikebana" in preview.content.decode()
    assert "public" not in preview.get("Cache-Control", "")
    assert visitor.get("/2023/evenements/ikebana/").status_code == 404
    # Logged-in staff always get a fresh page, never a visitor's cached copy.
    visitor.get(PAGES["event"])
    Event.objects.filter(pk=festival["event"].pk).update(summary="Nouveau résumé")
    assert "Nouveau résumé" in organiser.get(PAGES["event"]).content.decode()


def test_errors_and_admin_pages_are_not_cached(visitor, festival):
    assert visitor.get("/2023/evenements/inconnu/").status_code == 404
    make_event(festival["edition"], title="Arrivé depuis", slug="inconnu")
    assert visitor.get("/2023/evenements/inconnu/").status_code == 200
    assert "public" not in visitor.get("/admin/login/").get("Cache-Control", "")


def test_time_bound_content_expires(visitor, festival, settings):
    # What depends on the clock (today's sessions, past ones) is rebuilt after a while.
    settings.PAGE_CACHE_SECONDS = 0
    visitor.get(PAGES["home"])
    Edition.objects.filter(pk=festival["edition"].pk).update(starts_on=datetime.date(2023, 11, 11))
    assert "11 novembre" in text_of(visitor, "home")


def test_the_backend_is_the_one_configured(cache_backend):
    expected = {"redis": "RedisCache", "locmem": "LocMemCache"}[cache_backend]
    assert type(caches["default"]).__name__ == expected


def test_watched_writes_include_every_programme_table():
    from quinzaine.caching import watched_tables

    tables = watched_tables()
    for model in (Edition, Event, Session, Category, Partner, Venue, FlatPage):
        assert model._meta.db_table in tables
    assert Event.themes.through._meta.db_table in tables
    assert "events_feedstamp" not in tables
    assert "django_session" not in tables
