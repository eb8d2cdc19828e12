"""The admin's home for organisers: the edition being prepared and what is left to do."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from events.admin.filters import OUTSIDE, OVERLAPPING
from events.models import Edition, Event, Partner, Proposal, Session, untranslated
from events.scheduling import outside_edition_days, overlapping_sessions
from quinzaine.admin_lists import MISSING
from venues.models import Venue


@dataclass
class Line:
    label: str
    count: int
    url: str


@dataclass
class Dashboard:
    edition: object
    statuses: list = field(default_factory=list)
    todo: list = field(default_factory=list)


def changelist(model, **filters):
    """Return the admin list of a model, filtered by its list filters' parameters."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def dashboard(edition):
    """Count an edition's events by status and its loose ends, in six queries.

    Each count comes with the admin list that shows the same objects.
    """
    events = Event.objects.in_edition(edition)
    counts = events.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in Event.Status},
        no_image=Count("pk", filter=Q(image="")),
        no_summary=Count("pk", filter=Q(summary="")),
        **{
            f"no_{code}": Count("pk", filter=Q(status=Event.Status.PUBLISHED) & untranslated(code))
            for code in ("en", "ja")
        },
    )
    sessions = Session.objects.in_edition(edition)
    in_edition = {"edition__id__exact": edition.pk}
    sessions_in_edition = {"event__edition__id__exact": edition.pk}
    statuses = [
        Line(
            status.label,
            counts[status.value],
            changelist(Event, **in_edition, status__exact=status.value),
        )
        for status in Event.Status
    ]
    todo = [
        Line(
            _("Propositions d'événements à relire"),
            Proposal.objects.filter(edition=edition, status=Proposal.Status.PENDING).count(),
            changelist(Proposal, **in_edition, status__exact=Proposal.Status.PENDING),
        ),
        Line(
            _("Événements en brouillon"),
            counts[Event.Status.DRAFT],
            changelist(Event, **in_edition, status__exact=Event.Status.DRAFT),
        ),
        Line(
            _("Événements sans image"),
            counts["no_image"],
            changelist(Event, **in_edition, image=MISSING),
        ),
        Line(
            _("Événements sans résumé"),
            counts["no_summary"],
            changelist(Event, **in_edition, resume=MISSING),
        ),
        Line(
            _("Événements publiés au titre ou au résumé non traduit en anglais"),
            counts["no_en"],
            changelist(
                Event, **in_edition, status__exact=Event.Status.PUBLISHED, traduction="sans-anglais"
            ),
        ),
        Line(
            _("Événements publiés au titre ou au résumé non traduit en japonais"),
            counts["no_ja"],
            changelist(
                Event,
                **in_edition,
                status__exact=Event.Status.PUBLISHED,
                traduction="sans-japonais",
            ),
        ),
        Line(
            _("Séances hors des dates de l'édition"),
            outside_edition_days(sessions, [edition]).count(),
            changelist(Session, **sessions_in_edition, alerte=OUTSIDE),
        ),
        Line(
            _("Séances qui en chevauchent une autre au même lieu"),
            overlapping_sessions(sessions).count(),
            changelist(Session, **sessions_in_edition, alerte=OVERLAPPING),
        ),
        Line(
            _("Lieux sans coordonnées (absents de la carte)"),
            Venue.objects.without_coordinates().count(),
            changelist(Venue, coordonnees=MISSING),
        ),
        Line(
            _("Partenaires de l'édition sans logo"),
            Partner.objects.filter(partnerships__edition=edition, logo="").count(),
            changelist(Partner, partnerships__edition__id__exact=edition.pk, logo=MISSING),
        ),
    ]
    return Dashboard(edition, statuses, todo)


def editions_of_now(today=None):
    """Return the editions organisers work on now: running, to come, or open to proposals.

    Each is annotated with its proposals waiting to be read (`pending`), soonest first.
    """
    today = today or timezone.localdate()
    pending = Count("proposals", filter=Q(proposals__status=Proposal.Status.PENDING))
    return list(
        Edition.objects.filter(
            Q(ends_on__gte=today)
            | Q(proposals_open_on__lte=today, proposals_close_on__gte=today)
            | Q(is_current=True)
        )
        .annotate(pending=pending)
        .order_by("starts_on")
    )
