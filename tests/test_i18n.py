"""The site in French (no prefix), English (/en/) and Japanese (/ja/): pages, switcher, feeds."""

import json
from urllib.parse import urlsplit

import icalendar
import pytest
import time_machine
import vobject
from django.urls import reverse
from django.utils import timezone, translation

from events.models import EditionPartner, Event, FeedStamp
from tests.factories import aware, make_festival, make_partner, make_session
from tests.helpers import parse

pytestmark = pytest.mark.django_db

PREFIXES = {"fr": "", "en": "/en", "ja": "/ja"}


def text(node):
    return " ".join(node.get_text(" ", strip=True).split())


@pytest.fixture
def festival():
    """The 2023 festival, its tea ceremony translated into English and Japanese, a partner."""
    festival = make_festival()
    tea = festival.tea
    tea.title_en, tea.summary_en = "Tea ceremony", "The way of tea, step by step."
    tea.title_ja, tea.summary_ja = "茶道体験", "お点前を一つずつご紹介します。"
    tea.save()
    festival.session = make_session(tea, aware(2023, 11, 18, 10), aware(2023, 11, 18, 12))
    partner = make_partner(name="Association Yujo", slug="yujo")
    EditionPartner.objects.create(edition=festival.edition, partner=partner)
    return festival


def public_paths(festival):
    edition = festival.edition.slug
    return [
        "/",
        "/editions/",
        "/partenaires/",
        "/partenaires/yujo/",
        "/lieux/",
        f"/lieux/{festival.toulouse.slug}/",
        f"/{edition}/",
        f"/{edition}/programme/",
        f"/{edition}/evenements/ceremonie-du-the/",
        "/ma-selection/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/accessibilite/",
        "/contact/",
    ]


def test_every_public_page_renders_in_the_three_languages(client, festival):
    for path in public_paths(festival):
        for language, prefix in PREFIXES.items():
            response = client.get(prefix + path)
            page = parse(response)
            assert (response.status_code, page.html["lang"]) == (200, language), prefix + path
            assert response["Content-Language"] == language
            alternates = [
                (link["hreflang"], urlsplit(link["href"]).path)
                for link in page.select('head link[rel="alternate"][hreflang]')
            ]
            assert alternates == [
                ("fr", path),
                ("x-default", path),
                ("en", "/en" + path),
                ("ja", "/ja" + path),
            ], prefix + path
            current = page.select(".language-switcher a[aria-current]")
            assert [a["lang"] for a in current] == [language]


def test_french_addresses_are_unchanged(festival):
    with translation.override("fr"):
        assert festival.tea.get_absolute_url() == "/2023/evenements/ceremonie-du-the/"
    with translation.override("ja"):
        assert festival.tea.get_absolute_url() == "/ja/2023/evenements/ceremonie-du-the/"


def test_switcher_keeps_the_page_and_its_filters(client, festival):
    response = client.get("/en/2023/programme/?commune=Toulouse&gratuit=on")

    links = [
        (a.get_text(strip=True), a["href"], a["lang"], a["hreflang"], a.get("aria-current"))
        for a in parse(response).select("nav.language-switcher a")
    ]
    assert links == [
        ("FR", "/2023/programme/?commune=Toulouse&gratuit=on", "fr", "fr", None),
        ("EN", "/en/2023/programme/?commune=Toulouse&gratuit=on", "en", "en", "true"),
        ("日本語", "/ja/2023/programme/?commune=Toulouse&gratuit=on", "ja", "ja", None),
    ]


@pytest.mark.parametrize(
    "language, locale, alternates",
    [
        ("fr", "fr_FR", ["en_GB", "ja_JP"]),
        ("en", "en_GB", ["fr_FR", "ja_JP"]),
        ("ja", "ja_JP", ["fr_FR", "en_GB"]),
    ],
)
def test_open_graph_names_the_locale_and_its_alternates(
    client, festival, language, locale, alternates
):
    page = parse(client.get(PREFIXES[language] + "/2023/evenements/ceremonie-du-the/"))

    assert page.select_one('meta[property="og:locale"]')["content"] == locale
    assert [m["content"] for m in page.select('meta[property="og:locale:alternate"]')] == alternates


@pytest.mark.parametrize(
    "language, title, lead",
    [
        ("fr", "Cérémonie du thé", "Un moment de culture japonaise."),
        ("en", "Tea ceremony", "The way of tea, step by step."),
        ("ja", "茶道体験", "お点前を一つずつご紹介します。"),
    ],
)
def test_event_page_shows_its_text_in_the_language(client, festival, language, title, lead):
    page = parse(client.get(PREFIXES[language] + "/2023/evenements/ceremonie-du-the/"))

    assert text(page.h1) == title
    assert page.select_one('meta[name="description"]')["content"] == lead


def test_japanese_programme_lists_the_japanese_title_and_french_where_untranslated(
    client, festival
):
    make_session(
        Event.objects.create(
            edition=festival.edition,
            title="Projection Ozu",
            slug="projection-ozu",
            category=festival.screening,
            status="published",
            venue=festival.albi,
        ),
        aware(2023, 11, 18, 20),
        aware(2023, 11, 18, 22),
    )

    page = parse(client.get("/ja/2023/programme/"))

    assert [text(a) for a in page.select(".session-title a")] == ["茶道体験", "Projection Ozu"]


def calendar_of(response):
    return icalendar.Calendar.from_ical(response.content)


def test_feeds_speak_the_language_and_keep_their_uids(client, festival):
    feeds = {
        language: calendar_of(client.get(prefix + "/2023/programme.ics"))
        for language, prefix in PREFIXES.items()
    }

    summaries = {
        language: [str(e["summary"]) for e in feed.walk("VEVENT")]
        for language, feed in feeds.items()
    }
    assert summaries == {"fr": ["Cérémonie du thé"], "en": ["Tea ceremony"], "ja": ["茶道体験"]}
    uids = {
        language: [str(e["uid"]) for e in feed.walk("VEVENT")] for language, feed in feeds.items()
    }
    assert uids["fr"] == uids["en"] == uids["ja"] == [festival.session.ical_uid]
    descriptions = [str(feed.walk("VEVENT")[0]["description"]) for feed in feeds.values()]
    assert [d.splitlines()[-1] for d in descriptions] == [
        "Plus d'informations : http://testserver/2023/evenements/ceremonie-du-the/",
        "More information: http://testserver/en/2023/evenements/ceremonie-du-the/",
        "詳細：http://testserver/ja/2023/evenements/ceremonie-du-the/",
    ]
    # Each language's feed is a feed of its own: its own ETag and change stamp.
    etags = {client.get(prefix + "/2023/programme.ics")["ETag"] for prefix in PREFIXES.values()}
    assert len(etags) == 3
    assert FeedStamp.objects.count() == 3


def test_untranslated_event_feed_falls_back_to_french(client, festival):
    festival.tea.title_ja = ""
    festival.tea.save()

    feed = calendar_of(client.get("/ja/2023/evenements/ceremonie-du-the.ics"))

    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == ["Cérémonie du thé"]


def test_cached_french_page_is_never_served_in_english(client, festival):
    french = client.get("/2023/evenements/ceremonie-du-the/")
    english = client.get("/en/2023/evenements/ceremonie-du-the/")
    english_again = client.get("/en/2023/evenements/ceremonie-du-the/")

    assert [text(parse(r).h1) for r in (french, english, english_again)] == [
        "Cérémonie du thé",
        "Tea ceremony",
        "Tea ceremony",
    ]
    assert french["ETag"] != english["ETag"] == english_again["ETag"]


@pytest.mark.parametrize(
    "language, day, hours",
    [
        ("fr", "Samedi 18 novembre 2023", "· 10 h – 12 h"),
        ("en", "Saturday 18 November 2023", "· 10:00 – 12:00"),
        ("ja", "2023年11月18日(土)", "· 10:00 – 12:00"),
    ],
)
def test_dates_are_written_as_each_language_does(client, festival, language, day, hours):
    page = parse(client.get(PREFIXES[language] + "/2023/evenements/ceremonie-du-the/"))

    when = page.select_one(".key-dates li")
    assert text(when.strong) == day
    assert hours in text(when)


@pytest.mark.parametrize(
    "language, heading",
    [("fr", "Samedi 18 novembre"), ("en", "Saturday 18 November"), ("ja", "11月18日(土)")],
)
def test_programme_days_are_written_as_each_language_does(client, festival, language, heading):
    with time_machine.travel(aware(2023, 11, 1, 9), tick=False):
        page = parse(client.get(PREFIXES[language] + "/2023/programme/"))

    assert [text(h) for h in page.select(".programme-day-title")] == [heading]


def test_search_finds_an_event_by_its_english_or_japanese_title(client, festival):
    english = parse(client.get("/en/2023/programme/?q=tea"))
    japanese = parse(client.get("/ja/2023/programme/?q=茶道"))

    assert [text(a) for a in english.select(".session-title a")] == ["Tea ceremony"]
    assert [text(a) for a in japanese.select(".session-title a")] == ["茶道体験"]


def test_json_ld_says_the_page_language(client, festival):
    page = parse(client.get("/ja/2023/evenements/ceremonie-du-the/"))

    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    entries = data if isinstance(data, list) else [data]
    assert [(e["inLanguage"], e["name"]) for e in entries] == [("ja", "茶道体験")]


def test_admin_stays_french_whatever_the_browser_asks(client, organiser):
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ja")

    page = parse(response)
    assert (response.status_code, page.html["lang"]) == (200, "fr")
    assert text(page.select_one("#site-name")) == "Quinzaine du Japon en Occitanie – organisation"
    assert client.get("/ja/admin/").status_code == 404


def test_admin_event_form_shows_the_translations_beside_the_french(client, organiser, festival):
    page = parse(client.get(reverse("admin:events_event_change", args=[festival.tea.pk])))

    labels = [
        text(label)
        for label in page.select(".field-title label, .field-title_en label, .field-title_ja label")
    ]
    assert labels == ["Titre :", "Titre (anglais) :", "Titre (japonais) :"]
    assert page.select_one("#id_title")["value"] == "Cérémonie du thé"
    assert page.select_one("#id_title_ja")["value"] == "茶道体験"
    assert page.select_one("#id_title_ja")["lang"] == "ja"
    assert page.select_one("#id_title_fr") is None


def test_unprefixed_services_stay_unprefixed(client, festival):
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/favicon.ico").status_code == 301
    assert client.get("/en/robots.txt").status_code == 404


@pytest.mark.parametrize(
    "language, shown",
    [("fr", "français et japonais"), ("en", "French, Japanese"), ("ja", "フランス語、日本語")],
)
def test_spoken_languages_are_named_in_the_page_language(client, festival, language, shown):
    festival.tea.languages = "français et japonais"
    festival.tea.save()

    page = parse(client.get(PREFIXES[language] + "/2023/evenements/ceremonie-du-the/"))

    facts = {text(dt): text(dt.find_next_sibling("dd")) for dt in page.select("dt")}
    assert shown in facts.values()


def test_address_alone_decides_the_language_so_pages_need_no_vary(client, festival):
    response = client.get("/2023/evenements/ceremonie-du-the/", HTTP_ACCEPT_LANGUAGE="ja,en")

    assert (parse(response).html["lang"], response["Content-Language"]) == ("fr", "fr")
    assert "Accept-Language" not in response.get("Vary", "")
    assert client.get("/fr/2023/programme/").status_code == 404


def test_lists_keep_their_french_order_and_filters_in_every_language(festival):
    festival.tea.title_en = ""
    festival.tea.save()
    with translation.override("en"):
        assert list(Event.objects.filter(title="Cérémonie du thé")) == [festival.tea]
        assert list(Event.objects.order_by("title").values_list("title", flat=True)) == [
            "Cérémonie du thé"
        ]
        assert Event.objects.get().title == "Cérémonie du thé"
    # An update of the French text shows at once, whatever the language.
    Event.objects.filter(pk=festival.tea.pk).update(summary="Nouveau résumé")
    with translation.override("ja"):
        assert Event.objects.get().summary == "お点前を一つずつご紹介します。"
    festival.tea.refresh_from_db()
    assert (festival.tea.summary, festival.tea.summary_fr) == ("Nouveau résumé", "Nouveau résumé")


def test_venue_name_in_japanese_keeps_its_french_address_and_search_text(client, festival):
    venue = festival.nimes
    venue.name_ja = "カレ・ダール（Carré d'Art）"
    venue.slug = ""
    venue.save()

    page = parse(client.get(f"/ja/lieux/{venue.slug}/"))

    assert (venue.slug, venue.search_text) == ("carre-dart-nimes", "carre d'art nimes")
    assert text(page.h1) == "カレ・ダール（Carré d'Art）"


def test_server_error_page_speaks_the_language_of_its_address(rf):
    from django.views.defaults import server_error

    with translation.override("ja"):
        response = server_error(rf.get("/ja/"))

    page = parse(response)
    assert (response.status_code, page.html["lang"]) == (500, "ja")
    assert page.select_one(".btn-primary")["href"] == "/ja/"


@pytest.mark.parametrize(
    "language, dates, day_option, weekend, today",
    [
        (
            "fr",
            "Du 10 novembre au 24 novembre 2023",
            "samedi 18 novembre",
            "du 18 novembre au 19 novembre",
            "Aujourd'hui, samedi 18 novembre",
        ),
        (
            "en",
            "From 10 November to 24 November 2023",
            "Saturday 18 November",
            "from 18 November to 19 November",
            "Today, Saturday 18 November",
        ),
        (
            "ja",
            "2023年11月10日〜11月24日",
            "11月18日(土)",
            "11月18日〜11月19日",
            "今日・11月18日(土)",
        ),
    ],
)
def test_japanese_and_other_dates_read_as_each_language_writes_them(
    client, festival, language, dates, day_option, weekend, today
):
    with time_machine.travel(aware(2023, 11, 18, 9), tick=False):
        programme = PREFIXES[language] + "/2023/programme/"
        page = parse(client.get(programme))
        ranged = parse(client.get(programme + "?du=2023-11-18&au=2023-11-19"))
    assert text(page.select_one(".edition-dates")) == dates
    assert day_option in [text(o) for o in page.select("select[name=jour] option")]
    assert weekend in [text(chip) for chip in ranged.select(".filter-chip")][0]
    assert text(page.select_one(".programme-day-title")) == today


def test_times_never_break_across_lines(client, festival):
    make_session(festival.tea, aware(2023, 11, 19, 18, 30), aware(2023, 11, 19, 20))
    page = client.get("/2023/evenements/ceremonie-du-the/").content.decode()
    assert "18\xa0h\xa030" in page
    assert "18 h 30" not in page


def test_programme_form_is_valid_html_for_the_checker(client, festival):
    page = parse(client.get("/2023/programme/"))
    assert [s["name"] for s in page.select("select[maxlength]")] == []
    assert page.select("button[name=''], input[type=submit][name='']") == []
    assert [b.get_text(strip=True) for b in page.select("form.programme-filter-form button")] == [
        "Afficher"
    ]


def test_japanese_pages_name_towns_and_departements_in_japanese(client, festival):
    festival.toulouse.town_ja = "トゥールーズ"
    festival.toulouse.save()
    edition = festival.edition.slug
    programme = parse(client.get(f"/ja/{edition}/programme/?pres=Toulouse&commune=Toulouse"))
    assert "トゥールーズ" in [text(o) for o in programme.select("#id_commune option")]
    assert text(programme.select_one(".programme-day-title")).startswith("トゥールーズ")
    assert "Haute-Garonne (31)" not in text(programme)
    assert "オート＝ガロンヌ県（31）" in [
        text(o) for o in programme.select("#id_departement option")
    ]
    venue = parse(client.get(f"/ja/lieux/{festival.toulouse.slug}/"))
    # The postal address keeps the French name.
    assert text(venue.select_one(".lead")).startswith("トゥールーズ")
    assert "Toulouse" in text(venue.select_one("address"))
    french = parse(client.get(f"/{edition}/programme/?pres=Toulouse"))
    assert text(french.select_one(".programme-day-title")).startswith("Toulouse")


def test_session_notes_and_the_proposal_form_speak_the_page_language(client, festival):
    session = festival.session
    session.note_fr, session.note_en = "Reporté à une date ultérieure.", "Postponed."
    session.note_ja = "延期となりました。"
    session.save()
    url = festival.tea.get_absolute_url()
    assert "Postponed." in text(parse(client.get("/en" + url)))
    japanese = text(parse(client.get("/ja" + url)))
    assert "延期となりました。" in japanese and "Reporté" not in japanese
    assert "Reporté à une date ultérieure." in text(parse(client.get(url)))
    edition = festival.edition
    today = timezone.localdate()
    edition.proposals_open_on, edition.proposals_close_on = today, today
    edition.save()
    form = text(parse(client.get("/en/proposer/")))
    assert "Venue not in the list? Describe it:" in form
    assert "Lieu absent" not in form


def test_a_price_is_shown_as_each_language_writes_it(client, festival, organiser):
    tea = festival.tea
    tea.is_free, tea.price_fr = False, "12 €, 8 € réduit"
    tea.price_en, tea.price_ja = "€12, €8 concessions", "一般12ユーロ、割引8ユーロ"
    tea.save()
    url = tea.get_absolute_url()
    programme = f"/{festival.edition.slug}/programme/?jours=tous"
    for prefix, price, other in [
        ("", "12 €, 8 € réduit", "€12"),
        ("/en", "€12, €8 concessions", "12 €"),
        ("/ja", "一般12ユーロ、割引8ユーロ", "€12"),
    ]:
        for path in (url, programme):
            page = text(parse(client.get(prefix + path)))
            assert price in page and other not in page, (prefix, path)
        feed = vobject.readOne(client.get(prefix + url.rstrip("/") + ".ics").content.decode())
        assert price in feed.vevent.description.value
    # Untranslated, the French price is shown.
    tea.price_ja = ""
    tea.save()
    assert "12 €, 8 € réduit" in text(parse(client.get("/ja" + url)))
    # The admin form asks for it under the French one.
    form = parse(client.get(reverse("admin:events_event_change", args=[tea.pk])))
    labels = [
        text(label)
        for label in form.select(".field-price label, .field-price_en label, .field-price_ja label")
    ]
    assert labels == ["Tarif :", "Tarif (anglais) :", "Tarif (japonais) :"]
