import re
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from quinzaine.accessibility import AccessibilityFields
from quinzaine.images import PublicImageField, validate_image_file
from quinzaine.querysets import FrenchColumnsQuerySet
from quinzaine.text import SlugFromTextMixin, fold


class Department(models.TextChoices):
    """The 13 départements of Occitanie, offered first, then anywhere else."""

    ARIEGE = "09", _("Ariège (09)")
    AUDE = "11", _("Aude (11)")
    AVEYRON = "12", _("Aveyron (12)")
    GARD = "30", _("Gard (30)")
    HAUTE_GARONNE = "31", _("Haute-Garonne (31)")
    GERS = "32", _("Gers (32)")
    HERAULT = "34", _("Hérault (34)")
    LOT = "46", _("Lot (46)")
    LOZERE = "48", _("Lozère (48)")
    HAUTES_PYRENEES = "65", _("Hautes-Pyrénées (65)")
    PYRENEES_ORIENTALES = "66", _("Pyrénées-Orientales (66)")
    TARN = "81", _("Tarn (81)")
    TARN_ET_GARONNE = "82", _("Tarn-et-Garonne (82)")
    OTHER = "99", _("Hors Occitanie")


# How a sentence says "in" a département: « dans l'Hérault (34) », « en Haute-Garonne (31) ».
IN_DEPARTMENT = {
    Department.ARIEGE: _("en Ariège (09)"),
    Department.AUDE: _("dans l'Aude (11)"),
    Department.AVEYRON: _("en Aveyron (12)"),
    Department.GARD: _("dans le Gard (30)"),
    Department.HAUTE_GARONNE: _("en Haute-Garonne (31)"),
    Department.GERS: _("dans le Gers (32)"),
    Department.HERAULT: _("dans l'Hérault (34)"),
    Department.LOT: _("dans le Lot (46)"),
    Department.LOZERE: _("en Lozère (48)"),
    Department.HAUTES_PYRENEES: _("dans les Hautes-Pyrénées (65)"),
    Department.PYRENEES_ORIENTALES: _("dans les Pyrénées-Orientales (66)"),
    Department.TARN: _("dans le Tarn (81)"),
    Department.TARN_ET_GARONNE: _("dans le Tarn-et-Garonne (82)"),
    Department.OTHER: _("hors d'Occitanie"),
}
POSTCODE = re.compile(r"\d{5}")


def department_of_postcode(postcode):
    """Return the Department of a French postcode (its first two digits), OTHER outside."""
    code = postcode[:2]
    return Department(code) if code in Department.values else Department.OTHER


class VenueQuerySet(FrenchColumnsQuerySet):
    def in_town(self, town):
        return self.filter(town__iexact=town)

    def in_department(self, code):
        return self.filter(department=code)

    def with_coordinates(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def without_coordinates(self):
        """Return venues the map cannot show (a constraint keeps both coordinates or neither)."""
        return self.filter(latitude__isnull=True)


class Venue(SlugFromTextMixin, AccessibilityFields):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    town = models.CharField(_("commune"), max_length=120)
    # Shown to Japanese readers; filters and addresses keep the French name.
    town_ja = models.CharField(
        _("commune en japonais"),
        max_length=120,
        blank=True,
        help_text=_(
            "Son nom en katakana, s'il en a un d'usage (トゥールーズ) : montré en japonais."
        ),
    )
    department = models.CharField(
        _("département"), max_length=2, choices=Department.choices, default=Department.HAUTE_GARONNE
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    access_notes = models.TextField(
        _("accès"), blank=True, help_text=_("Transports, stationnement, accessibilité…")
    )
    website = models.URLField(_("site web"), blank=True)
    photo = PublicImageField(
        _("photo"), upload_to="venues/", blank=True, validators=[validate_image_file]
    )
    photo_credit = models.CharField(
        _("crédit photo"),
        max_length=200,
        blank=True,
        help_text=_("Auteur ou ayant droit, affiché « © … » sous la photo."),
    )
    practical_info = models.TextField(_("informations pratiques"), blank=True)
    # Name and town folded by quinzaine.text.fold, for accent-blind searches.
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = VenueQuerySet.as_manager()

    slug_fallback = "lieu"

    class Meta:
        ordering = ["town", "name"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="venue_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="venue_longitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="venue_coordinates_both_or_none",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.town})"

    def save(self, *args, **kwargs):
        # The French name: imports find a venue by it (resources.find_venue).
        self.search_text = fold(f"{self.name_fr or self.name} {self.town}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("venues:detail", kwargs={"slug": self.slug})

    @property
    def slug_text(self):
        return f"{self.name_fr or self.name} {self.town}"

    def clean(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            # Tied to the missing field, so the database constraint isn't reported a second time.
            missing = "latitude" if self.latitude is None else "longitude"
            errors[missing] = _("Indiquez la latitude et la longitude, ou aucune des deux.")
        errors.update(self._check_department())
        if errors:
            raise ValidationError(errors)

    def _check_department(self):
        """Take the département from the postcode when none is chosen; refuse one that differs."""
        postcode = self.postcode.replace(" ", "")
        if not postcode:
            if self.department:
                return {}
            return {
                "department": _(
                    "Choisissez le département, ou indiquez le code postal pour qu'il en soit déduit."
                )
            }
        if not POSTCODE.fullmatch(postcode):
            return {"postcode": _("Un code postal a cinq chiffres, par exemple 34000.")}
        self.postcode = postcode
        found = department_of_postcode(postcode)
        if not self.department:
            self.department = found
        elif self.department != found and self.department in IN_DEPARTMENT:
            message = _("Le code postal %(postcode)s est %(found)s, pas %(chosen)s.") % {
                "postcode": postcode,
                "found": IN_DEPARTMENT[found],
                "chosen": IN_DEPARTMENT[self.department],
            }
            return {"department": message}
        return {}

    @property
    def town_label(self):
        """Return the town as the page's language writes it: « トゥールーズ » in Japanese."""
        if self.town_ja and get_language() == "ja":
            return self.town_ja
        return self.town

    @property
    def full_address(self):
        """Return the address on one line, as calendars and maps expect it."""
        town_line = " ".join(part for part in [self.postcode, self.town] if part)
        return ", ".join(part for part in [self.name, self.address, town_line] if part)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def osm_url(self):
        if self.has_coordinates:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
                f"#map=17/{self.latitude}/{self.longitude}"
            )
        return "https://www.openstreetmap.org/search?" + urlencode({"query": self.full_address})
