"""Create the "Organisateurs" group and the starting categories and themes."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Organisateurs"

# Organisers run the programme: everything on editions, events, sessions, venues and
# partners, except deleting a whole edition, which stays with administrators.
PERMISSIONS = {
    "events": {
        "edition": ["add", "change", "view"],
        "editionpartner": ["add", "change", "delete", "view"],
        "event": ["add", "change", "delete", "view"],
        "session": ["add", "change", "delete", "view"],
        "category": ["add", "change", "delete", "view"],
        "theme": ["add", "change", "delete", "view"],
        "partner": ["add", "change", "delete", "view"],
    },
    "venues": {"venue": ["add", "change", "delete", "view"]},
}

CATEGORIES = [
    ("Exposition", "exposition"),
    ("Atelier culinaire", "atelier-culinaire"),
    ("Projection", "projection"),
    ("Méditation", "meditation"),
    ("Conférence", "conference"),
    ("Spectacle", "spectacle"),
    ("Sport", "sport"),
    ("Rencontre économique", "rencontre-economique"),
    ("Atelier", "atelier"),
    ("Visite", "visite"),
]

THEMES = [
    ("Économie", "economie"),
    ("Culture", "culture"),
    ("Éducation", "education"),
    ("Sport", "sport"),
    ("Science", "science"),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [
        f"{action}_{model}"
        for models in PERMISSIONS.values()
        for model, actions in models.items()
        for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label__in=PERMISSIONS.keys(), codename__in=codenames
    )
    group.permissions.set(permissions)


def create_vocabularies(apps, schema_editor):
    Category = apps.get_model("events", "Category")
    Theme = apps.get_model("events", "Theme")
    for position, (name, slug) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    for position, (name, slug) in enumerate(THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
        ("venues", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_group, migrations.RunPython.noop),
        migrations.RunPython(create_vocabularies, migrations.RunPython.noop),
    ]
