from django.core.management.base import BaseCommand
from django.utils import timezone

from events.models import FeedStamp, RemovedSession
from quinzaine.limits import DAY
from quinzaine.models import Attempt
from quinzaine.uploads import expired


class Command(BaseCommand):
    help = (
        "Supprime ce qui a expiré : images gardées pour un formulaire refusé, compteurs des "
        "limites, repères de flux que plus personne ne demande, séances annulées passées. "
        "À lancer chaque jour (cron ou minuterie systemd)."
    )

    def handle(self, **options):
        now = timezone.now()
        counts = {
            "images gardées": expired(now).delete()[0],
            "compteurs des limites": Attempt.objects.filter(created_at__lt=now - DAY).delete()[0],
            "repères de flux": FeedStamp.objects.unseen(now).delete()[0],
            "séances annulées passées": RemovedSession.objects.filter(ends_at__lte=now).delete()[0],
        }
        for label, count in counts.items():
            self.stdout.write(f"{label} : {count} supprimé(s)")
