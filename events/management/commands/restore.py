from django.core.management.base import BaseCommand, CommandError

from events.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restaure une archive de la commande backup dans une base vide (après migrate), en "
        "une transaction ; les images reviennent dans le stockage des médias."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Archive .tar.gz écrite par manage.py backup.")
        parser.add_argument(
            "--remplacer",
            action="store_true",
            dest="replace",
            help="Restaurer dans une base qui contient déjà un programme : les lignes de même "
            "identifiant sont remplacées.",
        )

    def handle(self, archive, replace=False, **options):
        try:
            manifest = restore_backup(archive, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        files = len(manifest["files"]) - 1
        what = f"l'édition {manifest['edition']}" if manifest["edition"] else "le site"
        self.stdout.write(f"Restauré {what} : {manifest['rows']} lignes, {files} fichiers.")
