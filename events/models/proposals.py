import secrets

from django.core import signing
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models.editions import Edition
from events.models.events import Event
from events.models.partners import Partner
from events.models.taxonomy import Category
from quinzaine.images import PublicImageField, validate_image_file

PROPOSAL_TOKEN_SALT = "events.proposal.follow"


def new_follow_key():
    """Return a random key for a proposer's follow-up page: it says nothing of the proposal."""
    return secrets.token_urlsafe(24)


def proposal_image_path(proposal, filename):
    """Store a proposal's image under a folder no one can guess: it is not public yet."""
    return f"proposals/{secrets.token_hex(8)}/{filename}"


class ProposalQuerySet(models.QuerySet):
    def from_token(self, token):
        """Return the proposal of a follow-up token; raise Proposal.DoesNotExist if it is bad.

        The token is the proposal's random follow_key; links sent before it existed carry
        the proposal's number, signed, and still work.
        """
        if ":" not in token:
            return self.get(follow_key=token)
        try:
            pk = signing.Signer(salt=PROPOSAL_TOKEN_SALT).unsign_object(token)
        except signing.BadSignature:
            raise self.model.DoesNotExist from None
        return self.get(pk=pk)

    def in_queue_order(self):
        """Order the moderation queue: pending, changes asked, then decided; oldest first."""
        rank = Case(
            *(
                When(status=status, then=Value(index))
                for index, status in enumerate(Proposal.Status)
            ),
            default=Value(len(Proposal.Status)),
        )
        return self.annotate(queue_rank=rank).order_by("queue_rank", "created_at", "pk")


class Proposal(models.Model):
    """An event proposed through the public form by a local organiser, never public by itself.

    Approving it makes a published Event with its Sessions (events.proposals.approve).
    """

    # What a proposal says of its event, copied to the Event on approval (the image too).
    EVENT_FIELDS = (
        "title",
        "summary",
        "description",
        "category",
        "audience",
        "is_free",
        "price",
        "booking",
        "booking_url",
        "booking_email",
        "booking_phone",
        "image_alt",
        "image_credit",
    )
    # What the proposer fills in: the form's fields, and what an amendment is compared on.
    PROPOSER_FIELDS = (
        "organisation",
        "organisation_kind",
        "contact_name",
        "email",
        "phone",
        "website",
        "is_shown_as_organiser",
        *EVENT_FIELDS,
        "image",
    )

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        CHANGES_REQUESTED = "changes_requested", _("modifications demandées")
        APPROVED = "approved", _("acceptée")
        REJECTED = "rejected", _("refusée")

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("édition")
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    organisation = models.CharField(_("structure organisatrice"), max_length=200)
    organisation_kind = models.CharField(
        _("type de structure"), max_length=20, choices=Partner.Kind.choices
    )
    contact_name = models.CharField(_("nom du contact"), max_length=200)
    email = models.EmailField(_("e-mail du contact"), max_length=254)
    phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
    website = models.URLField(_("site web de la structure"), max_length=300, blank=True)
    is_shown_as_organiser = models.BooleanField(
        _("structure affichée comme organisatrice"),
        default=True,
        help_text=_(
            "Le proposant accepte que sa structure soit nommée sur la page de l'événement."
        ),
    )
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("résumé"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("catégorie")
    )
    audience = models.CharField(
        _("public"), max_length=20, choices=Event.Audience.choices, default=Event.Audience.ALL
    )
    is_free = models.BooleanField(_("gratuit"), default=True)
    price = models.CharField(_("tarif"), max_length=200, blank=True)
    booking = models.CharField(
        _("réservation"), max_length=20, choices=Event.Booking.choices, default=Event.Booking.NONE
    )
    booking_url = models.URLField(_("lien de réservation"), max_length=300, blank=True)
    booking_email = models.EmailField(_("e-mail de réservation"), blank=True)
    booking_phone = models.CharField(_("téléphone de réservation"), max_length=30, blank=True)
    image = PublicImageField(
        _("image"), upload_to=proposal_image_path, blank=True, validators=[validate_image_file]
    )
    image_alt = models.CharField(_("description de l'image"), max_length=200, blank=True)
    image_credit = models.CharField(_("crédit photo"), max_length=200, blank=True)
    language = models.CharField(_("langue du proposant"), max_length=10, default="fr")
    moderator_message = models.TextField(
        _("message au proposant"),
        blank=True,
        help_text=_("Envoyé par e-mail avec la décision, et affiché sur sa page de suivi."),
    )
    event = models.OneToOneField(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("événement créé"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("partenaire"),
        help_text=_("La structure parmi les partenaires, si elle y est déjà."),
    )
    # The key of the proposer's follow-up page, random: it reveals no number.
    follow_key = models.CharField(
        max_length=40, unique=True, default=new_follow_key, editable=False
    )
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # What the proposer's last amendment changed: [[label, before, after], …] (proposals.py).
    changes = models.JSONField(_("dernières modifications"), default=list, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("proposition d'événement")
        verbose_name_plural = _("propositions d'événements")

    def __str__(self):
        return f"{self.title} ({self.organisation})"

    def get_absolute_url(self):
        return reverse("events:proposal-follow", kwargs={"token": self.follow_token})

    @property
    def follow_token(self):
        """Return the token of the proposer's private follow-up page."""
        return self.follow_key

    @property
    def is_amendable(self):
        return self.status in (self.Status.PENDING, self.Status.CHANGES_REQUESTED)


class ProposedSession(models.Model):
    """A date of a proposal, at an existing venue or at a new one it describes."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("proposition")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("début"))
    ends_at = models.TimeField(_("fin"))
    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_sessions",
        verbose_name=_("lieu"),
        help_text=_("Un lieu existant ; pour un nouveau lieu, le décrire ci-dessous."),
    )
    venue_name = models.CharField(_("nom du nouveau lieu"), max_length=200, blank=True)
    venue_address = models.CharField(_("adresse"), max_length=255, blank=True)
    venue_postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    venue_town = models.CharField(_("commune"), max_length=120, blank=True)

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        verbose_name = _("séance proposée")
        verbose_name_plural = _("séances proposées")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="proposed_session_ends_after_start",
                violation_error_message=_("La fin doit être après le début, le même jour."),
            ),
            models.CheckConstraint(
                condition=Q(venue__isnull=False) | (~Q(venue_name="") & ~Q(venue_town="")),
                name="proposed_session_has_venue",
                violation_error_message=_(
                    "Choisissez un lieu existant, ou indiquez le nom et la commune du nouveau lieu."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.proposal.title} – {self.date:%d/%m/%Y} {self.starts_at:%H:%M}"

    @property
    def place_label(self):
        """Return the venue as the proposer gave it: an existing one or the new one's words."""
        if self.venue_id:
            return str(self.venue)
        town = " ".join(part for part in [self.venue_postcode, self.venue_town] if part)
        return ", ".join(part for part in [self.venue_name, self.venue_address, town] if part)
