"""An image chosen in an admin form survives a refusal of another field of the form."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.models import Event, Partner
from tests.factories import make_edition
from tests.helpers import add_form, admin_url, errors_of, event_form, parse, png_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organiser")]


def post_partner(client, name, **files):
    data = add_form(client, Partner)
    data.update({"name": name, "slug": "", "kind": "association"}, **files)
    return client.post(admin_url(Partner, "add"), data)


def test_a_logo_is_kept_when_the_name_is_refused_and_saved_next_time(client, media_root):
    logo = png_bytes(300, 100, "navy")
    refused = post_partner(client, "", logo=SimpleUploadedFile("logo-club.png", logo))
    assert errors_of(refused) == ["Ce champ est obligatoire."]
    page = parse(refused)
    assert page.select_one(".file-kept").get_text(" ", strip=True) == (
        "Image gardée : logo-club.png. Elle sera enregistrée avec le formulaire ; "
        "inutile de la choisir à nouveau."
    )
    token = page.find("input", {"name": "logo__kept"})["value"]

    saved = post_partner(client, "Club Japon", logo__kept=token)

    assert saved.status_code == 302
    partner = Partner.objects.get(name="Club Japon")
    assert re.fullmatch(r"partners/[0-9a-f]{16}\.png", partner.logo.name)
    assert partner.logo.read() == logo


def test_a_refused_logo_is_not_kept(client):
    text = SimpleUploadedFile("logo.png", b"not a picture", content_type="image/png")
    refused = post_partner(client, "", logo=text)
    assert len(errors_of(refused)) == 2
    assert parse(refused).find("input", {"name": "logo__kept"}) is None


def test_a_forged_token_brings_nothing_back(client):
    saved = post_partner(client, "Club Japon", logo__kept="pending/../../settings.py")
    assert saved.status_code == 302
    assert not Partner.objects.get(name="Club Japon").logo


def test_a_wide_logo_is_previewed_whole(client, media_root):
    saved = post_partner(
        client, "Club Japon", logo=SimpleUploadedFile("bandeau.png", png_bytes(900, 150))
    )
    assert saved.status_code == 302
    partner = Partner.objects.get(name="Club Japon")
    page = parse(client.get(admin_url(Partner, "change", partner.pk)))
    src = page.select_one(".field-logo_preview img")["src"]
    with Image.open(media_root / src.removeprefix("/media/")) as preview:
        assert preview.size == (320, 53)


def test_an_event_image_is_kept_when_only_a_session_row_is_refused(client):
    edition = make_edition()
    data = event_form(client, edition)
    data.update(
        {
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-starts_at_0": "15/11/2023",
            "sessions-0-starts_at_1": "18:00",
            "sessions-0-ends_at_0": "15/11/2023",
            "sessions-0-ends_at_1": "17:00",  # Before its start: the row is refused.
            "sessions-0-status": "scheduled",
            "image": SimpleUploadedFile("affiche.png", png_bytes(400, 300), "image/png"),
            "image_alt": "Une affiche",
        }
    )
    refused = client.post(admin_url(Event, "add"), data)
    assert errors_of(refused) == ["La fin doit être après le début."]
    page = parse(refused)
    assert (
        page.select_one(".file-kept")
        .get_text(" ", strip=True)
        .startswith("Image gardée : affiche.png.")
    )
    data.pop("image")
    data["image__kept"] = page.find("input", {"name": "image__kept"})["value"]
    data["sessions-0-ends_at_1"] = "20:00"
    assert client.post(admin_url(Event, "add"), data).status_code == 302
    assert Event.objects.get().image.name.endswith(".png")
