"""Accessibility by kind on venues and events: pages, filters, feeds, JSON-LD, admin; credits."""

import json

import pytest
import vobject
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from events.calendar_changes import record_removed
from events.models import Event, RemovedSession, Session
from quinzaine.accessibility import Access
from tests.factories import (
    aware,
    image_file,
    make_edition,
    make_event,
    make_partner,
    make_session,
    make_venue,
)
from tests.helpers import form_data, parse
from venues.models import Venue

pytestmark = pytest.mark.django_db


def texts(nodes):
    return [" ".join(node.get_text(" ", strip=True).split()) for node in nodes]


@pytest.fixture
def festival():
    """A film with LSF in an accessible cinema, a talk in a hall with a hearing loop."""
    edition = make_edition(name="Quinzaine du Japon 2023", slug="2023")
    cinema = make_venue(name="Cinémathèque", town="Toulouse", is_motor_accessible=True)
    hall = make_venue(name="Salle Nougaro", town="Toulouse", is_hearing_loop_equipped=True)
    film = make_event(
        edition, title="Projection Ozu", venue=cinema, is_sign_language_interpreted=True
    )
    talk = make_event(edition, title="Conférence Kyoto", venue=hall)
    walk = make_event(edition, title="Balade", venue=None)
    sessions = {
        "film": make_session(film, aware(2023, 11, 15, 20)),
        # Its own venue replaces the event's: the cinema's ramp does not follow it.
        "film_hall": make_session(film, aware(2023, 11, 16, 20), venue=hall),
        "talk": make_session(talk, aware(2023, 11, 17, 18)),
        "walk": make_session(walk, aware(2023, 11, 18, 10)),
    }
    return edition, {"cinema": cinema, "hall": hall}, {"film": film, "talk": talk}, sessions


def titles(sessions):
    return [f"{s.event.title} {s.first_day:%d}" for s in sessions]


class TestModels:
    def test_a_session_offers_its_event_s_kinds_and_its_place_s(self, festival):
        _edition, _venues, _events, sessions = festival
        assert sessions["film"].access_kinds == [Access.MOTOR, Access.SIGN_LANGUAGE]
        assert sessions["film_hall"].access_kinds == [Access.SIGN_LANGUAGE, Access.HEARING_LOOP]
        assert sessions["talk"].access_kinds == [Access.HEARING_LOOP]
        assert sessions["walk"].access_kinds == []

    def test_with_access_looks_at_the_event_and_the_session_s_place(self, festival):
        edition, _venues, _events, _sessions = festival
        published = Session.objects.published().in_edition(edition)
        assert titles(published.with_access(Access.MOTOR)) == ["Projection Ozu 15"]
        assert titles(published.with_access(Access.SIGN_LANGUAGE)) == [
            "Projection Ozu 15",
            "Projection Ozu 16",
        ]
        assert titles(published.with_access(Access.HEARING_LOOP)) == [
            "Projection Ozu 16",
            "Conférence Kyoto 17",
        ]

    def test_a_removed_session_keeps_its_kinds_for_the_filters(self, festival):
        edition, _venues, events, sessions = festival
        sessions["film_hall"].delete()
        events["film"].refresh_from_db()
        record_removed(
            Session.objects.filter(pk=sessions["film"].pk).select_related("event", "venue"),
            now=aware(2023, 11, 1),
        )
        removed = RemovedSession.objects.get(uid=sessions["film"].uid)
        assert removed.access_slugs == "|moteur||lsf|"
        assert list(RemovedSession.objects.with_access(Access.SIGN_LANGUAGE)) == [removed]
        assert list(RemovedSession.objects.with_access(Access.HEARING_LOOP)) == []


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_accessible_pmr_as_motor():
    executor = MigrationExecutor(connection)
    before = [("venues", "0002_search_text"), ("events", "0007_legal_pages")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldVenue = old_apps.get_model("venues", "Venue")
    OldEdition = old_apps.get_model("events", "Edition")
    OldRemoved = old_apps.get_model("events", "RemovedSession")
    ramp = OldVenue.objects.create(
        name="Rampe", slug="rampe", town="Albi", is_wheelchair_accessible=True
    )
    steps = OldVenue.objects.create(name="Marches", slug="marches", town="Albi")
    edition = OldEdition.objects.create(
        name="2023", year=2023, slug="2023", starts_on="2023-11-10", ends_on="2023-11-24"
    )
    common = {
        "sequence": 1,
        "removed_at": aware(2023, 11, 1),
        "starts_at": aware(2023, 11, 15, 14),
        "ends_at": aware(2023, 11, 15, 16),
        "is_all_day": False,
        "edition": edition,
        "event_id": 1,
        "event_slug": "the",
        "title": "Thé",
        "category_id": 1,
        "category_name": "Atelier",
        "audience": "all",
        "is_free": True,
    }
    OldRemoved.objects.create(
        uid="00000000-0000-0000-0000-000000000001", is_wheelchair_accessible=True, **common
    )
    OldRemoved.objects.create(
        uid="00000000-0000-0000-0000-000000000002", is_wheelchair_accessible=False, **common
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Venue.objects.get(pk=ramp.pk).access_kinds == [Access.MOTOR]
    assert Venue.objects.get(pk=steps.pk).access_kinds == []
    assert dict(RemovedSession.objects.values_list("uid", "access_slugs")) == {
        RemovedSession.objects.get(uid="00000000-0000-0000-0000-000000000001").uid: "|moteur|",
        RemovedSession.objects.get(uid="00000000-0000-0000-0000-000000000002").uid: "",
    }


class TestProgrammeFilter:
    def rows(self, client, query):
        page = parse(client.get(f"/2023/programme/?{query}"))
        return [
            (texts(row.select(".session-title"))[0], texts(row.select(".badge-access")))
            for row in page.select(".session-row")
        ], page

    def test_rows_carry_a_short_badge_per_kind(self, client, festival):
        rows, _page = self.rows(client, "")
        assert rows == [
            ("Projection Ozu", ["accessible PMR", "LSF"]),
            ("Projection Ozu", ["LSF", "boucle magnétique"]),
            ("Conférence Kyoto", ["boucle magnétique"]),
            ("Balade", []),
        ]

    def test_lsf_keeps_the_sessions_with_an_interpreter(self, client, festival):
        rows, page = self.rows(client, "acces=lsf")
        assert [title for title, _badges in rows] == ["Projection Ozu", "Projection Ozu"]
        assert texts(page.select(".filter-chip")) == ["LSF : retirer ce filtre ✕"]
        assert page.select_one("input[type=checkbox][name=acces][value=lsf]").has_attr("checked")

    def test_several_kinds_must_all_be_offered(self, client, festival):
        rows, page = self.rows(client, "acces=lsf&acces=boucle")
        assert rows == [("Projection Ozu", ["LSF", "boucle magnétique"])]
        # "Près de moi" and the search box keep both.
        for form in ("#pres-de-moi", "form.programme-search"):
            kept = page.select(f"{form} input[type=hidden][name=acces]")
            assert [field["value"] for field in kept] == ["lsf", "boucle"]
        # Each chip takes away its own kind and keeps the other.
        assert [
            (chip.get_text(" ", strip=True), chip["href"]) for chip in page.select(".filter-chip")
        ] == [
            ("LSF : retirer ce filtre ✕", "/2023/programme/?acces=boucle"),
            ("boucle magnétique : retirer ce filtre ✕", "/2023/programme/?acces=lsf"),
        ]

    def test_the_former_pmr_parameter_still_means_motor(self, client, festival):
        rows, page = self.rows(client, "pmr=on")
        assert rows == [("Projection Ozu", ["accessible PMR", "LSF"])]
        assert texts(page.select(".filter-chip")) == ["accessible PMR : retirer ce filtre ✕"]

    def test_an_unknown_kind_matches_nothing_and_says_so(self, client, festival):
        rows, page = self.rows(client, "acces=lsf&acces=rampe")
        assert rows == []
        assert texts(page.select(".filter-chip")) == [
            "Accessibilité « rampe » : retirer ce filtre ✕"
        ]

    @pytest.mark.parametrize(
        ("query", "name", "summaries"),
        [
            ("acces=lsf", "LSF", ["Projection Ozu", "Projection Ozu"]),
            ("acces=moteur&acces=lsf", "accessible PMR · LSF", ["Projection Ozu"]),
            ("acces=boucle", "boucle magnétique", ["Projection Ozu", "Conférence Kyoto"]),
            ("pmr=on", "accessible PMR", ["Projection Ozu"]),
            ("acces=rampe", "Accessibilité « rampe »", []),
        ],
    )
    def test_the_feed_reads_the_same_filter(self, client, festival, query, name, summaries):
        response = client.get(f"/2023/programme.ics?{query}")
        calendar = vobject.readOne(response.content.decode())
        assert calendar.contents["x-wr-calname"][0].value == f"Quinzaine du Japon 2023 – {name}"
        events = sorted(calendar.contents.get("vevent", []), key=lambda v: v.dtstart.value)
        assert [vevent.summary.value for vevent in events] == summaries


class TestPages:
    def key_facts(self, page):
        return dict(
            zip(
                texts(page.select(".event-key-facts dt")),
                texts(page.select(".event-key-facts dd")),
                strict=True,
            )
        )

    def test_event_page_lists_kinds_by_place_when_they_differ(self, client, festival):
        _edition, _venues, events, _sessions = festival
        page = parse(client.get(events["film"].get_absolute_url()))
        assert self.key_facts(page)["Accessibilité"] == (
            "Cinémathèque : Handicap moteur (accessible PMR) "
            "Interprétation en langue des signes (LSF) "
            "Salle Nougaro : Interprétation en langue des signes (LSF) Boucle magnétique"
        )

    def test_event_page_lists_kinds_once_for_one_place(self, client, festival):
        _edition, _venues, events, _sessions = festival
        page = parse(client.get(events["talk"].get_absolute_url()))
        assert texts(page.select(".event-key-facts .access-list li")) == ["Boucle magnétique"]

    def test_event_page_says_when_nothing_is_known(self, client, festival):
        edition, _venues, _events, _sessions = festival
        page = parse(client.get(Event.objects.get(title="Balade").get_absolute_url()))
        assert self.key_facts(page)["Accessibilité"] == (
            "Non signalée : renseignez-vous auprès de l’organisateur."
        )

    def test_venue_page_lists_its_kinds(self, client, festival):
        _edition, venues, _events, _sessions = festival
        Venue.objects.filter(pk=venues["cinema"].pk).update(is_visual_accessible=True)
        page = parse(client.get(venues["cinema"].get_absolute_url()))
        assert texts(page.select("#access-title ~ .access-list li")) == [
            "Handicap moteur (accessible PMR)",
            "Handicap visuel",
        ]

    def test_json_ld_gives_schema_terms_and_the_place_s_features(self, client, festival):
        _edition, _venues, events, _sessions = festival
        Event.objects.filter(pk=events["film"].pk).update(is_audio_described=True)
        page = parse(client.get(events["film"].get_absolute_url()))
        data = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert [entry["accessibilityFeature"] for entry in data] == [
            ["signLanguage", "audioDescription"],
            ["signLanguage", "audioDescription"],
        ]
        assert [entry["location"]["amenityFeature"] for entry in data] == [
            [
                {
                    "@type": "LocationFeatureSpecification",
                    "name": "Handicap moteur (accessible PMR)",
                    "value": True,
                }
            ],
            [{"@type": "LocationFeatureSpecification", "name": "Boucle magnétique", "value": True}],
        ]
        assert all(entry.get("isAccessibleForFree") is None for entry in data)

    def test_json_ld_leaves_kinds_without_a_term_out(self, client, festival):
        _edition, _venues, events, _sessions = festival
        page = parse(client.get(events["talk"].get_absolute_url()))
        data = json.loads(page.select_one('script[type="application/ld+json"]').string)
        assert "accessibilityFeature" not in data[0]


class TestImageCredits:
    def test_event_and_venue_pictures_are_credited(self, client, festival):
        _edition, venues, events, _sessions = festival
        film = events["film"]
        film.image = image_file("film.png", size=(1200, 630))
        film.image_credit = "Shochiku"
        film.save()
        cinema = venues["cinema"]
        cinema.photo = image_file("salle.png")
        cinema.photo_credit = "© Ville de Toulouse"
        cinema.save()
        page = parse(client.get(film.get_absolute_url()))
        assert texts(page.select("figure figcaption.image-credit")) == [
            "© Shochiku",
            "© Ville de Toulouse",
        ]
        venue_page = parse(client.get(cinema.get_absolute_url()))
        assert texts(venue_page.select(".venue-figure .image-credit")) == ["© Ville de Toulouse"]

    def test_an_uncredited_picture_has_no_caption(self, client, festival):
        _edition, _venues, events, _sessions = festival
        talk = events["talk"]
        talk.image = image_file("talk.png", size=(1200, 630))
        talk.save()
        page = parse(client.get(talk.get_absolute_url()))
        assert page.select_one(".event-figure img") is not None
        assert page.select(".image-credit") == []

    def test_edition_and_partner_pictures_are_credited(self, client):
        edition = make_edition(
            slug="2024",
            image=image_file("ed.png", size=(1200, 630)),
            image_credit="Région Occitanie",
        )
        partner = make_partner(name="Yujo", logo=image_file("logo.png"), logo_credit="Yujo")
        edition.partnerships.create(partner=partner)
        page = parse(client.get(edition.get_absolute_url()))
        assert texts(page.select(".image-credit")) == ["© Région Occitanie", "© Yujo"]
        assert texts(parse(client.get("/editions/")).select(".image-credit")) == [
            "© Région Occitanie"
        ]
        partner_page = parse(client.get(partner.get_absolute_url()))
        assert texts(partner_page.select(".partner-logo-figure .image-credit")) == ["© Yujo"]


class TestAdmin:
    @pytest.fixture
    def organiser(self, client):
        user = User.objects.create_user("camille", password="secret", is_staff=True)
        user.groups.add(Group.objects.get(name="Organisateurs"))
        client.force_login(user)
        return user

    def fieldset(self, page, legend):
        for fieldset in page.select("fieldset.module"):
            heading = fieldset.select_one("h2, legend")
            if heading and heading.get_text(strip=True) == legend:
                return fieldset
        raise AssertionError(legend)

    def test_event_form_groups_the_kinds_under_accessibility(self, client, organiser, festival):
        _edition, _venues, events, _sessions = festival
        url = reverse("admin:events_event_change", args=[events["talk"].pk])
        page = parse(client.get(url))
        fieldset = self.fieldset(page, "Accessibilité")
        assert [box["name"] for box in fieldset.select("input[type=checkbox]")] == [
            "is_motor_accessible",
            "is_visual_accessible",
            "is_hearing_accessible",
            "is_intellectual_accessible",
            "is_psychic_accessible",
            "is_sign_language_interpreted",
            "is_audio_described",
            "is_easy_to_read",
            "is_hearing_loop_equipped",
        ]
        assert texts(fieldset.select("label")) == [label for _value, label in Access.choices]
        # The credit sits on the image's line.
        image_row = page.select_one("input[name=image]").find_parent(class_="form-row")
        assert image_row.select_one("input[name=image_credit]") is not None

    def test_organiser_marks_an_interpreter(self, client, organiser, festival):
        _edition, _venues, events, _sessions = festival
        url = reverse("admin:events_event_change", args=[events["talk"].pk])
        data = form_data(client.get(url))
        data.update({"is_sign_language_interpreted": "on", "image_credit": "Yujo"})
        response = client.post(url, data)
        assert response.status_code == 302
        talk = Event.objects.get(pk=events["talk"].pk)
        assert (talk.access_kinds, talk.image_credit) == ([Access.SIGN_LANGUAGE], "Yujo")

    def test_venue_form_groups_the_kinds_under_accessibility(self, client, organiser, festival):
        _edition, venues, _events, _sessions = festival
        page = parse(client.get(reverse("admin:venues_venue_change", args=[venues["hall"].pk])))
        fieldset = self.fieldset(page, "Accessibilité")
        checked = [box["name"] for box in fieldset.select("input[type=checkbox][checked]")]
        assert checked == ["is_hearing_loop_equipped"]
        assert fieldset.select_one("textarea[name=access_notes]") is not None
        photo_row = page.select_one("input[name=photo]").find_parent(class_="form-row")
        assert photo_row.select_one("input[name=photo_credit]") is not None
