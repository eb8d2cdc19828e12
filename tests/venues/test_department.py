"""A venue's département comes from its postcode, and a postcode elsewhere is refused."""

import pytest

from tests.helpers import add_form, admin_url, clean_spaces, errors_of, parse
from venues.models import Venue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organiser")]


def post_venue(client, **fields):
    data = add_form(client, Venue)
    data.update(
        {
            "name": "Médiathèque Émile Zola",
            "slug": "mediatheque-emile-zola",
            "address": "218 boulevard de l'Aéroport International",
            "town": "Montpellier",
            "latitude": "43.608000",
            "longitude": "3.893000",
        }
    )
    data.update(fields)
    return client.post(admin_url(Venue, "add"), data)


def field_errors(response, name):
    row = parse(response).select_one(f".field-{name}")
    return [clean_spaces(li.get_text(strip=True)) for li in row.select(".errorlist li")]


class TestDepartmentFromPostcode:
    def test_add_form_starts_on_from_the_postcode_not_haute_garonne(self, client):
        page = parse(client.get(admin_url(Venue, "add")))
        select = page.select_one("#id_department")
        selected = [option["value"] for option in select.select("option[selected]")]
        assert selected == [""]
        assert select.option.get_text(strip=True) == "— d'après le code postal —"

    def test_postcode_gives_the_departement(self, client):
        response = post_venue(client, postcode="34000", department="")
        assert errors_of(response) == []
        assert Venue.objects.get().department == "34"

    def test_postcode_with_a_space_is_tidied(self, client):
        assert errors_of(post_venue(client, postcode="34 000", department="")) == []
        assert Venue.objects.values_list("postcode", "department").get() == ("34000", "34")

    def test_matching_choice_is_fine(self, client):
        assert errors_of(post_venue(client, postcode="34000", department="34")) == []

    def test_postcode_outside_occitanie_is_taken_as_hors_occitanie(self, client):
        response = post_venue(client, postcode="75007", town="Paris", department="")
        assert errors_of(response) == []
        assert Venue.objects.get().get_department_display() == "Hors Occitanie"

    def test_no_postcode_keeps_the_departement_chosen(self, client):
        assert errors_of(post_venue(client, postcode="", department="30")) == []
        assert Venue.objects.get().department == "30"


class TestRefusals:
    @pytest.mark.parametrize(
        ("postcode", "department", "message"),
        [
            (
                "34000",
                "31",
                "Le code postal 34000 est dans l'Hérault (34), pas en Haute-Garonne (31).",
            ),
            ("30000", "48", "Le code postal 30000 est dans le Gard (30), pas en Lozère (48)."),
            (
                "65000",
                "66",
                "Le code postal 65000 est dans les Hautes-Pyrénées (65), "
                "pas dans les Pyrénées-Orientales (66).",
            ),
            (
                "75007",
                "31",
                "Le code postal 75007 est hors d'Occitanie, pas en Haute-Garonne (31).",
            ),
            ("34000", "99", "Le code postal 34000 est dans l'Hérault (34), pas hors d'Occitanie."),
        ],
    )
    def test_departement_that_is_not_the_postcodes_is_refused_beside_it(
        self, client, postcode, department, message
    ):
        response = post_venue(client, postcode=postcode, department=department)
        assert field_errors(response, "department") == [message]
        assert Venue.objects.count() == 0

    def test_postcode_without_five_digits_is_refused(self, client):
        response = post_venue(client, postcode="3400", department="")
        assert field_errors(response, "postcode") == [
            "Un code postal a cinq chiffres, par exemple 34000."
        ]
        assert Venue.objects.count() == 0

    def test_neither_postcode_nor_departement_is_refused(self, client):
        response = post_venue(client, postcode="", department="")
        assert field_errors(response, "department") == [
            "Choisissez le département, ou indiquez le code postal pour qu'il en soit déduit."
        ]
        assert Venue.objects.count() == 0
