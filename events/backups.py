"""Back up an edition (or the whole site) with its pictures to one archive, and restore it.

An archive is a .tar.gz holding `data.json` (Django's JSON serialisation, natural keys for
users, groups and permissions), the media files the rows refer to under `media/`, and
`manifest.json`: the format, what was saved, and the SHA-256 of every other member.
"""

import datetime
import hashlib
import io
import json
import tarfile

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from events.models import (
    Category,
    Edition,
    EditionPartner,
    Event,
    Partner,
    RemovedSession,
    Session,
    Theme,
)
from venues.models import Venue

FORMAT = "quinzaine-backup-1"
# The whole site: programme, venues, flat pages, organisers' accounts. Not kept: what the
# site rebuilds (the cache's version token, the feeds' change stamps), sessions, login
# attempts, rate limits, the admin's history.
SITE_MODELS = ["sites", "flatpages", "auth.group", "auth.user", "venues", "events"]
NOT_SAVED = {"events.programmeversion", "events.feedstamp"}
# A database holding any of these is not empty: restoring over it needs `replace`.
CONTENT_MODELS = [Edition, Event, Session, Venue, Partner]
# What makes two flat pages the same page (its address is not a unique column).
IDENTITY_FIELDS = {"flatpages.flatpage": ["url"]}


class ExactJSONEncoder(DjangoJSONEncoder):
    """Keep times to the microsecond (Django's encoder stops at the millisecond)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """An archive that cannot be restored, with the reason in French."""


def edition_objects(edition):
    """Return every row an edition's pages need, dependencies first."""
    events = Event.objects.filter(edition=edition)
    sessions = Session.objects.filter(event__edition=edition)
    partnerships = EditionPartner.objects.filter(edition=edition)
    venues = Venue.objects.filter(
        models.Q(events__edition=edition) | models.Q(sessions__event__edition=edition)
    )
    partners = Partner.objects.filter(
        models.Q(partnerships__edition=edition) | models.Q(organised_events__edition=edition)
    )
    return [
        *Category.objects.filter(events__edition=edition).distinct(),
        *Theme.objects.filter(events__edition=edition).distinct(),
        *venues.distinct(),
        *partners.distinct(),
        edition,
        *partnerships,
        *events,
        *sessions,
        *RemovedSession.objects.filter(edition=edition),
    ]


def site_objects():
    """Return every row of the site worth saving, dependencies first."""
    chosen = []
    for label in SITE_MODELS:
        if "." in label:
            chosen.append(apps.get_model(label))
        else:
            chosen.extend(apps.get_app_config(label).get_models())
    ordered = serializers.sort_dependencies([(None, chosen)], allow_cycles=True)
    return [
        obj
        for model in ordered
        if model._meta.label_lower not in NOT_SAVED
        for obj in model._default_manager.order_by("pk")
    ]


def media_names(objects):
    """Return the names of the stored files the rows refer to, sorted."""
    names = set()
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if isinstance(field, models.FileField):
                value = getattr(obj, field.attname)
                if value:
                    names.add(str(value))
    return sorted(names)


def write_backup(target, edition=None):
    """Write the archive of an edition, or of the whole site, to a path or binary file.

    Return the manifest. A file a row names but the storage lacks is listed as missing.
    """
    objects = edition_objects(edition) if edition else site_objects()
    data = serializers.serialize(
        "json", objects, indent=1, use_natural_foreign_keys=True, cls=ExactJSONEncoder
    ).encode()
    members = {"data.json": data}
    missing = []
    for name in media_names(objects):
        if not default_storage.exists(name):
            missing.append(name)
            continue
        with default_storage.open(name, "rb") as stored:
            members[f"media/{name}"] = stored.read()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "edition": edition.slug if edition else None,
        "rows": len(objects),
        "missing_media": missing,
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in members.items()},
    }
    members = {"manifest.json": json.dumps(manifest, indent=1).encode(), **members}
    mode = "w:gz"
    with (
        tarfile.open(target, mode)
        if isinstance(target, str)
        else tarfile.open(fileobj=target, mode=mode)
    ) as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(content))
    return manifest


def read_backup(source):
    """Return (manifest, members) of an archive whose checksums all match."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            members = {
                member.name: archive.extractfile(member).read()
                for member in archive.getmembers()
                if member.isfile()
            }
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Archive illisible : {error}") from None
    try:
        manifest = json.loads(members.pop("manifest.json"))
    except (KeyError, ValueError):
        raise BackupError("Archive sans manifeste lisible (manifest.json).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format d'archive inconnu : {manifest.get('format')!r}.")
    if set(members) != set(manifest["files"]):
        raise BackupError("Les fichiers de l'archive ne sont pas ceux de son manifeste.")
    for name, content in members.items():
        if hashlib.sha256(content).hexdigest() != manifest["files"][name]:
            raise BackupError(f"Somme de contrôle fausse pour {name} : archive abîmée.")
    return manifest, members


def database_is_empty():
    return not any(model.objects.exists() for model in CONTENT_MODELS)


def take_place_of_same_rows(obj):
    """Delete the rows a restored one stands for under another id (a migration's category,
    the organisers' group, a flat page at the same address), so it takes their place."""
    model = type(obj)
    names = [
        field.attname
        for field in model._meta.concrete_fields
        if field.unique and not field.primary_key
    ]
    names += IDENTITY_FIELDS.get(model._meta.label_lower, [])
    for name in names:
        value = getattr(obj, name)
        # An untranslated name (name_en, name_ja…) identifies nothing.
        if value not in (None, ""):
            model._default_manager.filter(**{name: value}).exclude(pk=obj.pk).delete()


def restore_backup(source, replace=False):
    """Restore an archive in one transaction; return its manifest.

    Refuses a database that already holds a programme unless `replace`: rows with the same
    primary keys are then overwritten. Files go back through the storage, under their names.
    """
    manifest, members = read_backup(source)
    if not replace and not database_is_empty():
        raise BackupError(
            "La base contient déjà un programme (éditions, événements, lieux ou partenaires) : "
            "restaurez dans une base vide, ou remplacez les lignes de même identifiant "
            "avec --remplacer."
        )
    with transaction.atomic():
        # As loaddata does: rows may refer to others later in the file.
        with connection.constraint_checks_disabled():
            models_seen = set()
            for restored in serializers.deserialize(
                "json", members["data.json"], handle_forward_references=True
            ):
                take_place_of_same_rows(restored.object)
                restored.save()
                models_seen.add(type(restored.object))
        connection.check_constraints(table_names=sorted(m._meta.db_table for m in models_seen))
        # PostgreSQL's sequences past the restored ids, as loaddata does.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models_seen):
                cursor.execute(statement)
        for name, content in members.items():
            if not name.startswith("media/"):
                continue
            name = name.removeprefix("media/")
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(content))
            if saved != name:
                raise BackupError(f"Le fichier {name} a été enregistré sous {saved}.")
    return manifest
