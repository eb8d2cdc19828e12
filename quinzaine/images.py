"""Checks uploaded images, stores them under random names without GPS, serves resized copies."""

import hashlib
import io
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
MAX_PIXELS = 40_000_000
# The EXIF tag holding where a photo was taken.
GPS_INFO = 0x8825


def validate_image_file(file):
    """Refuse files that are too big or that Pillow cannot read as a photo or logo."""
    if getattr(file, "_committed", False):
        # Already stored, so checked when uploaded: re-saving a form must not reopen it
        # (it may since have gone missing, or the limit may have been lowered).
        return
    limit = settings.MAX_IMAGE_UPLOAD_SIZE
    if file.size > limit:
        raise ValidationError(
            _("Ce fichier pèse %(size)s ; la taille maximale est de %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible (formats acceptés : JPEG, PNG, GIF, WebP)."),
            code="invalid_image",
        ) from None
    finally:
        file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Format d'image %(format)s refusé : utilisez JPEG, PNG, GIF ou WebP.")
            % {"format": image_format},
            code="invalid_format",
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("Image trop grande (%(width)s × %(height)s pixels) : 40 mégapixels au plus.")
            % {"width": width, "height": height},
            code="too_many_pixels",
        )


def public_copy(file):
    """Return the bytes to store of an uploaded image, and the extension of its format.

    The bytes are the file's own, unless it says where it was taken (EXIF GPS): that image is
    saved again without the position, its other tags (orientation) and quality kept.
    """
    file.seek(0)
    original = file.read()
    file.seek(0)
    with Image.open(io.BytesIO(original)) as image:
        image_format = image.format
        exif = image.getexif()
        if GPS_INFO not in exif:
            return original, EXTENSIONS.get(image_format, "")
        del exif[GPS_INFO]
        buffer = io.BytesIO()
        options = {"exif": exif.tobytes()}
        if image_format == "JPEG":
            options["quality"] = "keep"
        elif image_format == "WEBP":
            options["quality"] = 95
        image.save(buffer, format=image_format, **options)
    return buffer.getvalue(), EXTENSIONS.get(image_format, "")


class PublicImageField(models.ImageField):
    """An image the public may see: stored under a random name, without its GPS position.

    The name a visitor's file was sent with is never kept: the stored one is random, with
    the extension of the format Pillow found, whatever the sent name said.
    """

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            content, extension = public_copy(file.file)
            file.save(secrets.token_hex(8) + extension, ContentFile(content), save=False)
        return file


def resized_url(image_field, width, height=None, crop=False):
    """Return the URL of a copy of the image at most `width` wide, made once and kept.

    With `crop`, the copy is exactly width × height, cut around the centre.
    Returns "" when there is no image or it cannot be read.
    """
    if not image_field:
        return ""
    name = image_field.name
    key = hashlib.sha1(f"{name}:{width}:{height}:{crop}".encode()).hexdigest()[:16]
    suffix = ".png" if name.lower().endswith((".png", ".gif")) else ".jpg"
    thumb_name = f"resized/{Path(name).stem[:40]}-{key}{suffix}"
    if not default_storage.exists(thumb_name):
        try:
            with default_storage.open(name, "rb") as source, Image.open(source) as image:
                image = ImageOps.exif_transpose(image)
                if crop and height:
                    image = ImageOps.fit(image, (width, height))
                else:
                    image.thumbnail((width, height or width * 4))
                if suffix == ".jpg":
                    image = image.convert("RGB")
                    options = {
                        "format": "JPEG",
                        "quality": 82,
                        "optimize": True,
                        "progressive": True,
                    }
                else:
                    image = image.convert("RGBA")
                    options = {"format": "PNG", "optimize": True}
                # Through the storage: on the local disk or in an S3 bucket alike.
                copy = io.BytesIO()
                image.save(copy, **options)
            default_storage.save(thumb_name, ContentFile(copy.getvalue()))
        except (OSError, ValueError, Image.DecompressionBombError):
            return ""
    return default_storage.url(thumb_name)
