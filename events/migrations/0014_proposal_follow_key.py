import secrets

from django.db import migrations, models

import events.models.proposals


def give_keys(apps, schema_editor):
    Proposal = apps.get_model("events", "Proposal")
    for proposal in Proposal.objects.filter(follow_key__isnull=True):
        proposal.follow_key = secrets.token_urlsafe(24)
        proposal.save(update_fields=["follow_key"])


class Migration(migrations.Migration):
    dependencies = [("events", "0013_feed_stamp_seen_at")]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="follow_key",
            field=models.CharField(editable=False, max_length=40, null=True),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="proposal",
            name="follow_key",
            field=models.CharField(
                default=events.models.proposals.new_follow_key,
                editable=False,
                max_length=40,
                unique=True,
            ),
        ),
    ]
