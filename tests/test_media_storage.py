"""Media in an S3-compatible bucket (django-storages), tried against moto's in-process S3."""

import io
import re

import boto3
import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws
from PIL import Image

from events.models import Event
from tests.factories import image_file, make_edition, make_event, make_session
from tests.helpers import admin_url, form_data

BUCKET = "quinzaine-media"


@pytest.fixture
def bucket(settings, monkeypatch):
    """Store media in a bucket of moto's S3; return its boto3 client."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "test-only")
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-3")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "eu-west-3",
                    "custom_domain": "media.quinzaine.example.org",
                    "querystring_auth": False,
                    "file_overwrite": False,
                },
            },
        }
        yield client


def stored(client, name):
    return client.get_object(Bucket=BUCKET, Key=name)["Body"].read()


@pytest.mark.django_db
def test_image_uploaded_in_the_admin_lands_in_the_bucket_and_shows_on_the_page(
    client, organiser, bucket, tmp_path
):
    edition = make_edition(slug="2027", is_current=True)
    event = make_event(edition, title="Ikebana", slug="ikebana")
    make_session(event)
    url = admin_url(Event, "change", event.pk)
    data = form_data(client.get(url))
    picture = image_file("ikebana.png", size=(1400, 900), color="seagreen")
    data["image"] = SimpleUploadedFile("ikebana.png", picture.read(), "image/png")
    data["image_alt"] = "Un bouquet d'ikebana"
    data["image_credit"] = "Yujo"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    event.refresh_from_db()
    assert re.fullmatch(r"events/[0-9a-f]{16}\.png", event.image.name)
    picture.seek(0)
    assert stored(bucket, event.image.name) == picture.read()
    # Nothing written on the local disk.
    assert not (tmp_path / "media").exists()

    client.logout()
    page = BeautifulSoup(client.get(event.get_absolute_url()).content, "html.parser")
    src = page.select_one("img.event-image")["src"]
    stem = event.image.name.removeprefix("events/").removesuffix(".png")
    assert src.startswith(f"https://media.quinzaine.example.org/resized/{stem}-")
    resized = stored(bucket, src.removeprefix("https://media.quinzaine.example.org/"))
    # The copy made for the page, 1200 × 630.
    assert Image.open(io.BytesIO(resized)).size == (1200, 630)
    assert page.select_one('meta[property="og:image"]')["content"] == src
