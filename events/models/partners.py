from django.db import models
from django.db.models import Case, Exists, OuterRef, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models.editions import CREDIT_HELP_TEXT, Edition
from events.models.events import Event
from quinzaine.images import PublicImageField, validate_image_file
from quinzaine.querysets import FrenchColumnsQuerySet
from quinzaine.text import SlugFromTextMixin


class PartnerQuerySet(FrenchColumnsQuerySet):
    def public(self):
        """Return partners of a published edition or organisers of a public event."""
        return self.filter(
            Exists(
                EditionPartner.objects.filter(partner=OuterRef("pk"), edition__is_published=True)
            )
            | Exists(Event.objects.published().filter(organisers=OuterRef("pk")))
        )


class Partner(SlugFromTextMixin, models.Model):
    class Kind(models.TextChoices):
        FOUNDING_MEMBER = "founding", _("membre fondateur")
        INSTITUTION = "institution", _("institution")
        COMPANY = "company", _("entreprise")
        ASSOCIATION = "association", _("association")
        MEDIA = "media", _("média")
        SCHOOL = "school", _("établissement d'enseignement")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    logo = PublicImageField(
        _("logo"),
        upload_to="partners/",
        blank=True,
        validators=[validate_image_file],
        help_text=_("JPEG, PNG, GIF ou WebP, 5 Mo au plus."),
    )
    logo_credit = models.CharField(
        _("crédit du logo"), max_length=200, blank=True, help_text=CREDIT_HELP_TEXT
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("présentation"), blank=True)

    objects = PartnerQuerySet.as_manager()

    slug_fallback = "partenaire"

    class Meta:
        ordering = ["name"]
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:partner", kwargs={"slug": self.slug})

    @property
    def slug_text(self):
        return self.name


class EditionPartnerQuerySet(models.QuerySet):
    def in_role_order(self):
        """Order partnerships as the public sees them: by role, as listed in Role, then position."""
        rank = Case(
            *(When(role=role, then=Value(index)) for index, role in enumerate(EditionPartner.Role)),
            default=Value(len(EditionPartner.Role)),
        )
        return self.order_by(rank, "position", "partner__name")


class EditionPartner(models.Model):
    class Role(models.TextChoices):
        FOUNDING_MEMBER = "founding", _("Membres fondateurs")
        INSTITUTIONAL = "institutional", _("Partenaires institutionnels")
        PARTNER = "partner", _("Partenaires")
        MEDIA = "media", _("Partenaires médias")
        SUPPORTER = "supporter", _("Soutiens")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("édition")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("partenaire")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = EditionPartnerQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "role", "position", "partner__name"]
        verbose_name = _("partenaire de l'édition")
        verbose_name_plural = _("partenaires de l'édition")
        constraints = [
            models.UniqueConstraint(fields=["edition", "partner"], name="unique_edition_partner"),
        ]

    def __str__(self):
        return f"{self.partner} – {self.get_role_display()} ({self.edition})"
