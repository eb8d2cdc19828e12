"""Copy the texts entered before translations into their French columns (name → name_fr)."""

from django.db import migrations
from django.db.models import F

FIELDS = {
    "Edition": ("name", "tagline", "description"),
    "Event": ("title", "summary", "description"),
    "Partner": ("description",),
    "Category": ("name",),
    "Theme": ("name",),
}


def copy_french(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("events", model_name)
        for field in fields:
            model.objects.filter(**{f"{field}_fr__isnull": True}).update(
                **{f"{field}_fr": F(field)}
            )


class Migration(migrations.Migration):
    dependencies = [("events", "0010_translations")]

    operations = [migrations.RunPython(copy_french, migrations.RunPython.noop)]
