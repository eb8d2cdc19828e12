import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest
from django.utils import timezone

from events.demo import (
    DEMO_EDITION,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    REPLAYED,
    load_demo,
    translate_demo,
)
from events.models import (
    Category,
    Edition,
    EditionPartner,
    Event,
    Partner,
    RemovedSession,
    Session,
    Theme,
)
from tests.factories import make_edition, make_event, make_partner, make_venue
from venues.models import Venue


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def counts():
    return {
        model.__name__: model.objects.count()
        for model in [Edition, Event, Session, Venue, Partner, EditionPartner]
    }


def test_loading_twice_duplicates_nothing(demo):
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first


def test_2023_edition_runs_from_nimes_to_albi(demo):
    edition = Edition.objects.get(slug="quinzaine-du-japon-2023")
    assert not edition.is_demo
    assert (edition.year, edition.starts_on, edition.ends_on) == (
        2023,
        datetime.date(2023, 11, 10),
        datetime.date(2023, 11, 24),
    )
    opening = edition.events.get(highlight=Event.Highlight.OPENING)
    closing = edition.events.get(highlight=Event.Highlight.CLOSING)
    opening_session = opening.sessions.get()
    closing_session = closing.sessions.get()
    assert (opening_session.place.town, opening_session.first_day) == ("Nîmes", edition.starts_on)
    assert (closing_session.place.town, closing_session.first_day) == ("Albi", edition.ends_on)


def test_2023_programme_is_large_and_varied(demo):
    edition = Edition.objects.get(slug="quinzaine-du-japon-2023")
    events = edition.events.all()
    assert 35 <= events.count() <= 50
    sessions = Session.objects.in_edition(edition)
    departments = {session.place.department for session in sessions.with_related()}
    assert len(departments) >= 8
    assert Venue.objects.count() >= 20
    categories = set(events.values_list("category__slug", flat=True))
    assert {"exposition", "atelier-culinaire", "projection", "meditation"} <= categories
    assert sessions.filter(status=Session.Status.CANCELLED).exists()
    assert sessions.filter(is_all_day=True).exists()
    assert events.filter(status=Event.Status.DRAFT).exists()
    exhibition = events.get(slug="estampes-japonaises")
    days = {session.first_day for session in exhibition.sessions.all()}
    assert len(days) == 13  # every day of the fortnight but the two Mondays
    assert all(day.weekday() != 0 for day in days)
    limited = events.filter(category__slug="atelier-culinaire", sessions__capacity__isnull=False)
    assert limited.exists()


def test_founding_partners_are_linked_to_2023(demo):
    founding = EditionPartner.objects.filter(
        edition__slug="quinzaine-du-japon-2023", role="founding"
    )
    assert sorted(founding.values_list("partner__name", flat=True)) == [
        "Ambassade du Japon en France",
        "Fondation Groupe Dépêche",
        "Région Occitanie",
    ]


def test_2022_semaine_du_japon_is_archived_with_events(demo):
    edition = Edition.objects.get(year=2022)
    assert edition.name == "Semaine du Japon en Occitanie 2022"
    assert not edition.is_current
    assert edition.events.count() >= 3


def test_demo_organiser_can_log_into_admin(demo, client):
    user = get_user_model().objects.get(username=DEMO_USERNAME)
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Organisateurs"]
    # django-axes checks every authentication against the request it comes with.
    assert client.login(request=HttpRequest(), username=DEMO_USERNAME, password=DEMO_PASSWORD)
    response = client.get("/admin/events/event/")
    assert response.status_code == 200
    assert "Soirée de lancement de la Quinzaine" in response.content.decode()


def test_a_demo_edition_runs_today_marked_as_a_demo(demo, client):
    edition = Edition.objects.current()
    today = timezone.localdate()
    assert (edition.is_demo, edition.is_running, edition.day_number) == (True, True, 5)
    replayed = Edition.objects.get(slug="quinzaine-du-japon-2023")
    assert edition.events.count() == replayed.events.count()
    assert Session.objects.in_edition(edition).count() == (
        Session.objects.in_edition(replayed).count()
    )
    opening = edition.events.get(highlight=Event.Highlight.OPENING).sessions.get()
    assert opening.first_day == edition.starts_on == today - datetime.timedelta(days=4)
    page = BeautifulSoup(client.get("/").content, "html.parser")
    assert (
        page.select_one(".demo-banner").get_text(strip=True).startswith("Édition de démonstration")
    )
    assert page.select_one(".edition-state").get_text(strip=True).startswith("En ce moment")


def test_the_demo_edition_follows_the_day_of_loading(demo):
    later = timezone.localdate() + datetime.timedelta(days=30)
    load_demo(today=later)
    edition = Edition.objects.current()
    assert edition.starts_on == later - datetime.timedelta(days=4)
    sessions = Session.objects.in_edition(edition)
    assert min(s.first_day for s in sessions) == edition.starts_on
    assert RemovedSession.objects.filter(edition=edition).count() == 0


def test_demo_pictures_differ_per_category_and_hold_no_title(demo):
    events = Event.objects.filter(edition__slug="quinzaine-du-japon-2023")
    names = dict(events.values_list("category__slug", "image"))
    assert len(set(names.values())) == len(names) >= 8
    assert all(name == f"events/demo-{slug}.jpg" for slug, name in names.items())


def test_translations_file_gives_the_demo_its_english_and_japanese_texts(db, tmp_path):
    edition_2023 = make_edition(slug=REPLAYED, name="Quinzaine du Japon 2023")
    demo_edition = make_edition(slug=DEMO_EDITION["slug"], name="Édition de démonstration")
    venue = make_venue(slug="halle")
    partner = make_partner(slug="yujo")
    events = [
        make_event(e, slug="lancement", title="Lancement", venue=venue)
        for e in (edition_2023, demo_edition)
    ]
    path = tmp_path / "translations.json"
    path.write_text(
        json.dumps(
            {
                "editions": {
                    REPLAYED: {
                        "en": {"name": "Japan Fortnight 2023"},
                        "ja": {"name": "日本フェスティバル2023"},
                    }
                },
                "events": {
                    "lancement": {
                        "en": {"title": "Launch"},
                        "ja": {"title": "開幕式", "summary": "開幕の夕べ"},
                    }
                },
                "venues": {
                    "halle": {"en": {"practical_info": "Free entry."}, "ja": {"name": "ホール"}}
                },
                "partners": {"yujo": {"ja": {"description": "友情協会"}}},
                "categories": {
                    "Exposition": {"fr": "Exposition", "en": "Exhibition", "ja": "展覧会"}
                },
                "themes": {"culture": {"en": "Culture", "ja": "文化"}},
            }
        ),
        encoding="utf-8",
    )

    translate_demo(path)

    for event in events:
        event.refresh_from_db()
        assert (event.title_en, event.title_ja, event.summary_ja, event.title) == (
            "Launch",
            "開幕式",
            "開幕の夕べ",
            "Lancement",
        )
    # The demo edition replays 2023: its translations too, unless it has its own.
    assert list(Edition.objects.order_by("pk").values_list("name_en", "name_ja")) == [
        ("Japan Fortnight 2023", "日本フェスティバル2023"),
        ("Japan Fortnight 2023", "日本フェスティバル2023"),
    ]
    venue.refresh_from_db()
    partner.refresh_from_db()
    assert (venue.practical_info_en, venue.name_ja, venue.name, partner.description_ja) == (
        "Free entry.",
        "ホール",
        venue.name_fr,
        "友情協会",
    )
    assert Category.objects.get(slug="exposition").name_ja == "展覧会"
    assert Theme.objects.get(slug="culture").name_ja == "文化"
    # Found by the words of its title and summary in every language, accents (and dakuten) aside.
    assert Event.objects.get(pk=events[0].pk).search_text == (
        "lancement launch 開幕式 un moment de culture japonaise. 開幕の夕へ"
    )
