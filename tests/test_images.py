import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from quinzaine.images import GPS_INFO, resized_url, validate_image_file
from tests.factories import make_partner


def image_bytes(size=(200, 100), image_format="PNG", mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(content, name="logo.png"):
    return SimpleUploadedFile(name, content, "image/png")


def refusal(file):
    with pytest.raises(ValidationError) as error:
        validate_image_file(file)
    return [message.replace("\xa0", " ") for message in error.value.messages]


class TestValidateImageFile:
    @pytest.mark.parametrize("image_format", ["PNG", "JPEG", "GIF", "WEBP"])
    def test_accepts_web_image_formats(self, image_format):
        file = upload(image_bytes(image_format=image_format))
        validate_image_file(file)
        assert file.tell() == 0

    def test_refuses_a_text_file_named_like_an_image(self):
        assert refusal(upload(b"Ceci n'est pas une image.")) == [
            "Ce fichier n'est pas une image lisible (formats acceptés : JPEG, PNG, GIF, WebP)."
        ]

    def test_refuses_a_truncated_image(self):
        assert refusal(upload(image_bytes()[:60])) == [
            "Ce fichier n'est pas une image lisible (formats acceptés : JPEG, PNG, GIF, WebP)."
        ]

    def test_refuses_other_image_formats(self):
        assert refusal(upload(image_bytes(image_format="BMP"), "logo.bmp")) == [
            "Format d'image BMP refusé : utilisez JPEG, PNG, GIF ou WebP."
        ]

    def test_refuses_a_file_over_the_size_limit(self, settings):
        settings.MAX_IMAGE_UPLOAD_SIZE = 100
        content = image_bytes()
        assert len(content) > 100
        assert refusal(upload(content)) == [
            f"Ce fichier pèse {len(content)} octets ; la taille maximale est de 100 octets."
        ]

    def test_refuses_an_image_of_too_many_pixels(self):
        assert refusal(upload(image_bytes(size=(8000, 6000), mode="1"))) == [
            "Image trop grande (8000 × 6000 pixels) : 40 mégapixels au plus."
        ]


@pytest.mark.django_db
class TestResizedUrl:
    def partner_with_logo(self, content, name="logo.png"):
        partner = make_partner()
        partner.logo.save(name, ContentFile(content))
        return partner

    def test_makes_a_copy_no_wider_than_asked(self, media_root):
        partner = self.partner_with_logo(image_bytes(size=(800, 400)))
        url = resized_url(partner.logo, 200)
        assert url.startswith("/media/resized/logo-") and url.endswith(".png")
        with Image.open(media_root / url.removeprefix("/media/")) as copy:
            assert copy.size == (200, 100)

    def test_small_images_are_not_enlarged(self, media_root):
        partner = self.partner_with_logo(image_bytes(size=(120, 60)))
        with Image.open(media_root / resized_url(partner.logo, 400).removeprefix("/media/")) as c:
            assert c.size == (120, 60)

    def test_crop_gives_the_exact_size_and_jpeg_stays_jpeg(self, media_root):
        partner = self.partner_with_logo(image_bytes(image_format="JPEG"), "photo.jpg")
        url = resized_url(partner.logo, 80, 80, crop=True)
        with Image.open(media_root / url.removeprefix("/media/")) as copy:
            assert (copy.size, copy.format) == ((80, 80), "JPEG")

    def test_copy_is_made_once(self, media_root):
        partner = self.partner_with_logo(image_bytes())
        url = resized_url(partner.logo, 100)
        path = media_root / url.removeprefix("/media/")
        made = path.stat().st_mtime_ns
        assert resized_url(partner.logo, 100) == url
        assert path.stat().st_mtime_ns == made
        assert resized_url(partner.logo, 50) != url

    def test_no_image_gives_an_empty_url(self):
        assert resized_url(make_partner().logo, 100) == ""

    def test_unreadable_file_gives_an_empty_url(self, media_root):
        partner = self.partner_with_logo(b"Ceci n'est pas une image.")
        assert resized_url(partner.logo, 100) == ""
        assert (
            not (media_root / "resized").exists() or list((media_root / "resized").iterdir()) == []
        )

    def test_missing_file_gives_an_empty_url(self, media_root):
        partner = self.partner_with_logo(image_bytes())
        (media_root / partner.logo.name).unlink()
        assert resized_url(partner.logo, 100) == ""

    def test_stored_images_are_not_checked_again(self, settings, media_root):
        partner = self.partner_with_logo(image_bytes())
        (media_root / partner.logo.name).unlink()
        settings.MAX_IMAGE_UPLOAD_SIZE = 10
        validate_image_file(partner.logo)
        partner.full_clean()


def photo_taken_at_nimes(image_format="JPEG"):
    """Return a photo whose EXIF says where it was taken (GPS) and how to turn it."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turned right.
    exif[0x010F] = "Appareil"  # Make.
    exif[GPS_INFO] = {1: "N", 2: (43.0, 50.0, 0.0), 3: "E", 4: (4.0, 21.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(buffer, format=image_format, exif=exif.tobytes())
    return buffer.getvalue()


@pytest.mark.django_db
class TestPublicImageField:
    def test_stored_name_is_random_with_the_detected_format(self, media_root):
        # A GIF named like a PDF: it is stored, and served, as what it is.
        gif = image_bytes(image_format="GIF", mode="P")
        partner = make_partner(logo=upload(gif, "billet.pdf"))
        assert re.fullmatch(r"partners/[0-9a-f]{16}\.gif", partner.logo.name)
        other = make_partner(logo=upload(gif, "billet.pdf"))
        assert other.logo.name != partner.logo.name

    @pytest.mark.parametrize("image_format", ["JPEG", "WEBP"])
    def test_gps_position_is_taken_out_and_the_rest_kept(self, media_root, image_format):
        sent = photo_taken_at_nimes(image_format)
        with Image.open(io.BytesIO(sent)) as original:
            assert original.getexif().get_ifd(GPS_INFO)[1] == "N"
        partner = make_partner(logo=upload(sent, "photo.jpg"))
        with Image.open(partner.logo.path) as stored:
            exif = stored.getexif()
            assert (stored.format, stored.size) == (image_format, (120, 80))
        assert GPS_INFO not in exif
        assert (exif[0x0112], exif[0x010F]) == (6, "Appareil")

    def test_an_image_without_position_is_stored_byte_for_byte(self, media_root):
        png = image_bytes()
        partner = make_partner(logo=upload(png, "logo.png"))
        assert partner.logo.read() == png
