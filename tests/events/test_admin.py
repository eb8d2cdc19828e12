import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.models import Category, Edition, EditionPartner, Event, Partner, Session, Theme
from tests.factories import (
    aware,
    make_category,
    make_edition,
    make_event,
    make_partner,
    make_session,
    make_venue,
)
from venues.models import Venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    """Log in a staff member who is only in the Organisateurs group, as a new organiser would be."""
    user = User.objects.create_user("camille", password="secret", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisateurs"))
    client.force_login(user)
    return user


def parse(response):
    return BeautifulSoup(response.content, "html.parser")


def form_data(response, form_id):
    """Return what a browser would post from an admin form, as the page rendered it."""
    form = parse(response).find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or "__prefix__" in name:
            continue
        if field.name == "select":
            values = [o.get("value", o.text) for o in field.find_all("option") if o.has_attr("selected")]
        elif field.name == "textarea":
            values = [field.text.removeprefix("\n")]
        elif field.get("type") in ("checkbox", "radio"):
            values = [field.get("value", "on")] if field.has_attr("checked") else []
        elif field.get("type") in ("submit", "file"):
            continue
        else:
            values = [field.get("value", "")]
        if values:
            data.setdefault(name, []).extend(values)
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def page_messages(response):
    return [li.get_text(strip=True) for li in parse(response).select("ul.messagelist li")]


def errors_of(response):
    """Return the error messages an admin form shows, in page order."""
    return [li.get_text(strip=True) for li in parse(response).select("ul.errorlist li")]


def result_rows(response, column="th"):
    """Return the text of the first link column of each row of an admin changelist."""
    return [
        row.find(column).get_text(strip=True)
        for row in parse(response).select("#result_list tbody tr")
    ]


def png_bytes(width=200, height=100, colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def programme():
    edition = make_edition(
        name="Quinzaine du Japon 2023", year=2023, slug="2023", is_current=True
    )
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
        granted = {
            f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
        }
        expected = {"events.add_edition", "events.change_edition", "events.view_edition"}
        for model in [
            "editionpartner",
            "event",
            "session",
            "category",
            "theme",
            "partner",
        ]:
            expected |= {f"events.{action}_{model}" for action in ["add", "change", "delete", "view"]}
        expected |= {f"venues.{action}_venue" for action in ["add", "change", "delete", "view"]}
        assert granted == expected

    def test_organiser_cannot_delete_an_edition(self, client, organiser, programme):
        edition = programme[Edition]
        response = client.get(admin_url(Edition, "change", edition.pk))
        assert parse(response).select("a.deletelink") == []
        response = client.post(admin_url(Edition, "delete", edition.pk), {"post": "yes"})
        assert response.status_code == 403
        assert Edition.objects.filter(pk=edition.pk).exists()

    def test_organiser_sees_the_programme_apps_only(self, client, organiser):
        response = client.get(reverse("admin:index"))
        models = {a.get_text(strip=True) for a in parse(response).select("#content-main th a")}
        assert models == {
            "Catégories",
            "Lieux",
            "Partenaires",
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
                ["Quinzaine du Japon 2023", "2023", "10 novembre 2023", "24 novembre 2023", "1"],
            ),
            (
                Event,
                [
                    "—",
                    "Lancement de la Quinzaine",
                    "Quinzaine du Japon 2023",
                    "Exposition",
                    "Nîmes",
                    "10 novembre 2023 18:00",
                    "publié",
                ],
            ),
            (
                Session,
                [
                    "Lancement de la Quinzaine",
                    "10 novembre 2023 18:00",
                    "10 novembre 2023 20:00",
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


def add_form(client, model):
    """Return the data an empty add form of the model would post."""
    response = client.get(admin_url(model, "add"))
    return form_data(response, f"{model._meta.model_name}_form")


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


def event_form(client, edition, **fields):
    data = add_form(client, Event)
    data.update(
        {
            "edition": edition.pk,
            "title": "Cérémonie du thé",
            "slug": "ceremonie-du-the",
            "status": "published",
            "summary": "Découvrir le chadō.",
            "category": Category.objects.get(slug="atelier").pk,
            "audience": "all",
            "languages": "français",
            "is_free": "on",
            "booking": "none",
        }
    )
    data.update(fields)
    return data


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
                "is_wheelchair_accessible": "on",
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
        assert partner.logo.name == "partners/logo.png"
        row = parse(client.get(admin_url(Partner))).select_one("#result_list tbody tr")
        img = row.find("img", alt="Maison du Japon")
        assert (img["width"], img["height"]) == ("40", "40")
        assert img["src"].startswith("/media/resized/logo-")
        with Image.open(media_root / img["src"].removeprefix("/media/")) as thumb:
            assert thumb.size == (80, 80)
