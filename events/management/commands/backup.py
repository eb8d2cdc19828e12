from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events.backups import write_backup
from events.models import Edition


class Command(BaseCommand):
    help = (
        "Sauvegarde une édition (--edition) ou tout le site, avec les images, dans une "
        "archive .tar.gz vérifiable (manifest.json et sommes SHA-256)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Fichier à écrire (par défaut : quinzaine-<édition ou site>-<date>.tar.gz).",
        )
        parser.add_argument("--edition", help="Identifiant d'URL de l'édition à sauvegarder.")

    def handle(self, archive=None, edition=None, **options):
        chosen = None
        if edition:
            chosen = Edition.objects.filter(slug=edition).first()
            if chosen is None:
                raise CommandError(f"Aucune édition d'identifiant « {edition} ».")
        if not archive:
            stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
            archive = f"quinzaine-{edition or 'site'}-{stamp}.tar.gz"
        manifest = write_backup(archive, chosen)
        for name in manifest["missing_media"]:
            self.stderr.write(f"Fichier absent du stockage, non sauvegardé : {name}")
        files = len(manifest["files"]) - 1
        self.stdout.write(f"{archive} : {manifest['rows']} lignes, {files} fichiers.")
