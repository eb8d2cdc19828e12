import datetime
import secrets
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events.images import validate_image_file
from quinzaine.accessibility import FIELDS, AccessibilityFields, combined
from quinzaine.querysets import FrenchColumnsQuerySet
from quinzaine.text import SlugFromTextMixin, fold

LANGUAGES = settings.LANGUAGES
# An event's texts its search text is made of, in every language.
TEXTS = ("title", "summary")
CREDIT_HELP_TEXT = _("Auteur ou ayant droit, affiché « © … » sous l'image.")


class EditionQuerySet(FrenchColumnsQuerySet):
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
    image = models.ImageField(
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
        was_published = (
            self.pk is not None and Edition.objects.filter(pk=self.pk, is_published=True).exists()
        )
        super().save(*args, **kwargs)
        if was_published != self.is_published:
            sessions = Session.objects.in_edition(self).exclude(event__status=Event.Status.DRAFT)
            sync_removed_sessions(sessions, is_public=self.is_published)

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


class Category(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = FrenchColumnsQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")

    def __str__(self):
        return self.name


class Theme(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = FrenchColumnsQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.name


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
    logo = models.ImageField(
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


class EventQuerySet(FrenchColumnsQuerySet):
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
    image = models.ImageField(
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
        Partner, related_name="organised_events", verbose_name=_("organisateurs"), blank=True
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
        previous = None
        if self.pk:
            previous = Event.objects.filter(pk=self.pk).values("venue_id", "status").first()
        # Found by its title and summary in any language (title_fr, title_en, title_ja…).
        texts = [
            getattr(self, f"{field}_{code}", "") for field in TEXTS for code, _name in LANGUAGES
        ]
        self.search_text = fold(" ".join(text for text in texts if text))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)
        if previous:
            self._bump_sessions_after_change(previous)
            was_public = previous["status"] != self.Status.DRAFT and self.edition.is_published
            if was_public != self.is_public:
                sync_removed_sessions(self.sessions.all(), is_public=self.is_public)

    def get_absolute_url(self):
        return reverse("events:event", kwargs={"edition": self.edition.slug, "slug": self.slug})

    @property
    def slug_text(self):
        return self.title_fr or self.title

    def slug_siblings(self):
        # Slugs are unique within an edition.
        return Event.objects.filter(edition_id=self.edition_id).exclude(pk=self.pk)

    def clean(self):
        errors = {}
        if self.booking != self.Booking.NONE and not (
            self.booking_url or self.booking_email or self.booking_phone
        ):
            errors["booking"] = _("Indiquez comment réserver : un lien, un e-mail ou un téléphone.")
        if not self.is_free and not self.price:
            errors["price"] = _("Indiquez le tarif d'un événement payant.")
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

    def _bump_sessions_after_change(self, previous):
        # Calendars must see a new version of the sessions whose place or status this changes.
        sessions = self.sessions.none()
        if previous["venue_id"] != self.venue_id:
            sessions = self.sessions.filter(venue__isnull=True)
        was_cancelled = previous["status"] == self.Status.CANCELLED
        if was_cancelled != (self.status == self.Status.CANCELLED):
            # A session cancelled on its own stays cancelled: its calendar copy is unchanged.
            sessions = self.sessions.exclude(status=Session.Status.CANCELLED)
        sessions.update(sequence=F("sequence") + 1, updated_at=timezone.now())

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


class SpanQuerySet(models.QuerySet):
    """Time filters shared by sessions and removed sessions (both have starts_at, ends_at)."""

    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())

    def on_day(self, day):
        """Return sessions taking place at some point of a local calendar day."""
        return self.between(day, day)

    def between(self, first_day, last_day):
        """Return sessions taking place at some point between two local days, both included."""
        start = _local_midnight(first_day)
        end = _local_midnight(last_day + datetime.timedelta(days=1))
        return self.filter(starts_at__lt=end, ends_at__gt=start)


class SessionQuerySet(SpanQuerySet):
    def published(self):
        """Return sessions of events the public may see."""
        return self.listed().filter(event__edition__is_published=True)

    def listed(self):
        """Return sessions of events their edition's pages list (see EventQuerySet.listed)."""
        return self.filter(event__status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def in_edition(self, edition):
        return self.filter(event__edition=edition)

    def current(self, now=None):
        """Return sessions of the current and upcoming editions, and any still to come.

        What a venue's feed holds: past editions stay out, so it does not grow with the archive.
        """
        running = Edition.objects.current_and_upcoming()
        return self.filter(Q(event__edition__in=running) | Q(ends_at__gt=now or timezone.now()))

    def at_venue(self, venue):
        return self.filter(_at_place("", venue))

    def in_town(self, town):
        return self.filter(_at_place("__town__iexact", town))

    def in_department(self, code):
        return self.filter(_at_place("__department", code))

    def with_access(self, kind):
        """Return sessions offering a kind of Access: their event or their place marks it."""
        field = FIELDS[kind]
        return self.filter(Q(**{f"event__{field}": True}) | _at_place(f"__{field}", True))

    def free(self):
        return self.filter(event__is_free=True)

    def in_category(self, category):
        return self.filter(event__category=category)

    def with_theme(self, theme):
        return self.filter(event__themes=theme)

    def for_audience(self, audience):
        return self.filter(event__audience=audience)

    def search(self, text):
        """Return sessions whose event title or summary, venue or town holds every word of text.

        Case and accents do not matter: "ceremonie nimes" finds "Cérémonie" in Nîmes.
        """
        sessions = self
        for word in fold(text).split()[:10]:
            sessions = sessions.filter(
                Q(event__search_text__contains=word) | _at_place("__search_text__contains", word)
            )
        return sessions

    def first_per_place(self, count):
        """Return each place's first session of each of its first `count` events, in time order.

        A place is a session's own venue or its event's main one, given as `place_id`; an event
        held every day takes one line, so a long exhibition leaves room for the others.
        """
        place = Coalesce("venue", "event__venue")
        order = ["starts_at", "ends_at", "pk"]
        firsts = self.annotate(
            event_rank=Window(RowNumber(), partition_by=[place, F("event")], order_by=order)
        ).filter(event_rank=1)
        return (
            self.filter(pk__in=firsts.values("pk"))
            .annotate(
                place_id=place,
                place_rank=Window(RowNumber(), partition_by=[place], order_by=order),
            )
            .filter(place_rank__lte=count)
        )

    def with_related(self):
        """Fetch what a programme row shows: the event and its category in the same query.

        600 rows have a handful of venues and editions, with many columns: one query each
        builds them once, where joining them would build (and convert) 600 copies of each.
        Measured on 600 sessions: a third less time than joining them (benchmarks/cold.py).
        """
        return self.select_related("event", "event__category").prefetch_related(
            "venue", "event__venue", "event__edition"
        )


def _at_place(lookup, value):
    """Match a session's own venue or, when it has none, its event's main venue."""
    return Q(**{f"venue{lookup}": value}) | Q(
        venue__isnull=True, **{f"event__venue{lookup}": value}
    )


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("programmée")
        CANCELLED = "cancelled", _("annulée")
        POSTPONED = "postponed", _("reportée")
        FULL = "full", _("complète")

    # Fields whose change a calendar must pick up as an update (iCalendar SEQUENCE).
    SCHEDULE_FIELDS = ("starts_at", "ends_at", "is_all_day", "venue_id", "status")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("événement")
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    is_all_day = models.BooleanField(
        _("journée entière"),
        default=False,
        help_text=_("Pour une exposition ou une journée : seuls les jours comptent."),
    )
    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        help_text=_("Laisser vide pour le lieu principal de l'événement."),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    note = models.CharField(_("remarque"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True)
    uid = models.UUIDField(
        _("identifiant calendrier"), default=uuid.uuid4, unique=True, editable=False
    )
    sequence = models.PositiveIntegerField(_("version calendrier"), default=0, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "ends_at", "pk"]
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="session_span_idx")]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.event} – {local:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.is_all_day:
            self.starts_at, self.ends_at = whole_days(
                self.first_day, max(self.first_day, self.last_day)
            )
        if self.pk:
            previous = Session.objects.filter(pk=self.pk).values(*self.SCHEDULE_FIELDS).first()
            if previous and any(previous[f] != getattr(self, f) for f in self.SCHEDULE_FIELDS):
                self.sequence += 1
                if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    def clean(self):
        if (
            self.starts_at
            and self.ends_at
            and self.ends_at <= self.starts_at
            and not self.is_all_day
        ):
            raise ValidationError({"ends_at": _("La fin doit être après le début.")})

    @property
    def place(self):
        """Return the session's venue, or the event's main venue."""
        return self.venue or self.event.venue

    def local_span(self):
        """Return the start and the end in local time.

        Worked out once per value of starts_at and ends_at: a list of 600 rows asks each
        session for its days and times several times over.
        """
        span = (self.starts_at, self.ends_at)
        known = self.__dict__.get("_local_span")
        if known is None or known[0] != span:
            zone = timezone.get_current_timezone()
            known = self._local_span = (span, tuple(value.astimezone(zone) for value in span))
        return known[1]

    @property
    def first_day(self):
        return self.local_span()[0].date()

    @property
    def last_day(self):
        """Return the last local day the session touches (an end at midnight is the day before)."""
        return (self.local_span()[1] - datetime.timedelta(microseconds=1)).date()

    @property
    def is_multi_day(self):
        return self.first_day != self.last_day

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED or self.event.is_cancelled

    @property
    def access_kinds(self):
        """Return the kinds of Access the session offers: its event's and its place's."""
        return self.event.access_kinds_at(self.place)

    @property
    def ical_uid(self):
        return f"{self.uid}@{settings.ICAL_UID_DOMAIN}"

    def is_past(self, now=None):
        return self.ends_at <= (now or timezone.now())


def whole_days(first_day, last_day):
    """Return the aware span covering two local days, both included, midnight to midnight."""
    return _local_midnight(first_day), _local_midnight(last_day + datetime.timedelta(days=1))


def local_datetime(day, time):
    """Return the aware datetime of a local day and wall-clock time.

    Raise ValidationError, in French, for a time the spring clock change skips (02:00 to
    03:00 on the last Sunday of March in Paris): zoneinfo would quietly move it an hour
    on. A time of the hour repeated in October is read as its first pass.
    """
    naive = datetime.datetime.combine(day, time)
    aware = timezone.make_aware(naive)
    # Through UTC: astimezone() to the datetime's own zone would change nothing.
    if timezone.localtime(aware.astimezone(datetime.UTC)).replace(tzinfo=None) != naive:
        raise ValidationError(
            _(
                "Le %(day)s à %(time)s n'existe pas : cette nuit-là, les horloges passent "
                "de 2 h à 3 h (heure d'été). Choisissez une autre heure."
            ),
            code="nonexistent_time",
            params={"day": formats.date_format(day, "j F Y"), "time": time.strftime("%H:%M")},
        )
    return aware


class RemovedSessionQuerySet(SpanQuerySet):
    """Programme filters over removed sessions: the same method names as SessionQuerySet."""

    def published(self):
        return self

    def in_edition(self, edition):
        return self.filter(edition=edition)

    def at_venue(self, venue):
        return self.filter(venue_id=venue.pk)

    def in_town(self, town):
        return self.filter(town__iexact=town)

    def in_department(self, code):
        return self.filter(department=code)

    def with_access(self, kind):
        return self.filter(access_slugs__contains=f"|{kind}|")

    def free(self):
        return self.filter(is_free=True)

    def in_category(self, category):
        return self.filter(category_id=category.pk)

    def with_theme(self, theme):
        return self.filter(theme_slugs__contains=f"|{theme.slug}|")

    def for_audience(self, audience):
        return self.filter(audience=audience)

    def search(self, text):
        removed = self
        for word in fold(text).split()[:10]:
            removed = removed.filter(search_text__contains=word)
        return removed

    def with_related(self):
        return self

    def record(self, sessions, now=None):
        """Keep a cancelled copy of public sessions leaving the programme, until they end.

        Calendars that had them then see them cancelled (higher SEQUENCE) instead of
        never hearing of them again. `sessions` should come with their event and place.
        """
        now = now or timezone.now()
        removed = [
            RemovedSession.from_session(session, now)
            for session in sessions
            if session.ends_at > now
        ]
        self.filter(ends_at__lte=now).delete()
        fields = [
            f.name for f in RemovedSession._meta.concrete_fields if f.name not in ("id", "uid")
        ]
        self.bulk_create(
            removed, update_conflicts=True, unique_fields=["uid"], update_fields=fields
        )

    def restore(self, sessions):
        """Bring sessions back to the programme, above the version of their cancelled copy."""
        removed = dict(
            self.filter(uid__in=[s.uid for s in sessions]).values_list("uid", "sequence")
        )
        for session in sessions:
            if session.uid in removed:
                Session.objects.filter(pk=session.pk).update(
                    sequence=max(session.sequence, removed[session.uid]) + 1,
                    updated_at=timezone.now(),
                )
        self.filter(uid__in=removed).delete()


class RemovedSession(models.Model):
    """A session taken off the public programme, kept in feeds as cancelled until it ends.

    It copies what its calendar entry showed and what the programme filters look at,
    since its session, event or venue may be gone.
    """

    uid = models.UUIDField(unique=True)
    sequence = models.PositiveIntegerField()
    removed_at = models.DateTimeField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    is_all_day = models.BooleanField()
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    event_id = models.PositiveIntegerField()
    event_slug = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    category_id = models.PositiveIntegerField()
    category_name = models.CharField(max_length=100)
    theme_slugs = models.TextField(blank=True)
    audience = models.CharField(max_length=20)
    is_free = models.BooleanField()
    venue_id = models.PositiveIntegerField(null=True)
    location = models.CharField(max_length=500, blank=True)
    town = models.CharField(max_length=120, blank=True)
    department = models.CharField(max_length=3, blank=True)
    # The kinds of Access of the event at its place, as "|moteur||lsf|".
    access_slugs = models.TextField(blank=True)
    search_text = models.TextField(blank=True)

    objects = RemovedSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "ends_at", "pk"]
        indexes = [models.Index(fields=["edition", "ends_at"], name="removed_session_edition_idx")]

    def __str__(self):
        return f"{self.title} ({self.uid})"

    @classmethod
    def from_session(cls, session, removed_at):
        event, place = session.event, session.place
        themes = [theme.slug for theme in event.themes.all()]
        return cls(
            uid=session.uid,
            sequence=session.sequence + 1,
            removed_at=removed_at,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            is_all_day=session.is_all_day,
            edition_id=event.edition_id,
            event_id=event.pk,
            event_slug=event.slug,
            title=event.title,
            category_id=event.category_id,
            category_name=event.category.name,
            theme_slugs="".join(f"|{slug}|" for slug in themes),
            audience=event.audience,
            is_free=event.is_free,
            venue_id=place.pk if place else None,
            location=place.full_address if place else "",
            town=place.town if place else "",
            department=place.department if place else "",
            access_slugs="".join(f"|{kind}|" for kind in event.access_kinds_at(place)),
            search_text=f"{event.search_text} {place.search_text if place else ''}",
        )

    @property
    def ical_uid(self):
        return f"{self.uid}@{settings.ICAL_UID_DOMAIN}"

    @property
    def first_day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def last_day(self):
        return timezone.localtime(self.ends_at - datetime.timedelta(microseconds=1)).date()


class FeedStampQuerySet(models.QuerySet):
    def touch(self, key, fingerprint, now=None):
        """Return when the feed `key` last changed, given the fingerprint of its content.

        The time moves, by at least a second (HTTP dates count whole seconds), whenever the
        fingerprint differs from the last one seen, and never goes backwards: clients that
        revalidate with If-Modified-Since alone see every change, removals included.
        """
        now = (now or timezone.now()).replace(microsecond=0)
        stamp = self.filter(key=key).first()
        if stamp is None:
            try:
                with transaction.atomic():
                    return self.create(key=key, fingerprint=fingerprint, changed_at=now).changed_at
            except IntegrityError:
                # Another request created it meanwhile.
                stamp = self.get(key=key)
        if stamp.fingerprint != fingerprint:
            changed_at = max(now, stamp.changed_at + datetime.timedelta(seconds=1))
            self.filter(pk=stamp.pk).update(fingerprint=fingerprint, changed_at=changed_at)
            return changed_at
        return stamp.changed_at


class FeedStamp(models.Model):
    """The last time a calendar feed's content changed, for its Last-Modified header."""

    key = models.CharField(max_length=64, unique=True)
    fingerprint = models.CharField(max_length=64)
    changed_at = models.DateTimeField()

    objects = FeedStampQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key


class ProgrammeVersion(models.Model):
    """A token that changes with every write to the programme's tables (see quinzaine.caching).

    Part of every cache key of public pages and feeds, so no change can be served stale.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.token


def sync_removed_sessions(sessions, *, is_public):
    """Record sessions leaving the public programme as removed, or bring them back."""
    sessions = sessions.select_related("event__category", "event__venue", "venue")
    sessions = list(sessions.prefetch_related("event__themes"))
    if is_public:
        RemovedSession.objects.restore(sessions)
    else:
        RemovedSession.objects.record(sessions)


PROPOSAL_TOKEN_SALT = "events.proposal.follow"


def proposal_image_path(proposal, filename):
    """Store a proposal's image under a folder no one can guess: it is not public yet."""
    return f"proposals/{secrets.token_hex(8)}/{filename}"


class ProposalQuerySet(models.QuerySet):
    def from_token(self, token):
        """Return the proposal of a follow-up token; raise Proposal.DoesNotExist if it is bad."""
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
    image = models.ImageField(
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
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

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
        """Return the signed token of the proposer's private follow-up page."""
        return signing.Signer(salt=PROPOSAL_TOKEN_SALT).sign_object(self.pk)

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
