"""Slugs in the admin: the admin's script drops letters it cannot spell, the server puts them back."""

import pytest

from events.models import Edition, Event, Partner
from tests.factories import make_edition, make_event
from tests.helpers import add_form, admin_url, errors_of, event_form, parse
from venues.models import Venue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organiser")]


def add_event(client, edition, title, slug):
    response = client.post(
        admin_url(Event, "add"), event_form(client, edition, title=title, slug=slug)
    )
    assert errors_of(response) == []
    return Event.objects.get(edition=edition, title=title)


class TestEventSlug:
    @pytest.mark.parametrize(
        ("title", "script_slug", "slug"),
        [
            ("kendō", "kend", "kendo"),
            ("Ōsaka en fête", "saka-en-fete", "osaka-en-fete"),
            ("Tōkyō", "tky", "tokyo"),
            ("東京", "", "toukyou"),
            ("茶道の世界", "", "sadou-no-sekai"),
        ],
    )
    def test_letters_the_script_dropped_are_put_back(self, client, title, script_slug, slug):
        assert add_event(client, make_edition(), title, script_slug).slug == slug

    def test_emoji_only_title_still_gets_an_address(self, client):
        event = add_event(client, make_edition(), "🎎🎏", "")
        assert event.slug.startswith("evenement-")
        assert client.get(event.get_absolute_url()).status_code == 200

    def test_slug_typed_by_the_organiser_is_kept(self, client):
        assert add_event(client, make_edition(), "kendō", "kendo-a-albi").slug == "kendo-a-albi"

    def test_same_title_twice_in_an_edition_gets_a_number(self, client):
        edition = make_edition()
        make_event(edition, title="東京", slug="toukyou")
        response = client.post(
            admin_url(Event, "add"), event_form(client, edition, title="東京", slug="")
        )
        assert errors_of(response) == []
        assert list(Event.objects.filter(edition=edition).values_list("slug", flat=True)) == [
            "toukyou",
            "toukyou-2",
        ]

    def test_same_title_in_another_edition_keeps_the_plain_slug(self, client):
        make_event(make_edition(), title="東京", slug="toukyou")
        assert add_event(client, make_edition(), "東京", "").slug == "toukyou"

    def test_saved_event_keeps_its_address_unless_emptied(self, client):
        event = make_event(title="kendō", slug="kend")
        url = admin_url(Event, "change", event.pk)
        data = event_form(client, event.edition, title="kendō", slug="kend")
        data.update({"sessions-TOTAL-FORMS": "0", "sessions-INITIAL-FORMS": "0"})
        assert errors_of(client.post(url, data)) == []
        event.refresh_from_db()
        assert event.slug == "kend"
        data["slug"] = ""
        assert errors_of(client.post(url, data)) == []
        event.refresh_from_db()
        assert event.slug == "kendo"

    def test_slug_field_is_optional_and_says_so(self, client):
        page = parse(client.get(admin_url(Event, "add")))
        field = page.select_one("#id_slug")
        assert field.has_attr("required") is False
        assert page.select_one("#id_slug_helptext").get_text(strip=True) == (
            "La fin de l'adresse de la page. Laissez vide pour la faire d'après le nom : les mots "
            "japonais sont transcrits en lettres latines (東京 → toukyou), les accents retirés."
        )


class TestOtherSlugs:
    def test_venue_slug_from_name_and_town(self, client):
        data = add_form(client, Venue)
        data.update({"name": "Dōjō Shōrin", "slug": "dj-shrin-albi", "town": "Albi"})
        data.update({"postcode": "81000", "latitude": "43.9286", "longitude": "2.1421"})
        assert errors_of(client.post(admin_url(Venue, "add"), data)) == []
        assert Venue.objects.get().slug == "dojo-shorin-albi"

    def test_partner_slug(self, client):
        data = add_form(client, Partner)
        data.update({"name": "Ōsaka Club", "slug": "saka-club", "kind": "association"})
        assert errors_of(client.post(admin_url(Partner, "add"), data)) == []
        assert Partner.objects.get().slug == "osaka-club"

    def test_edition_slug(self, client):
        data = add_form(client, Edition)
        data.update(
            {
                "name": "東京 2025",
                "year": "2025",
                "slug": "2025",
                "starts_on": "07/11/2025",
                "ends_on": "21/11/2025",
            }
        )
        assert errors_of(client.post(admin_url(Edition, "add"), data)) == []
        assert Edition.objects.get().slug == "toukyou-2025"
