"""Keep an image chosen in a form when another field of the form is refused.

A browser never fills a file input again: without this, an organiser who mistyped a date
had to find and choose the picture a second time, and usually did not notice it was gone.
The image is kept in the database (quinzaine.models.PendingUpload), never under /media/, and
the form carries a signed token of it back. Visitors' forms (the public proposal) keep at
most KEPT_PER_ADDRESS images per client address and KEPT_TOTAL_BYTES in all; every kept
image goes after KEPT_HOURS (and `manage.py prune` deletes what is left).
"""

import datetime
import posixpath

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Sum
from django.utils import timezone

from quinzaine.limits import digest
from quinzaine.models import PendingUpload

SALT = "quinzaine.uploads.kept"
KEPT_HOURS = 2
KEPT_PER_ADDRESS = 5
KEPT_TOTAL_BYTES = 100 * 1024 * 1024


def expired(now=None):
    """Return the kept images whose time is over."""
    since = (now or timezone.now()) - datetime.timedelta(hours=KEPT_HOURS)
    return PendingUpload.objects.filter(created_at__lt=since)


def keep(upload, address=None):
    """Keep an uploaded file aside; return the signed token that brings it back.

    `address` is a visitor's client address; its uploads are capped, and None is returned
    past a cap (an organiser's, with no address, are not).
    """
    expired().delete()
    anonymous = PendingUpload.objects.exclude(address="")
    hashed = digest(address) if address is not None else ""
    if address is not None:
        stored = anonymous.aggregate(total=Sum("size"))["total"] or 0
        if (
            anonymous.filter(address=hashed).count() >= KEPT_PER_ADDRESS
            or stored + upload.size > KEPT_TOTAL_BYTES
        ):
            return None
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    name = posixpath.basename(upload.name)[-100:]
    kept = PendingUpload.objects.create(
        name=name, content=content, size=len(content), address=hashed
    )
    return signing.dumps(str(kept.pk), salt=SALT)


def restore(token):
    """Return the file a token stands for, as a new upload, or None if it cannot be had."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=KEPT_HOURS * 60 * 60)
    except signing.BadSignature:
        return None
    since = timezone.now() - datetime.timedelta(hours=KEPT_HOURS)
    kept = PendingUpload.objects.filter(pk=pk, created_at__gte=since).first()
    if kept is None:
        return None
    return ContentFile(bytes(kept.content), name=kept.name)


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

    # A visitor's form sets it to the client's address: its kept images are capped.
    client_address = None

    def keep_uploads(self):
        """Keep the accepted images aside, for a form refused for another reason (a formset)."""
        for name, field in self.fields.items():
            upload = self.files.get(self.add_prefix(name))
            if isinstance(field.widget, KeptFileInput) and upload and name not in self._errors:
                token = keep(upload, self.client_address)
                if token:
                    field.widget.kept = (token, posixpath.basename(upload.name))


class KeepUploadsAdmin:
    """ModelAdmin mixin: its image inputs keep a chosen file through a refused save."""

    formfield_overrides = {models.ImageField: {"widget": KeptFileInput}}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (KeepUploadsMixin, form), {})

    def render_change_form(self, request, context, *args, **kwargs):
        # Shown again with the form itself valid: an inline row (a session) was refused.
        form = context["adminform"].form
        if form.is_bound and not form.errors:
            form.keep_uploads()
        return super().render_change_form(request, context, *args, **kwargs)
