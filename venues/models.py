from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.images import validate_image_file
from events.text import fold


class Department(models.TextChoices):
    """The 13 départements of Occitanie, offered first, then anywhere else."""

    ARIEGE = "09", "Ariège (09)"
    AUDE = "11", "Aude (11)"
    AVEYRON = "12", "Aveyron (12)"
    GARD = "30", "Gard (30)"
    HAUTE_GARONNE = "31", "Haute-Garonne (31)"
    GERS = "32", "Gers (32)"
    HERAULT = "34", "Hérault (34)"
    LOT = "46", "Lot (46)"
    LOZERE = "48", "Lozère (48)"
    HAUTES_PYRENEES = "65", "Hautes-Pyrénées (65)"
    PYRENEES_ORIENTALES = "66", "Pyrénées-Orientales (66)"
    TARN = "81", "Tarn (81)"
    TARN_ET_GARONNE = "82", "Tarn-et-Garonne (82)"
    OTHER = "99", _("Hors Occitanie")


class VenueQuerySet(models.QuerySet):
    def in_town(self, town):
        return self.filter(town__iexact=town)

    def in_department(self, code):
        return self.filter(department=code)

    def with_coordinates(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def public(self):
        """Return venues hosting at least one session the public may see."""
        from events.models import Session

        return self.filter(Exists(Session.objects.published().at_venue(OuterRef("pk"))))

    def with_upcoming_count(self, now=None):
        """Annotate each venue with the number of its upcoming public sessions."""
        from events.models import Session

        sessions = Session.objects.published().at_venue(OuterRef("pk")).upcoming(now)
        count = sessions.order_by().annotate(total=Func(F("pk"), function="COUNT")).values("total")
        return self.annotate(upcoming_count=count)


class Venue(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    town = models.CharField(_("commune"), max_length=120)
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
    is_wheelchair_accessible = models.BooleanField(_("accessible PMR"), default=False)
    access_notes = models.TextField(
        _("accès"), blank=True, help_text=_("Transports, stationnement, accessibilité…")
    )
    website = models.URLField(_("site web"), blank=True)
    photo = models.ImageField(
        _("photo"), upload_to="venues/", blank=True, validators=[validate_image_file]
    )
    practical_info = models.TextField(_("informations pratiques"), blank=True)
    # Name and town folded by events.text.fold, for accent-blind searches.
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = VenueQuerySet.as_manager()

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
        self.search_text = fold(f"{self.name} {self.town}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("venues:detail", kwargs={"slug": self.slug})

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            # Tied to the missing field, so the database constraint isn't reported a second time.
            missing = "latitude" if self.latitude is None else "longitude"
            raise ValidationError(
                {missing: _("Indiquez la latitude et la longitude, ou aucune des deux.")}
            )

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
