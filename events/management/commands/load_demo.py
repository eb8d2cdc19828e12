from django.core.management.base import BaseCommand

from events.demo import load_demo


class Command(BaseCommand):
    help = (
        "Charge (ou met à jour) les éditions 2022 et 2023, une édition de démonstration "
        "en cours aujourd’hui et un compte organisateur."
    )

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout)
