import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quinzaine.images import PublicImageField, validate_image_file
from quinzaine.querysets import AnnouncedUpdateQuerySet, FrenchColumnsQuerySet
from quinzaine.text import SlugFromTextMixin

CREDIT_HELP_TEXT = _("Auteur ou ayant droit, affiché « © … » sous l'image.")


class EditionQuerySet(AnnouncedUpdateQuerySet, FrenchColumnsQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current(self):
        """Return the edition shown on the public home, or None."""
        return self.published().filter(is_current=True).first()

    def being_prepared(self, today=None):
        """Return the edition organisers work on: the latest to start not over yet, or the current one."""
        today = today or timezone.localdate()
        return self.filter(ends_on__gte=today).order_by("-starts_on").first() or self.current()

    def current_and_upcoming(self, today=None):
        """Return published editions not over yet, and the current one even if it is."""
        today = today or timezone.localdate()
        return self.published().filter(Q(ends_on__gte=today) | Q(is_current=True))

    def open_for_proposals(self, today=None):
        """Return editions whose call for proposals is open today, soonest edition first."""
        today = today or timezone.localdate()
        return self.filter(proposals_open_on__lte=today, proposals_close_on__gte=today).order_by(
            "starts_on"
        )

    def with_event_count(self):
        """Annotate each edition with the number of its public events."""
        # Event is reached through its relation: events/models/events.py builds on this module.
        Event = self.model.events.field.model
        events = Event.objects.published().filter(edition=OuterRef("pk")).order_by()
        return self.annotate(
            event_count=events.annotate(total=Func(F("pk"), function="COUNT")).values("total")
        )


class Edition(SlugFromTextMixin, models.Model):
    name = models.CharField(_("nom"), max_length=200)
    year = models.PositiveSmallIntegerField(_("année"))
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    starts_on = models.DateField(_("premier jour"))
    ends_on = models.DateField(_("dernier jour"))
    tagline = models.CharField(_("accroche"), max_length=255, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    image = PublicImageField(
        _("image"), upload_to="editions/", blank=True, validators=[validate_image_file]
    )
    image_credit = models.CharField(
        _("crédit photo"), max_length=200, blank=True, help_text=CREDIT_HELP_TEXT
    )
    is_published = models.BooleanField(
        _("publiée"),
        default=False,
        help_text=_("Une édition non publiée reste invisible au public."),
    )
    is_current = models.BooleanField(
        _("édition en page d'accueil"),
        default=False,
        help_text=_("L'édition présentée en page d'accueil. Une seule à la fois."),
    )
    is_demo = models.BooleanField(
        _("édition de démonstration"),
        default=False,
        help_text=_("Dates et programme fictifs : ses pages le disent en bandeau."),
    )
    proposals_open_on = models.DateField(
        _("appel à propositions : ouverture"),
        null=True,
        blank=True,
        help_text=_("Premier jour où le formulaire « Proposer un événement » est ouvert."),
    )
    proposals_close_on = models.DateField(
        _("appel à propositions : clôture"),
        null=True,
        blank=True,
        help_text=_("Dernier jour où des propositions sont reçues."),
    )
    partners = models.ManyToManyField(
        "Partner",
        through="EditionPartner",
        related_name="editions",
        verbose_name=_("partenaires"),
        blank=True,
    )

    objects = EditionQuerySet.as_manager()

    slug_fallback = "edition"

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="edition_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="single_current_edition"
            ),
            models.CheckConstraint(
                condition=Q(proposals_close_on__gte=F("proposals_open_on"))
                | Q(proposals_open_on__isnull=True)
                | Q(proposals_close_on__isnull=True),
                name="edition_proposals_close_after_open",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.is_current:
            # Marking this edition as current takes the mark away from the previous one.
            Edition.objects.filter(is_current=True).exclude(pk=self.pk).update(is_current=False)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:edition", kwargs={"edition": self.slug})

    @property
    def slug_text(self):
        # The French name, whatever the language: addresses do not change with it.
        return self.name_fr or self.name

    def validate_constraints(self, exclude=None):
        # save() takes the mark away from the previous current edition: no clash to report.
        super().validate_constraints(exclude={*(exclude or ()), "is_current"})

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Le dernier jour doit être le même que le premier ou après.")
        if (self.proposals_open_on is None) != (self.proposals_close_on is None):
            missing = (
                "proposals_close_on" if self.proposals_close_on is None else "proposals_open_on"
            )
            errors[missing] = _(
                "Indiquez l'ouverture et la clôture de l'appel, ou aucune des deux."
            )
        elif self.proposals_open_on and self.proposals_close_on < self.proposals_open_on:
            errors["proposals_close_on"] = _(
                "La clôture doit être le jour de l'ouverture ou après."
            )
        if errors:
            raise ValidationError(errors)

    def is_open_for_proposals(self, today=None):
        today = today or timezone.localdate()
        return bool(
            self.proposals_open_on and self.proposals_open_on <= today <= self.proposals_close_on
        )

    @property
    def is_running(self):
        return self.starts_on <= timezone.localdate() <= self.ends_on

    @property
    def is_over(self):
        return self.ends_on < timezone.localdate()

    @property
    def is_upcoming(self):
        return timezone.localdate() < self.starts_on

    @property
    def days_to_start(self):
        """Return how many days are left before the first day (the "J-12" countdown)."""
        return (self.starts_on - timezone.localdate()).days

    @property
    def day_number(self):
        """Return which day of the edition today is, counting from 1."""
        return (timezone.localdate() - self.starts_on).days + 1

    def next_edition(self):
        """Return the next published edition, or None if none is announced yet."""
        return (
            Edition.objects.published()
            .filter(starts_on__gt=self.ends_on)
            .order_by("starts_on")
            .first()
        )

    @property
    def days(self):
        """Return every day of the edition, first to last."""
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + datetime.timedelta(days=n) for n in range(count)]

    def contains(self, starts_at, ends_at):
        """Tell whether a span of aware datetimes lies within the edition's days."""
        first = timezone.localtime(starts_at).date()
        last = timezone.localtime(ends_at - datetime.timedelta(microseconds=1)).date()
        return self.starts_on <= first and last <= self.ends_on
