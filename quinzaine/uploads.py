"""Keep an image chosen in an admin form when another field of the form is refused.

A browser never fills a file input again: without this, an organiser who mistyped a date
had to find and choose the picture a second time, and usually did not notice it was gone.
The image is stored aside under media/pending/ and the form carries its signed name back.
"""

import posixpath
import secrets

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models

SALT = "quinzaine.uploads.kept"
FOLDER = "pending"


def keep(upload):
    """Store an uploaded file aside; return the signed token that brings it back."""
    upload.seek(0)
    name = posixpath.basename(upload.name)
    path = default_storage.save(f"{FOLDER}/{secrets.token_hex(8)}/{name}", upload)
    upload.seek(0)
    return signing.dumps(path, salt=SALT)


def restore(token):
    """Return the file a token stands for, as a new upload, or None if it cannot be read."""
    try:
        path = signing.loads(token, salt=SALT, max_age=60 * 60 * 24)
    except signing.BadSignature:
        return None
    if not path.startswith(FOLDER + "/") or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        return ContentFile(stored.read(), name=posixpath.basename(path))


class KeptFileInput(AdminFileWidget):
    """The admin's file input, which also sends back a file kept from a refused form."""

    template_name = "admin/widgets/kept_file_input.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.kept = None

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        token = data.get(f"{name}__kept")
        if value is None and token:
            restored = restore(token)
            if restored is not None:
                self.kept = (token, restored.name)
                return restored
        return value

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["kept"] = self.kept
        return context


class KeepUploadsMixin:
    """For model forms: after a refusal, keep the images whose own field was accepted."""

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            self.keep_uploads()

    def keep_uploads(self):
        """Keep the accepted images aside, for a form refused for another reason (a formset)."""
        for name, field in self.fields.items():
            upload = self.files.get(self.add_prefix(name))
            if isinstance(field.widget, KeptFileInput) and upload and name not in self._errors:
                field.widget.kept = (keep(upload), posixpath.basename(upload.name))


class KeepUploadsAdmin:
    """ModelAdmin mixin: its image inputs keep a chosen file through a refused save."""

    formfield_overrides = {models.ImageField: {"widget": KeptFileInput}}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (KeepUploadsMixin, form), {})
