"""Backups: an edition, or the whole site, with its pictures, restored into a fresh database."""

import datetime
import io
import json
import shutil
import tarfile

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.flatpages.models import FlatPage
from django.core.management import CommandError, call_command
from django.db import models

from events.models import (
    Category,
    Edition,
    EditionPartner,
    Event,
    FeedStamp,
    Partner,
    RemovedSession,
    Session,
    Theme,
)
from tests.factories import (
    aware,
    image_file,
    make_edition,
    make_event,
    make_partner,
    make_session,
    make_venue,
)
from tests.helpers import legal_pages_migration, vocabularies_migration
from venues.models import Venue

PROGRAMME_MODELS = [
    Category,
    Theme,
    Venue,
    Partner,
    Edition,
    EditionPartner,
    Event,
    Event.themes.through,
    Event.organisers.through,
    Session,
    RemovedSession,
]
SITE_MODELS = [*PROGRAMME_MODELS, FlatPage, FlatPage.sites.through, User, User.groups.through]


def rows(model_list, used_vocabulary=False):
    """Return every row of the models, every field, in primary key order.

    The links of many-to-many fields are compared without their own ids, which are not
    data (Django's serialisation does not keep them). With `used_vocabulary`, categories
    and themes no event uses are left out: an edition's archive does not hold them, and a
    fresh database numbers them as its migrations did.
    """
    tables = {}
    for model in model_list:
        if used_vocabulary and model in (Category, Theme):
            used = model.objects.filter(events__isnull=False).distinct().order_by("pk")
            tables[model._meta.label] = list(used.values())
        elif model._meta.auto_created:
            names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
            tables[model._meta.label] = sorted(model.objects.values_list(*names))
        else:
            tables[model._meta.label] = list(model.objects.order_by("pk").values())
    return tables


def stored_files():
    """Return {name: bytes} of every file a row refers to."""
    files = {}
    for model in apps.get_models():
        file_fields = [f for f in model._meta.fields if isinstance(f, models.FileField)]
        for obj in model.objects.all():
            for field in file_fields:
                value = getattr(obj, field.name)
                if value:
                    with value.open("rb") as stored:
                        files[value.name] = stored.read()
    return files


def fresh_database(media_root):
    """Empty the database and the media folder, then put back what migrations write."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root, ignore_errors=True)
    vocabularies_migration.create_group(apps, None)
    vocabularies_migration.create_vocabularies(apps, None)
    legal_pages_migration.name_site(apps, None)
    legal_pages_migration.create_pages(apps, None)
    legal_pages_migration.grant_permissions(apps, None)


def populate():
    """Build an edition with images everywhere an organiser can put one."""
    edition = make_edition(
        name="Quinzaine du Japon 2027",
        slug="2027",
        year=2027,
        starts_on=datetime.date(2027, 11, 12),
        ends_on=datetime.date(2027, 11, 26),
        tagline="Deux semaines de Japon en Occitanie",
        image=image_file("affiche.png", color="crimson"),
        image_credit="Yujo",
    )
    dojo = make_venue(name="Dojo de Nîmes", photo=image_file("dojo.png", color="navy"))
    hall = make_venue(name="Halle aux grains", town="Albi", department="81")
    yujo = make_partner(name="Association Yujo", logo=image_file("yujo.png", color="gold"))
    cricao = make_partner(name="Cricao")
    EditionPartner.objects.create(edition=edition, partner=yujo, role="founding", position=1)
    kendo = make_event(
        edition,
        title="Démonstration de kendō",
        venue=dojo,
        image=image_file("kendo.png", color="teal"),
        image_alt="Deux kendōka",
        description="Avec le club de Nîmes.",
    )
    kendo.themes.set(Theme.objects.all()[:2])
    kendo.organisers.set([yujo, cricao])
    make_session(kendo, aware(2027, 11, 16, 14, 0))
    make_session(kendo, aware(2027, 11, 17, 10, 30), venue=hall, capacity=40, note="Complet ?")
    taken_off = make_session(kendo, aware(2027, 11, 18, 10, 0))
    # Taken off the programme before it took place: kept in feeds as cancelled.
    taken_off.delete()
    assert RemovedSession.objects.count() == 1
    return edition


@pytest.mark.django_db(transaction=True)
def test_edition_round_trip_keeps_every_row_and_image_byte_for_byte(tmp_path, media_root):
    edition = populate()
    before, files = rows(PROGRAMME_MODELS, used_vocabulary=True), stored_files()
    assert len(files) == 4
    assert len(before["events.Theme"]) == 2
    archive = tmp_path / "edition.tar.gz"
    call_command("backup", str(archive), edition=edition.slug, stdout=io.StringIO())

    fresh_database(media_root)
    assert Edition.objects.count() == 0
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert out.getvalue().startswith("Restauré l'édition 2027 : ")
    assert rows(PROGRAMME_MODELS, used_vocabulary=True) == before
    assert stored_files() == files
    # New rows after a restore get new ids (sequences moved past the restored ones).
    assert make_venue().pk > max(row["id"] for row in before["venues.Venue"])


@pytest.mark.django_db(transaction=True)
def test_site_round_trip_keeps_accounts_pages_and_every_edition(tmp_path, media_root):
    populate()
    other = make_edition(name="Semaine du Japon 2022", slug="2022")
    make_session(make_event(other, title="Atelier de cuisine"), aware(2022, 11, 20, 11, 0))
    organiser = User.objects.create_user("camille", "camille@example.org", "secret", is_staff=True)
    organiser.groups.add(Group.objects.get(name="Organisateurs"))
    page = FlatPage.objects.get(url="/contact/")
    page.content = "<p>Écrire à contact@example.org</p>"
    page.save()
    before, files = rows(SITE_MODELS), stored_files()
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    fresh_database(media_root)
    call_command("restore", str(archive), stdout=io.StringIO())

    assert rows(SITE_MODELS) == before
    assert stored_files() == files
    assert list(User.objects.get(username="camille").groups.values_list("name", flat=True)) == [
        "Organisateurs"
    ]


@pytest.mark.django_db
def test_edition_archive_holds_that_edition_only_with_a_manifest(tmp_path):
    edition = populate()
    other = make_edition(name="Semaine du Japon 2022", slug="2022")
    make_event(other, title="Atelier de cuisine", image=image_file("cuisine.png"))
    archive = tmp_path / "edition.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), edition=edition.slug, stdout=out)

    with tarfile.open(archive) as opened:
        names = sorted(opened.getnames())
        manifest = json.load(opened.extractfile("manifest.json"))
        data = json.load(opened.extractfile("data.json"))
    kendo = Event.objects.get(title="Démonstration de kendō")
    assert names == [
        "data.json",
        "manifest.json",
        f"media/{edition.image.name}",
        f"media/{kendo.image.name}",
        f"media/{Partner.objects.get(name='Association Yujo').logo.name}",
        f"media/{Venue.objects.get(name='Dojo de Nîmes').photo.name}",
    ]
    assert sorted(manifest["files"]) == [n for n in names if n != "manifest.json"]
    assert (manifest["format"], manifest["edition"], manifest["missing_media"]) == (
        "quinzaine-backup-1",
        "2027",
        [],
    )
    titles = [row["fields"]["title"] for row in data if row["model"] == "events.event"]
    assert titles == ["Démonstration de kendō"]
    assert out.getvalue() == f"{archive} : {manifest['rows']} lignes, 4 fichiers.\n"


@pytest.mark.django_db
def test_restore_refuses_a_database_holding_a_programme(tmp_path):
    edition = populate()
    archive = tmp_path / "edition.tar.gz"
    call_command("backup", str(archive), edition=edition.slug, stdout=io.StringIO())
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))
    assert str(refused.value).startswith("La base contient déjà un programme")
    # Told to, it replaces the rows of the same ids.
    Event.objects.update(title="Titre changé")
    call_command("restore", str(archive), replace=True, stdout=io.StringIO())
    assert list(Event.objects.values_list("title", flat=True)) == ["Démonstration de kendō"]


@pytest.mark.django_db
def test_restore_refuses_a_damaged_archive_and_changes_nothing(tmp_path):
    edition = populate()
    archive = tmp_path / "edition.tar.gz"
    call_command("backup", str(archive), edition=edition.slug, stdout=io.StringIO())
    with tarfile.open(archive) as opened:
        members = {m.name: opened.extractfile(m).read() for m in opened.getmembers()}
    image = f"media/{Event.objects.get(title='Démonstration de kendō').image.name}"
    members[image] = members[image][:-10]
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as written:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            written.addfile(info, io.BytesIO(content))
    Event.objects.all().delete()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(damaged), replace=True)
    assert str(refused.value) == (f"Somme de contrôle fausse pour {image} : archive abîmée.")


def test_backup_of_an_unknown_edition_says_so(db):
    with pytest.raises(CommandError) as refused:
        call_command("backup", "/tmp/never-written.tar.gz", edition="1999")
    assert str(refused.value) == "Aucune édition d'identifiant « 1999 »."


@pytest.mark.django_db
def test_site_archive_leaves_out_what_the_site_rebuilds(client, tmp_path):
    populate()
    FeedStamp.objects.touch("a" * 64, "empreinte")
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as opened:
        data = json.load(opened.extractfile("data.json"))
    models = {row["model"] for row in data}
    assert {"events.feedstamp", "events.programmeversion"} & models == set()
    assert {"events.event", "events.session", "events.removedsession"} <= models
