"""Name the site and create its legal notice, privacy, accessibility and contact pages.

The pages are flat pages that organisers edit in the admin; their first text is in
legal_pages/, one HTML file per page, with the festival's contact address filled in.
"""

from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Organisateurs"
PAGES_DIR = Path(__file__).resolve().parent / "legal_pages"
DEFAULT_CONTACT_EMAIL = "contact@quinzaine.japonoccitanie.fr"

# URL, title, file in PAGES_DIR.
PAGES = [
    ("/mentions-legales/", "Mentions légales", "mentions-legales.html"),
    ("/donnees-personnelles/", "Données personnelles", "donnees-personnelles.html"),
    ("/accessibilite/", "Accessibilité", "accessibilite.html"),
    ("/contact/", "Contact", "contact.html"),
]

# Organisers keep the pages up to date; removing one stays with administrators.
PERMISSIONS = ["add_flatpage", "change_flatpage", "view_flatpage"]


def name_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "quinzaine.japonoccitanie.fr"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.FESTIVAL_NAME}
    )


def create_pages(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    FlatPage = apps.get_model("flatpages", "FlatPage")
    site = Site.objects.get(pk=settings.SITE_ID)
    email = getattr(settings, "FESTIVAL_CONTACT_EMAIL", "") or DEFAULT_CONTACT_EMAIL
    for url, title, filename in PAGES:
        text = (PAGES_DIR / filename).read_text(encoding="utf-8")
        page, _ = FlatPage.objects.get_or_create(
            url=url,
            defaults={"title": title, "content": Template(text).substitute(contact_email=email)},
        )
        page.sites.add(site)


def delete_pages(apps, schema_editor):
    FlatPage = apps.get_model("flatpages", "FlatPage")
    FlatPage.objects.filter(url__in=[url for url, _, _ in PAGES]).delete()


def grant_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("flatpages")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="flatpages", codename__in=PERMISSIONS)
    )


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="flatpages", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0006_edition_is_demo"),
        ("flatpages", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [
        migrations.RunPython(name_site, migrations.RunPython.noop),
        migrations.RunPython(create_pages, delete_pages),
        migrations.RunPython(grant_permissions, revoke_permissions),
    ]
