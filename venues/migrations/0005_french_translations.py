"""Copy the texts entered before translations into their French columns."""

from django.db import migrations
from django.db.models import F

FIELDS = ("name", "practical_info", "access_notes")


def copy_french(apps, schema_editor):
    venues = apps.get_model("venues", "Venue")
    for field in FIELDS:
        venues.objects.filter(**{f"{field}_fr__isnull": True}).update(**{f"{field}_fr": F(field)})


class Migration(migrations.Migration):
    dependencies = [("venues", "0004_translations")]

    operations = [migrations.RunPython(copy_french, migrations.RunPython.noop)]
