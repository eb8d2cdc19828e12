import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.timezone import localtime
from PIL import Image

from events.models import Category, Edition, EditionPartner, Event, Partner, Session, Theme
from tests.factories import (
    aware,
    make_edition,
    make_event,
    make_partner,
    make_session,
    make_venue,
)
from tests.helpers import (
    add_form,
    admin_url,
    clean_spaces,
    errors_of,
    event_form,
    form_data,
    messages_of,
    page_messages,
    parse,
    png_bytes,
    run_action,
)
from venues.models import Venue

pytestmark = pytest.mark.django_db


def result_rows(response, column="th"):
    """Return the text of the first link column of each row of an admin changelist."""
    return [
        row.find(column).get_text(strip=True)
        for row in parse(response).select("#result_list tbody tr")
    ]


@pytest.fixture
def programme():
    edition = make_edition(name="Quinzaine du Japon 2023", year=2023, slug="2023", is_current=True)
    venue = make_venue(name="Maison Carrée", town="Nîmes", department="30")
    partner = make_partner(name="Association Nîmes-Japon")
    EditionPartner.objects.create(edition=edition, partner=partner, role="founding")
    event = make_event(edition, title="Lancement de la Quinzaine", slug="lancement", venue=venue)
    event.organisers.add(partner)
    session = make_session(event, aware(2023, 11, 10, 18), aware(2023, 11, 10, 20))
    return {
        Edition: edition,
        Event: event,
        Session: session,
        Venue: venue,
        Partner: partner,
        Category: Category.objects.get(slug="exposition"),
        Theme: Theme.objects.get(slug="culture"),
    }


MODELS = [Edition, Event, Session, Venue, Partner, Category, Theme]


class TestOrganisersGroup:
    def test_group_has_exactly_the_permissions_organisers_need(self):
        group = Group.objects.get(name="Organisateurs")
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        expected = {"events.add_edition", "events.change_edition", "events.view_edition"}
        for model in [
            "editionpartner",
            "event",
            "session",
            "category",
            "theme",
            "partner",
        ]:
            expected |= {
                f"events.{action}_{model}" for action in ["add", "change", "delete", "view"]
            }
        expected |= {f"venues.{action}_venue" for action in ["add", "change", "delete", "view"]}
        expected |= {f"flatpages.{action}_flatpage" for action in ["add", "change", "view"]}
        # Proposals are moderated, not deleted; their sessions are corrected inline.
        expected |= {"events.change_proposal", "events.view_proposal"}
        expected |= {
            f"events.{action}_proposedsession" for action in ["add", "change", "delete", "view"]
        }
        assert granted == expected

    def test_organiser_cannot_delete_an_edition(self, client, organiser, programme):
        edition = programme[Edition]
        response = client.get(admin_url(Edition, "change", edition.pk))
        assert parse(response).select("a.deletelink") == []
        response = client.post(admin_url(Edition, "delete", edition.pk), {"post": "yes"})
        assert response.status_code == 403
        assert Edition.objects.filter(pk=edition.pk).exists()

    def test_organiser_sees_the_programme_apps_and_site_pages_only(self, client, organiser):
        response = client.get(reverse("admin:index"))
        models = {a.get_text(strip=True) for a in parse(response).select("#content-main th a")}
        assert models == {
            "Catégories",
            "Lieux",
            "Pages statiques",
            "Partenaires",
            "Propositions d'événements",
            "Séances",
            "Thèmes",
            "Éditions",
            "Événements",
        }


class TestPagesLoad:
    @pytest.mark.parametrize(
        ("model", "first_row"),
        [
            (
                Edition,
                [
                    "Quinzaine du Japon 2023",
                    "2023",
                    "vendredi 10 novembre 2023",
                    "vendredi 24 novembre 2023",
                    "1",
                ],
            ),
            (
                Event,
                [
                    "—",
                    "Lancement de la Quinzaine",
                    "publié",
                    "vendredi 10 novembre 2023, 18:00",
                    "Nîmes",
                    "Exposition",
                    "Quinzaine du Japon 2023",
                ],
            ),
            (
                Session,
                [
                    "Lancement de la Quinzaine",
                    "ven 10 nov 2023, 18:00 – 20:00",
                    "Maison Carrée (Nîmes)",
                    "programmée",
                ],
            ),
            (Venue, ["—", "Maison Carrée", "Nîmes", "Gard (30)"]),
            (Partner, ["—", "Association Nîmes-Japon", "association", "-"]),
            (Category, ["Exposition"]),
            (Theme, ["Économie"]),
        ],
        ids=lambda value: value.__name__ if isinstance(value, type) else "",
    )
    def test_changelist_shows_the_objects(self, client, organiser, programme, model, first_row):
        response = client.get(admin_url(model))
        rows = parse(response).select("#result_list tbody tr")
        cells = [cell.get_text(" ", strip=True) for cell in rows[0].find_all(["th", "td"])]
        # Checkboxes and boolean icons have no text.
        assert [text for text in cells if text] == first_row

    @pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
    def test_add_page_shows_an_empty_form(self, client, organiser, programme, model):
        response = client.get(admin_url(model, "add"))
        assert response.status_code == 200
        form = parse(response).find("form", id=f"{model._meta.model_name}_form")
        assert form is not None
        assert parse(response).h1.get_text(strip=True) == f"Ajout de {model._meta.verbose_name}"

    @pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
    def test_change_page_saves_unchanged(self, client, organiser, programme, model):
        obj = programme[model]
        url = admin_url(model, "change", obj.pk)
        response = client.get(url)
        assert response.status_code == 200
        assert parse(response).h2.get_text(strip=True) == str(obj)
        counts = {m: m.objects.count() for m in MODELS}
        response = client.post(url, form_data(response, f"{model._meta.model_name}_form"))
        assert errors_of(response) == []
        assert response.status_code == 302
        assert {m: m.objects.count() for m in MODELS} == counts

    def test_autocomplete_offers_venues_and_partners(self, client, organiser, programme):
        found = {}
        for field, model in [("venue", Event), ("organisers", Event), ("partner", EditionPartner)]:
            response = client.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": "events",
                    "model_name": model._meta.model_name,
                    "field_name": field,
                    "term": "Nîmes",
                },
            )
            found[field] = [item["text"] for item in response.json()["results"]]
        assert found == {
            "venue": ["Maison Carrée (Nîmes)"],
            "organisers": ["Association Nîmes-Japon"],
            "partner": ["Association Nîmes-Japon"],
        }


def counts():
    return {m.__name__: m.objects.count() for m in [*MODELS, EditionPartner]}


def session_row(index, starts, ends, venue="", all_day=False, status="scheduled", **extra):
    """Return the inline fields of one session, dates and times as typed in the French admin."""
    prefix = f"sessions-{index}-"
    data = {
        "starts_at_0": starts[0],
        "starts_at_1": starts[1],
        "ends_at_0": ends[0],
        "ends_at_1": ends[1],
        "venue": venue,
        "status": status,
        "capacity": "",
        "note": "",
        **extra,
    }
    if all_day:
        data["is_all_day"] = "on"
    return {prefix + key: value for key, value in data.items()}


class TestAddFormsSave:
    def test_new_edition_with_a_founding_partner(self, client, organiser):
        partner = make_partner(name="Ville de Nîmes")
        data = add_form(client, Edition)
        data.update(
            {
                "name": "Quinzaine du Japon 2024",
                "year": "2024",
                "slug": "2024",
                "starts_on": "08/11/2024",
                "ends_on": "22/11/2024",
                "tagline": "Le Japon en Occitanie",
                "is_published": "on",
                "partnerships-0-partner": partner.pk,
                "partnerships-0-role": "founding",
                "partnerships-0-position": "1",
            }
        )
        response = client.post(admin_url(Edition, "add"), data)
        assert errors_of(response) == []
        edition = Edition.objects.get(slug="2024")
        assert (edition.starts_on, edition.ends_on, edition.is_published) == (
            datetime.date(2024, 11, 8),
            datetime.date(2024, 11, 22),
            True,
        )
        assert list(edition.partnerships.values_list("partner__name", "role")) == [
            ("Ville de Nîmes", "founding")
        ]

    def test_new_current_edition_takes_the_mark_from_the_previous_one(self, client, organiser):
        previous = make_edition(is_current=True)
        data = add_form(client, Edition)
        data.update(
            {
                "name": "Quinzaine du Japon 2024",
                "year": "2024",
                "slug": "2024",
                "starts_on": "08/11/2024",
                "ends_on": "22/11/2024",
                "is_published": "on",
                "is_current": "on",
            }
        )
        response = client.post(admin_url(Edition, "add"), data)
        assert errors_of(response) == []
        assert response.status_code == 302
        previous.refresh_from_db()
        assert (previous.is_current, Edition.objects.current().slug) == (False, "2024")

    def test_new_event_with_three_sessions_in_two_venues(self, client, organiser):
        edition = make_edition()
        hall = make_venue(name="Halle", town="Albi")
        library = make_venue(name="Médiathèque", town="Castres")
        partner = make_partner()
        data = event_form(
            client,
            edition,
            venue=hall.pk,
            organisers=[partner.pk],
            themes=[Theme.objects.get(slug="culture").pk],
            **{"sessions-TOTAL_FORMS": "3"},
        )
        data.update(session_row(0, ("12/11/2023", "14:00"), ("12/11/2023", "16:00")))
        data.update(session_row(1, ("13/11/2023", "14:00"), ("13/11/2023", "16:00")))
        data.update(
            session_row(
                2, ("14/11/2023", "10:30"), ("14/11/2023", "12:00"), venue=library.pk, capacity="12"
            )
        )
        response = client.post(admin_url(Event, "add"), data)
        assert errors_of(response) == []
        event = Event.objects.get(slug="ceremonie-du-the")
        assert response["Location"] == admin_url(Event)
        assert [
            (s.starts_at, s.ends_at, s.place.name, s.capacity) for s in event.sessions.all()
        ] == [
            (aware(2023, 11, 12, 14), aware(2023, 11, 12, 16), "Halle", None),
            (aware(2023, 11, 13, 14), aware(2023, 11, 13, 16), "Halle", None),
            (aware(2023, 11, 14, 10, 30), aware(2023, 11, 14, 12), "Médiathèque", 12),
        ]
        assert list(event.organisers.all()) == [partner]
        assert list(event.themes.values_list("slug", flat=True)) == ["culture"]

    def test_new_session(self, client, organiser):
        event = make_event()
        data = add_form(client, Session)
        data.update(
            {
                "event": event.pk,
                "starts_at_0": "15/11/2023",
                "starts_at_1": "20:00",
                "ends_at_0": "15/11/2023",
                "ends_at_1": "22:00",
            }
        )
        response = client.post(admin_url(Session, "add"), data)
        assert errors_of(response) == []
        session = event.sessions.get()
        assert (session.starts_at, session.ends_at, session.status, session.is_all_day) == (
            aware(2023, 11, 15, 20),
            aware(2023, 11, 15, 22),
            "scheduled",
            False,
        )

    @pytest.mark.parametrize("all_day", [False, True])
    def test_a_session_without_an_end_day_ends_on_its_start_day(self, client, organiser, all_day):
        event = make_event()
        data = add_form(client, Session)
        data.update(
            {
                "event": event.pk,
                "starts_at_0": "15/11/2023",
                "starts_at_1": "" if all_day else "20:00",
                "ends_at_0": "",
                "ends_at_1": "" if all_day else "22:00",
                **({"is_all_day": "on"} if all_day else {}),
            }
        )
        response = client.post(admin_url(Session, "add"), data)
        assert errors_of(response) == []
        session = event.sessions.get()
        assert (session.first_day, session.last_day) == (
            datetime.date(2023, 11, 15),
            datetime.date(2023, 11, 15),
        )
        if not all_day:
            assert session.ends_at == aware(2023, 11, 15, 22)

    def test_new_venue(self, client, organiser):
        data = add_form(client, Venue)
        data.update(
            {
                "name": "Musée Toulouse-Lautrec",
                "slug": "musee-albi",
                "address": "Palais de la Berbie",
                "postcode": "81000",
                "town": "Albi",
                "department": "81",
                "latitude": "43.928600",
                "longitude": "2.142100",
                "is_motor_accessible": "on",
            }
        )
        response = client.post(admin_url(Venue, "add"), data)
        assert errors_of(response) == []
        venue = Venue.objects.get(slug="musee-albi")
        assert (venue.town, venue.department, str(venue.latitude), str(venue.longitude)) == (
            "Albi",
            "81",
            "43.928600",
            "2.142100",
        )

    @pytest.mark.parametrize("model", [Category, Theme], ids=lambda m: m.__name__)
    def test_new_category_or_theme(self, client, organiser, model):
        data = add_form(client, model)
        data.update({"name": "Calligraphie", "slug": "calligraphie", "position": "3"})
        response = client.post(admin_url(model, "add"), data)
        assert errors_of(response) == []
        assert model.objects.get(slug="calligraphie").name == "Calligraphie"

    def test_new_partner_with_a_logo_shows_a_thumbnail(self, client, organiser, media_root):
        data = add_form(client, Partner)
        data.update(
            {
                "name": "Maison du Japon",
                "slug": "maison-du-japon",
                "kind": "association",
                "website": "https://example.org",
                "logo": SimpleUploadedFile("logo.png", png_bytes(200, 100), "image/png"),
            }
        )
        response = client.post(admin_url(Partner, "add"), data)
        assert errors_of(response) == []
        partner = Partner.objects.get(slug="maison-du-japon")
        # Stored under a random name, with the extension of the format Pillow found.
        assert re.fullmatch(r"partners/[0-9a-f]{16}\.png", partner.logo.name)
        row = parse(client.get(admin_url(Partner))).select_one("#result_list tbody tr")
        img = row.find("img", alt="Maison du Japon")
        assert (img["width"], img["height"]) == ("40", "40")
        assert img["src"].startswith("/media/resized/" + partner.logo.name[9:-4])
        with Image.open(media_root / img["src"].removeprefix("/media/")) as thumb:
            assert thumb.size == (80, 80)


def titles(response):
    return [
        cell.get_text(strip=True) for cell in parse(response).select("#result_list .field-title")
    ]


class TestEventChangelist:
    @pytest.fixture
    def events(self):
        edition = make_edition(name="Quinzaine 2023", starts_on=datetime.date(2023, 11, 10))
        older = make_edition(name="Semaine 2022", starts_on=datetime.date(2022, 11, 12))
        nimes = make_venue(name="Maison Carrée", town="Nîmes", department="30")
        albi = make_venue(name="Musée", town="Albi", department="81")
        toulouse = make_venue(name="Cinéma", town="Toulouse", department="31")
        cinema = Category.objects.get(slug="projection")
        partner = make_partner(name="Ciné-club Kurosawa")
        films = make_event(edition, title="Films d'animation", venue=toulouse, category=cinema)
        films.organisers.add(partner)
        make_event(edition, title="Ikebana", venue=nimes, status=Event.Status.DRAFT)
        make_event(edition, title="Kimono", venue=albi, status=Event.Status.CANCELLED)
        make_event(older, title="Origami", venue=nimes)
        return edition

    def test_filters_combine_edition_and_status(self, client, organiser, events):
        response = client.get(
            admin_url(Event), {"edition__id__exact": events.pk, "status__exact": "draft"}
        )
        assert titles(response) == ["Ikebana"]

    def test_filter_by_town(self, client, organiser, events):
        response = client.get(admin_url(Event), {"commune": "Nîmes"})
        assert titles(response) == ["Ikebana", "Origami"]
        town_filter = parse(client.get(admin_url(Event))).find(
            "details", {"data-filter-title": "commune"}
        )
        assert [a.get_text(strip=True) for a in town_filter.select("li a")] == [
            "Tout",
            "Albi",
            "Nîmes",
            "Toulouse",
        ]

    def test_filter_by_department_and_category(self, client, organiser, events):
        response = client.get(admin_url(Event), {"venue__department__exact": "81"})
        assert titles(response) == ["Kimono"]
        cinema = Category.objects.get(slug="projection")
        response = client.get(admin_url(Event), {"category__id__exact": cinema.pk})
        assert titles(response) == ["Films d'animation"]

    def test_search_finds_town_and_organiser(self, client, organiser, events):
        assert titles(client.get(admin_url(Event), {"q": "Albi"})) == ["Kimono"]
        assert titles(client.get(admin_url(Event), {"q": "Kurosawa"})) == ["Films d'animation"]

    def test_date_hierarchy_by_session_days(self, client, organiser, events):
        ikebana = Event.objects.get(title="Ikebana")
        make_session(ikebana, aware(2023, 11, 18, 10))
        make_session(ikebana, aware(2023, 11, 18, 15))
        make_session(Event.objects.get(title="Kimono"), aware(2023, 11, 19, 10))
        day = {"sessions__starts_at__year": "2023", "sessions__starts_at__month": "11"}
        response = client.get(admin_url(Event), {**day, "sessions__starts_at__day": "18"})
        assert titles(response) == ["Ikebana"]
        days = parse(client.get(admin_url(Event), day)).select(".toplinks a:not(.date-back)")
        assert [a.get_text(strip=True) for a in days][-2:] == ["18 novembre", "19 novembre"]

    def test_partner_search_lists_names_first(self, client, organiser):
        make_partner(name="Ad'Occ", description="L'agence de développement de la Région")
        make_partner(name="Région Occitanie", description="Collectivité")
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "term": "Région",
                "app_label": "events",
                "model_name": "event",
                "field_name": "organisers",
            },
        )
        assert [item["text"] for item in response.json()["results"]] == [
            "Région Occitanie",
            "Ad'Occ",
        ]


class TestSessionChangelist:
    def test_date_hierarchy_and_filters_find_a_day(self, client, organiser):
        nimes = make_venue(town="Nîmes")
        event = make_event(title="Ikebana", venue=nimes)
        make_session(event, aware(2023, 11, 15, 10), note="matin")
        make_session(event, aware(2023, 11, 15, 23), aware(2023, 11, 16, 1), note="nuit")
        make_session(event, aware(2023, 11, 16, 10), status=Session.Status.FULL, note="complète")
        response = client.get(
            admin_url(Session),
            {"starts_at__year": "2023", "starts_at__month": "11", "starts_at__day": "15"},
        )
        starts = [
            c.get_text(strip=True) for c in parse(response).select("#result_list .field-when")
        ]
        assert starts == ["mer 15 nov 2023, 10:00 – 12:00", "mer 15 nov 2023, 23:00 – 01:00"]
        response = client.get(admin_url(Session), {"status__exact": "full"})
        assert [c.get_text(strip=True) for c in parse(response).select(".field-when")] == [
            "jeu 16 nov 2023, 10:00 – 12:00"
        ]
        response = client.get(admin_url(Session), {"q": "nuit"})
        assert [c.get_text(strip=True) for c in parse(response).select(".field-when")] == [
            "mer 15 nov 2023, 23:00 – 01:00"
        ]

    @pytest.mark.parametrize("model", [Session, Event])
    def test_filtered_lists_cost_the_same_with_a_large_archive(
        self, client, organiser, model, django_assert_max_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        edition = make_edition()
        make_session(make_event(edition, venue=make_venue()), aware(2023, 11, 15, 10))
        query = {"q": "Ikebana"} if model is Session else {"status__exact": "published"}
        with CaptureQueriesContext(connection) as small:
            client.get(admin_url(model), query)
        archive = make_edition(starts_on=datetime.date(2022, 11, 10))
        for number in range(40):
            event = make_event(archive, venue=make_venue())
            make_session(event, aware(2022, 11, 10 + number % 14, 10))
        with django_assert_max_num_queries(len(small)):
            response = client.get(admin_url(model), query)
        assert response.status_code == 200
        # The filtered count only: no second count of the whole table.
        counts = [q["sql"] for q in small.captured_queries if "COUNT(" in q["sql"].upper()]
        assert len(counts) == 1


class TestActions:
    def test_publish_publishes_drafts(self, client, organiser):
        edition = make_edition()
        drafts = [make_event(edition, status=Event.Status.DRAFT) for _ in range(2)]
        response = run_action(client, "publish", drafts)
        assert response.status_code == 302
        assert messages_of(response) == ["2 événements publiés."]
        assert set(Event.objects.values_list("status", flat=True)) == {"published"}

    def test_publish_leaves_cancelled_events_cancelled(self, client, organiser):
        cancelled = make_event(status=Event.Status.CANCELLED)
        response = run_action(client, "publish", [cancelled])
        assert messages_of(response) == ["Aucun brouillon dans la sélection : rien à publier."]
        cancelled.refresh_from_db()
        assert cancelled.status == Event.Status.CANCELLED

    def test_cancel_cancels_events_and_their_sessions(self, client, organiser):
        event = make_event()
        make_session(event, aware(2023, 11, 12, 14))
        make_session(event, aware(2023, 11, 13, 14), status=Session.Status.FULL)
        untouched = make_session(make_event(event.edition), aware(2023, 11, 14, 14))
        response = run_action(client, "cancel", [event])
        assert messages_of(response) == ["1 événement annulé, ses séances aussi."]
        event.refresh_from_db()
        assert event.status == Event.Status.CANCELLED
        # One change for calendars: one version more, not one per step of the action.
        assert list(event.sessions.values_list("status", "sequence")) == [
            ("cancelled", 1),
            ("cancelled", 1),
        ]
        untouched.refresh_from_db()
        assert (untouched.status, untouched.sequence) == ("scheduled", 0)

    def test_duplicate_asks_for_the_edition_then_copies_as_draft(self, client, organiser):
        source = make_edition(name="Quinzaine 2023", starts_on=datetime.date(2023, 11, 10))
        target = make_edition(
            name="Quinzaine 2024",
            starts_on=datetime.date(2024, 11, 8),
            ends_on=datetime.date(2024, 11, 22),
        )
        hall = make_venue()
        event = make_event(source, title="Ikebana", slug="ikebana", highlight="opening")
        event.organisers.add(make_partner())
        make_session(event, aware(2023, 11, 12, 14), aware(2023, 11, 12, 16))
        make_session(event, aware(2023, 11, 13), aware(2023, 11, 15), is_all_day=True, venue=hall)
        make_event(target, slug="ikebana")

        response = run_action(client, "duplicate", [event])
        page = parse(response)
        assert page.h1.get_text(strip=True) == "Dupliquer des événements dans une autre édition"
        assert [li.get_text(strip=True) for li in page.select("#content-main ul li")] == [
            "Ikebana (Quinzaine 2023)"
        ]
        options = [o.get_text(strip=True) for o in page.select("select[name=edition] option")]
        assert options == ["Quinzaine 2024", "Quinzaine 2023"]

        data = form_data(response)
        data["edition"] = target.pk
        response = client.post(admin_url(Event), data)
        copy = target.events.get(slug="ikebana-2")
        assert messages_of(response) == [
            "1 événement copié dans Quinzaine 2024, en brouillon : "
            f'<a href="{admin_url(Event, "change", copy.pk)}">Ikebana</a>.'
        ]
        assert (copy.title, copy.status, copy.highlight) == ("Ikebana", "draft", "")
        assert list(copy.organisers.all()) == list(event.organisers.all())
        assert [(s.starts_at, s.ends_at, s.is_all_day, s.venue) for s in copy.sessions.all()] == [
            (aware(2024, 11, 10, 14), aware(2024, 11, 10, 16), False, None),
            (aware(2024, 11, 11), aware(2024, 11, 13), True, hall),
        ]
        assert event.sessions.count() == 2


class TestGenerateSessions:
    @pytest.fixture
    def event(self):
        edition = make_edition(
            starts_on=datetime.date(2023, 11, 10), ends_on=datetime.date(2023, 11, 24)
        )
        return make_event(edition, title="Estampes japonaises")

    def url(self, event):
        return reverse("admin:events_event_generate_sessions", args=[event.pk])

    def test_change_page_links_to_the_generator(self, client, organiser, event):
        page = parse(client.get(admin_url(Event, "change", event.pk)))
        link = page.find("a", string="Générer des séances répétées")
        assert link["href"] == self.url(event)

    def test_a_new_event_goes_to_the_generator_in_one_save(self, client, organiser, event):
        data = add_form(client, Event)
        data.update(
            {
                "edition": event.edition.pk,
                "title": "Kimonos d'hier",
                "slug": "kimonos",
                "status": "draft",
                "category": event.category.pk,
                "audience": event.audience,
                "booking": event.booking,
                "_generate": "1",
            }
        )
        response = client.post(admin_url(Event, "add"), data)
        created = Event.objects.get(slug="kimonos")
        assert response["Location"] == self.url(created)
        page = parse(client.get(admin_url(Event, "add")))
        assert page.find("input", {"name": "_generate"})["value"] == (
            "Enregistrer et générer des séances répétées"
        )

    def test_form_starts_empty_and_gives_the_edition_days(self, client, organiser, event):
        response = client.get(self.url(event))
        page = parse(response)
        assert page.h1.get_text(strip=True) == "Générer des séances répétées"
        assert "value" not in page.find("input", {"name": "first_day"}).attrs
        assert "value" not in page.find("input", {"name": "last_day"}).attrs
        assert "L'édition va du vendredi 10 novembre au vendredi 24 novembre 2023." in " ".join(
            page.select_one("#content-main p").get_text().split()
        )
        assert [i["value"] for i in page.select(".submit-row input")] == ["Voir les séances"]
        assert page.find("link", href="/static/admin/css/forms.css")
        weekdays = [label.get_text(strip=True) for label in page.select("#id_skip_weekdays label")]
        assert weekdays == ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

    def test_every_day_but_mondays_at_set_hours(self, client, organiser, event):
        data = {
            "first_day": "10/11/2023",
            "last_day": "24/11/2023",
            "start_time": "10:00",
            "end_time": "18:00",
            "skip_weekdays": ["0"],
            "capacity": "",
            "note": "",
            "venue": "",
        }
        preview = parse(client.post(self.url(event), data))
        assert event.sessions.count() == 0
        assert preview.select_one(".generator-preview h2").get_text(strip=True) == (
            "13 séances seront créées"
        )
        items = [li.get_text(strip=True) for li in preview.select(".generator-preview li")]
        assert items[:2] == [
            "Vendredi 10 novembre 2023, 10:00–18:00",
            "Samedi 11 novembre 2023, 10:00–18:00",
        ]
        assert len(items) == 13
        assert [i["value"] for i in preview.select(".submit-row input")] == [
            "Créer ces 13 séances",
            "Revoir la liste",
        ]

        data["_create"] = "1"
        response = client.post(self.url(event), data)
        assert response["Location"] == admin_url(Event, "change", event.pk)
        assert messages_of(response) == ["13 séances créées."]
        days = [s.first_day for s in event.sessions.all()]
        expected = [datetime.date(2023, 11, d) for d in range(10, 25) if d not in (13, 20)]
        assert days == expected
        hours = {
            (localtime(s.starts_at).time(), localtime(s.ends_at).time())
            for s in event.sessions.all()
        }
        assert hours == {(datetime.time(10), datetime.time(18))}

        client.get(response["Location"])  # Shows, and so consumes, the first message.
        response = client.post(self.url(event), data)
        assert messages_of(response) == [
            "Aucune nouvelle séance : l'événement les avait déjà toutes."
        ]
        assert event.sessions.count() == 13

    @pytest.mark.parametrize(
        ("start", "end"), [("02:30", "04:00"), ("02:30", "03:15"), ("01:00", "02:15")]
    )
    def test_hours_the_spring_clock_change_skips_are_refused(
        self, client, organiser, event, start, end
    ):
        data = {
            "first_day": "29/03/2024",
            "last_day": "02/04/2024",
            "start_time": start,
            "end_time": end,
        }
        response = client.post(self.url(event), data)
        assert response.status_code == 200
        skipped = start if start == "02:30" else end
        assert errors_of(response) == [
            f"Le 31 mars 2024 à {skipped} n'existe pas : cette nuit-là, les horloges passent "
            "de 2 h à 3 h (heure d'été). Choisissez une autre heure."
        ]
        assert event.sessions.count() == 0

    def test_a_day_the_month_does_not_have_is_refused_with_its_reason(
        self, client, organiser, event
    ):
        data = {"first_day": "29/02/2027", "last_day": "02/03/2027"}
        response = client.post(self.url(event), data)
        assert errors_of(response) == [
            "Le 29/02/2027 n'existe pas : février 2027 n'a que 28 jours."
        ]

    def test_skipping_the_sunday_of_the_spring_clock_change_is_fine(self, client, organiser, event):
        data = {
            "first_day": "29/03/2024",
            "last_day": "01/04/2024",
            "start_time": "02:30",
            "end_time": "04:00",
            "skip_weekdays": ["6"],
            "_create": "1",
        }
        response = client.post(self.url(event), data)
        assert messages_of(response)[0] == "3 séances créées."
        assert [s.first_day.day for s in event.sessions.all()] == [29, 30, 1]

    def test_without_hours_sessions_are_whole_days(self, client, organiser, event):
        response = client.post(
            self.url(event), {"first_day": "18/11/2023", "last_day": "19/11/2023", "_create": "1"}
        )
        assert messages_of(response) == ["2 séances créées."]
        assert [(s.is_all_day, s.starts_at, s.ends_at) for s in event.sessions.all()] == [
            (True, aware(2023, 11, 18), aware(2023, 11, 19)),
            (True, aware(2023, 11, 19), aware(2023, 11, 20)),
        ]

    @pytest.mark.parametrize(
        ("data", "error"),
        [
            (
                {"first_day": "20/11/2023", "last_day": "12/11/2023"},
                "Le dernier jour doit être le premier ou après.",
            ),
            (
                {
                    "first_day": "12/11/2023",
                    "last_day": "20/11/2023",
                    "start_time": "18:00",
                    "end_time": "10:00",
                },
                "L'heure de fin doit être après l'heure de début.",
            ),
            (
                {"first_day": "12/11/2023", "last_day": "20/11/2023", "start_time": "18:00"},
                "Indiquez l'heure de début et l'heure de fin, ou aucune des deux.",
            ),
            (
                {"first_day": "01/01/2023", "last_day": "02/01/2024"},
                "Une série de séances couvre un an au plus.",
            ),
        ],
        ids=["last-day-first", "end-before-start", "start-only", "over-a-year"],
    )
    def test_bad_input_is_refused_in_french(self, client, organiser, event, data, error):
        response = client.post(self.url(event), data)
        assert response.status_code == 200
        assert errors_of(response) == [error]
        assert event.sessions.count() == 0


class TestScheduleWarnings:
    @pytest.fixture
    def hall(self):
        return make_venue(name="Halle aux grains")

    @pytest.fixture
    def concert(self, hall):
        edition = make_edition(
            starts_on=datetime.date(2023, 11, 10), ends_on=datetime.date(2023, 11, 24)
        )
        event = make_event(edition, title="Taiko", venue=hall)
        make_session(event, aware(2023, 11, 15, 14), aware(2023, 11, 15, 16))
        return event

    def test_saving_overlapping_sessions_warns_after_save(self, client, organiser, concert, hall):
        data = event_form(client, concert.edition, venue=hall.pk)
        data["sessions-TOTAL_FORMS"] = "2"
        data.update(session_row(0, ("15/11/2023", "15:00"), ("15/11/2023", "17:00")))
        data.update(session_row(1, ("09/11/2023", "10:00"), ("09/11/2023", "11:00")))
        response = client.post(admin_url(Event, "add"), data, follow=True)
        assert page_messages(response) == [
            "La séance du jeudi 9 novembre 2023, 10:00 est hors des dates de l'édition "
            "(10 novembre – 24 novembre 2023).",
            "La séance du mercredi 15 novembre 2023, 15:00 chevauche « Taiko » "
            "(mercredi 15 novembre 2023, 14:00) au même lieu : Halle aux grains.",
            "L'objet événement «Cérémonie du thé» a été ajouté avec succès.",
        ]

    def test_change_page_lists_the_warnings(self, client, organiser, concert, hall):
        other = make_event(concert.edition, title="Kyudo", venue=make_venue())
        make_session(other, aware(2023, 11, 15, 15), aware(2023, 11, 15, 17), venue=hall)
        response = client.get(admin_url(Event, "change", other.pk))
        field = parse(response).select_one(".field-warnings")
        assert clean_spaces(field.label.get_text(strip=True)) == "Alertes de programmation :"
        assert [li.get_text(strip=True) for li in field.select("li")] == [
            "La séance du mercredi 15 novembre 2023, 15:00 chevauche « Taiko » "
            "(mercredi 15 novembre 2023, 14:00) au même lieu : Halle aux grains."
        ]

    def test_change_page_says_when_all_is_well(self, client, organiser, concert):
        response = client.get(admin_url(Event, "change", concert.pk))
        field = parse(response).select_one(".field-warnings .readonly")
        assert field.get_text(strip=True) == "Aucune"


class TestBadInputIsRefused:
    def test_session_ending_before_it_starts_saves_nothing(self, client, organiser):
        edition = make_edition()
        before = counts()
        data = event_form(client, edition, venue=make_venue().pk)
        data.update(session_row(0, ("15/11/2023", "15:00"), ("15/11/2023", "14:00")))
        before = counts()
        response = client.post(admin_url(Event, "add"), data)
        assert response.status_code == 200
        assert errors_of(response) == ["La fin doit être après le début."]
        assert counts() == before

    def test_duplicate_slug_in_the_edition_saves_nothing(self, client, organiser):
        taken = make_event(slug="ceremonie-du-the")
        data = event_form(client, taken.edition)
        data.update(session_row(0, ("15/11/2023", "15:00"), ("15/11/2023", "17:00")))
        before = counts()
        response = client.post(admin_url(Event, "add"), data)
        assert errors_of(response) == [
            "Un autre événement de cette édition utilise déjà cet identifiant."
        ]
        assert counts() == before

    def test_same_slug_in_another_edition_is_fine(self, client, organiser):
        make_event(slug="ceremonie-du-the")
        response = client.post(admin_url(Event, "add"), event_form(client, make_edition()))
        assert errors_of(response) == []
        assert Event.objects.filter(slug="ceremonie-du-the").count() == 2

    def test_second_opening_event_is_explained(self, client, organiser):
        opening = make_event(highlight=Event.Highlight.OPENING)
        data = event_form(client, opening.edition, highlight="opening")
        before = counts()
        response = client.post(admin_url(Event, "add"), data)
        assert errors_of(response) == [
            "Cette édition a déjà un événement marqué « lancement » : Événement "
            f"{opening.title.split()[-1]}."
        ]
        assert counts() == before

    def test_edition_ending_before_it_starts_saves_nothing(self, client, organiser):
        partner = make_partner()
        data = add_form(client, Edition)
        data.update(
            {
                "name": "Quinzaine du Japon 2024",
                "year": "2024",
                "slug": "2024",
                "starts_on": "22/11/2024",
                "ends_on": "08/11/2024",
                "partnerships-0-partner": partner.pk,
                "partnerships-0-role": "founding",
                "partnerships-0-position": "1",
            }
        )
        before = counts()
        response = client.post(admin_url(Edition, "add"), data)
        assert errors_of(response) == ["Le dernier jour doit être le même que le premier ou après."]
        assert counts() == before

    def test_an_edition_on_a_day_the_month_does_not_have_is_explained(self, client, organiser):
        data = add_form(client, Edition)
        data.update(
            {
                "name": "Quinzaine du Japon 2027",
                "year": "2027",
                "slug": "2027",
                "starts_on": "12/11/2027",
                "ends_on": "31/11/2027",
            }
        )
        response = client.post(admin_url(Edition, "add"), data)
        assert errors_of(response) == [
            "Le 31/11/2027 n'existe pas : novembre 2027 n'a que 30 jours."
        ]

    def partner_form(self, client, logo):
        data = add_form(client, Partner)
        data.update({"name": "Maison du Japon", "slug": "maison-du-japon", "kind": "association"})
        data["logo"] = logo
        return data

    def test_text_file_named_like_a_png_is_not_a_logo(self, client, organiser):
        logo = SimpleUploadedFile("logo.png", b"Ceci n'est pas une image.", "image/png")
        before = counts()
        response = client.post(admin_url(Partner, "add"), self.partner_form(client, logo))
        assert errors_of(response) == [
            "Téléversez une image valide. Le fichier que vous avez transféré n’est pas une "
            "image ou bien est corrompu."
        ]
        assert counts() == before

    def test_oversized_logo_is_refused(self, client, organiser, settings):
        settings.MAX_IMAGE_UPLOAD_SIZE = 1024
        content = io.BytesIO()
        Image.effect_noise((200, 200), 100).save(content, format="PNG")
        logo = SimpleUploadedFile("logo.png", content.getvalue(), "image/png")
        before = counts()
        response = client.post(admin_url(Partner, "add"), self.partner_form(client, logo))
        size = clean_spaces(filesizeformat(len(content.getvalue())))
        assert errors_of(response) == [
            f"Ce fichier pèse {size} ; la taille maximale est de 1,0 Kio."
        ]
        assert counts() == before


TIME_BOXES = ["starts_at_0", "starts_at_1", "ends_at_0", "ends_at_1"]


class TestSessionAdminForm:
    @pytest.fixture
    def event(self):
        return make_event(title="Estampes")

    def post_session(self, client, event, starts, ends, all_day=True):
        data = add_form(client, Session)
        data.update(
            {
                "event": event.pk,
                "starts_at_0": starts[0],
                "starts_at_1": starts[1],
                "ends_at_0": ends[0],
                "ends_at_1": ends[1],
            }
        )
        if all_day:
            data["is_all_day"] = "on"
        return client.post(admin_url(Session, "add"), data)

    def test_whole_days_are_entered_as_first_and_last_day(self, client, organiser, event):
        response = self.post_session(client, event, ("12/11/2023", ""), ("14/11/2023", ""))
        assert errors_of(response) == []
        session = event.sessions.get()
        assert (session.is_all_day, session.starts_at, session.ends_at) == (
            True,
            aware(2023, 11, 12),
            aware(2023, 11, 15),
        )

    def test_resaving_a_whole_day_session_keeps_its_days(self, client, organiser, event):
        self.post_session(client, event, ("12/11/2023", ""), ("14/11/2023", ""))
        session = event.sessions.get()
        url = admin_url(Session, "change", session.pk)
        response = client.get(url)
        page = parse(response)
        boxes = {name: page.find("input", {"name": name}).get("value") for name in TIME_BOXES}
        assert boxes == {
            "starts_at_0": "12/11/2023",
            "starts_at_1": None,
            "ends_at_0": "14/11/2023",
            "ends_at_1": None,
        }
        for _ in range(2):
            response = client.post(url, form_data(client.get(url), "session_form"))
            assert errors_of(response) == []
        session.refresh_from_db()
        assert (session.starts_at, session.ends_at, session.sequence) == (
            aware(2023, 11, 12),
            aware(2023, 11, 15),
            0,
        )

    def test_a_timed_session_shows_hours_and_minutes(self, client, organiser, event):
        self.post_session(client, event, ("14/11/2023", "18:30"), ("14/11/2023", "21:00"), False)
        page = parse(client.get(admin_url(Session, "change", event.sessions.get().pk)))
        boxes = {name: page.find("input", {"name": name}).get("value") for name in TIME_BOXES}
        assert boxes == {
            "starts_at_0": "14/11/2023",
            "starts_at_1": "18:30",
            "ends_at_0": "14/11/2023",
            "ends_at_1": "21:00",
        }

    def test_whole_day_session_ending_before_it_starts_is_refused(self, client, organiser, event):
        response = self.post_session(client, event, ("14/11/2023", ""), ("12/11/2023", ""))
        assert errors_of(response) == [
            "Le dernier jour doit être le premier ou après.",
        ]
        assert event.sessions.count() == 0

    def test_timed_session_ending_before_it_starts_is_refused(self, client, organiser, event):
        response = self.post_session(
            client, event, ("14/11/2023", "18:00"), ("14/11/2023", "10:00"), all_day=False
        )
        assert errors_of(response) == [
            "La fin doit être après le début.",
        ]
        assert event.sessions.count() == 0

    def test_a_time_the_spring_clock_change_skips_is_refused_in_french(
        self, client, organiser, event
    ):
        response = self.post_session(
            client, event, ("31/03/2024", "02:30"), ("31/03/2024", "04:00"), all_day=False
        )
        assert response.status_code == 200
        assert errors_of(response) == [
            "Le 31 mars 2024 à 02:30 n'existe pas : cette nuit-là, les horloges passent "
            "de 2 h à 3 h (heure d'été). Choisissez une autre heure."
        ]
        assert event.sessions.count() == 0

    def test_a_day_the_month_does_not_have_is_refused_with_its_reason(
        self, client, organiser, event
    ):
        response = self.post_session(
            client, event, ("31/11/2027", "18:00"), ("", "20:00"), all_day=False
        )
        assert errors_of(response) == [
            "Le 31/11/2027 n'existe pas : novembre 2027 n'a que 30 jours."
        ]
        assert event.sessions.count() == 0

    def test_a_time_of_the_repeated_october_hour_is_its_first_pass(self, client, organiser, event):
        response = self.post_session(
            client, event, ("29/10/2023", "02:30"), ("29/10/2023", "04:00"), all_day=False
        )
        assert errors_of(response) == []
        session = event.sessions.get()
        assert session.starts_at == datetime.datetime(2023, 10, 29, 0, 30, tzinfo=datetime.UTC)


class TestStoredImages:
    @pytest.fixture
    def partner(self):
        partner = make_partner(name="Maison du Japon")
        partner.logo.save("logo.png", ContentFile(png_bytes()))
        return partner

    def test_partner_saves_after_the_size_limit_was_lowered(
        self, client, organiser, partner, settings
    ):
        settings.MAX_IMAGE_UPLOAD_SIZE = 100
        url = admin_url(Partner, "change", partner.pk)
        data = form_data(client.get(url), "partner_form")
        data["description"] = "Association culturelle"
        response = client.post(url, data)
        assert errors_of(response) == []
        partner.refresh_from_db()
        assert (partner.description, partner.logo.name) == (
            "Association culturelle",
            "partners/logo.png",
        )

    def test_partner_saves_when_its_logo_file_went_missing(
        self, client, organiser, partner, media_root
    ):
        (media_root / partner.logo.name).unlink()
        url = admin_url(Partner, "change", partner.pk)
        response = client.get(url)
        assert (
            parse(response).select_one(".field-logo_preview .readonly").get_text(strip=True) == "—"
        )
        data = form_data(response, "partner_form")
        data["description"] = "Association culturelle"
        response = client.post(url, data)
        assert errors_of(response) == []
        partner.refresh_from_db()
        assert partner.description == "Association culturelle"
