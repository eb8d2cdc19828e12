from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models.editions import CREDIT_HELP_TEXT, Edition
from events.models.taxonomy import Category, Theme
from quinzaine.accessibility import AccessibilityFields, combined
from quinzaine.images import PublicImageField, validate_image_file
from quinzaine.querysets import AnnouncedUpdateQuerySet, FrenchColumnsQuerySet
from quinzaine.text import SlugFromTextMixin, fold

LANGUAGES = settings.LANGUAGES
# An event's texts its search text is made of, in every language.
TEXTS = ("title", "summary")
BOOKING_AND_PRICE_FIELDS = (
    "booking",
    "booking_url",
    "booking_email",
    "booking_phone",
    "is_free",
    "price",
)


def booking_and_price_errors(values):
    """Return the errors, by field, of an event's booking and price as `values` has them.

    The one rule for both the Event and the public proposal form (a dict of cleaned data).
    """
    errors = {}
    booking = values.get("booking")
    if booking not in (None, Event.Booking.NONE) and not (
        values.get("booking_url") or values.get("booking_email") or values.get("booking_phone")
    ):
        errors["booking"] = _("Indiquez comment réserver : un lien, un e-mail ou un téléphone.")
    if values.get("is_free") is False and not values.get("price"):
        errors["price"] = _("Indiquez le tarif d'un événement payant.")
    # The price in every language the values give (price, price_en…): a free event has none.
    for name in ("price", "price_en", "price_ja"):
        if values.get("is_free") and (values.get(name) or "").strip():
            errors[name] = _(
                "Un événement gratuit n'a pas de tarif : décochez « gratuit » ou videz le tarif."
            )
    return errors


class EventQuerySet(AnnouncedUpdateQuerySet, FrenchColumnsQuerySet):
    def published(self):
        """Return events the public may see: published or cancelled, in a published edition."""
        return self.listed().filter(edition__is_published=True)

    def listed(self):
        """Return events their edition's pages list: published or cancelled, not drafts.

        The same as published() in a published edition; what staff preview in another.
        """
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def in_edition(self, edition):
        return self.filter(edition=edition)

    def untranslated(self, language):
        """Return events whose title, or summary if they have one, lacks this language."""
        return self.filter(untranslated(language))


def untranslated(language):
    """Return the condition of an event lacking its title or summary in `language` ("en")."""

    def missing(name):
        return Q(**{f"{name}_{language}__isnull": True}) | Q(**{f"{name}_{language}": ""})

    return missing("title") | (~Q(summary="") & missing("summary"))


class Event(SlugFromTextMixin, AccessibilityFields):
    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publié")
        CANCELLED = "cancelled", _("annulé")

    class Audience(models.TextChoices):
        ALL = "all", _("tout public")
        YOUNG = "young", _("jeune public")
        SCHOOLS = "schools", _("scolaires")
        PROFESSIONALS = "professionals", _("professionnels")

    class Booking(models.TextChoices):
        NONE = "none", _("sans réservation")
        RECOMMENDED = "recommended", _("réservation conseillée")
        REQUIRED = "required", _("réservation obligatoire")

    class Highlight(models.TextChoices):
        NONE = "", _("—")
        OPENING = "opening", _("lancement")
        CLOSING = "closing", _("clôture")

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="events", verbose_name=_("édition")
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(
        _("identifiant d'URL"), max_length=200, help_text=_("Unique dans l'édition.")
    )
    summary = models.CharField(
        _("résumé"),
        max_length=300,
        blank=True,
        help_text=_("Une ou deux phrases, 300 signes au plus."),
    )
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="events", verbose_name=_("catégorie")
    )
    themes = models.ManyToManyField(
        Theme, related_name="events", verbose_name=_("thèmes"), blank=True
    )
    audience = models.CharField(
        _("public"), max_length=20, choices=Audience.choices, default=Audience.ALL
    )
    is_free = models.BooleanField(_("gratuit"), default=True)
    price = models.CharField(
        _("tarif"),
        max_length=200,
        blank=True,
        help_text=_("Pour un événement payant : « 12 €, 8 € réduit »."),
    )
    booking = models.CharField(
        _("réservation"), max_length=20, choices=Booking.choices, default=Booking.NONE
    )
    booking_url = models.URLField(_("lien de réservation"), blank=True)
    booking_email = models.EmailField(_("e-mail de réservation"), blank=True)
    booking_phone = models.CharField(_("téléphone de réservation"), max_length=30, blank=True)
    languages = models.CharField(
        _("langues"),
        max_length=100,
        blank=True,
        default="français",
        help_text=_("Ex. : français, japonais"),
    )
    image = PublicImageField(
        _("image"), upload_to="events/", blank=True, validators=[validate_image_file]
    )
    image_alt = models.CharField(
        _("description de l'image"),
        max_length=200,
        blank=True,
        help_text=_("Pour les personnes qui ne voient pas l'image."),
    )
    image_credit = models.CharField(
        _("crédit photo"), max_length=200, blank=True, help_text=CREDIT_HELP_TEXT
    )
    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("lieu principal"),
        null=True,
        blank=True,
        help_text=_("Lieu des séances qui n'en précisent pas d'autre."),
    )
    organisers = models.ManyToManyField(
        "Partner", related_name="organised_events", verbose_name=_("organisateurs"), blank=True
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_featured = models.BooleanField(_("à la une"), default=False)
    highlight = models.CharField(
        _("temps fort"), max_length=10, choices=Highlight.choices, default="", blank=True
    )
    # Title and summary folded by quinzaine.text.fold, for accent-blind searches.
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = EventQuerySet.as_manager()

    slug_fallback = "evenement"

    class Meta:
        ordering = ["edition", "title"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"], name="unique_event_slug_per_edition"
            ),
            models.UniqueConstraint(
                fields=["edition", "highlight"],
                condition=~Q(highlight=""),
                name="single_opening_and_closing_per_edition",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Found by its title and summary in any language (title_fr, title_en, title_ja…).
        texts = [
            getattr(self, f"{field}_{code}", "") for field in TEXTS for code, _name in LANGUAGES
        ]
        self.search_text = fold(" ".join(text for text in texts if text))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:event", kwargs={"edition": self.edition.slug, "slug": self.slug})

    @property
    def slug_text(self):
        return self.title_fr or self.title

    def slug_siblings(self):
        # Slugs are unique within an edition.
        return Event.objects.filter(edition_id=self.edition_id).exclude(pk=self.pk)

    def clean(self):
        errors = booking_and_price_errors(
            {
                name: getattr(self, name)
                for name in (*BOOKING_AND_PRICE_FIELDS, "price_en", "price_ja")
            }
        )
        if self.edition_id and self.slug:
            clash = Event.objects.filter(edition_id=self.edition_id, slug=self.slug).exclude(
                pk=self.pk
            )
            if clash.exists():
                errors["slug"] = _(
                    "Un autre événement de cette édition utilise déjà cet identifiant."
                )
        if self.edition_id and self.highlight:
            marked = (
                Event.objects.filter(edition_id=self.edition_id, highlight=self.highlight)
                .exclude(pk=self.pk)
                .first()
            )
            if marked:
                errors["highlight"] = _(
                    "Cette édition a déjà un événement marqué « %(highlight)s » : %(event)s."
                ) % {"highlight": self.get_highlight_display(), "event": marked}
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self):
        return self.status != self.Status.DRAFT and self.edition.is_published

    @property
    def hidden_notice(self):
        """Return why the public cannot see the event, for staff previewing it; "" if it can."""
        if self.status == self.Status.DRAFT:
            return _("Brouillon – non publié")
        if self.edition.is_published:
            return ""
        if self.is_cancelled:
            return _("Annulé, et l'édition n'est pas publiée : invisible au public")
        return _("Publié, mais l'édition n'est pas publiée : invisible au public")

    def access_kinds_at(self, place):
        """Return what the event offers at a place: its own kinds of Access and the place's."""
        return combined(self, place)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED


class OldEventSlug(models.Model):
    """An address an event had before its slug changed: its page and feed redirect from it.

    Subscribers to the old feed address and links shared before keep working.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=200)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="old_slugs")

    class Meta:
        ordering = ["edition", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="unique_old_event_slug")
        ]

    def __str__(self):
        return f"{self.slug} → {self.event.slug}"
