import datetime
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events.models.editions import Edition
from events.models.events import Event
from events.search import search_words
from quinzaine.accessibility import FIELDS
from quinzaine.dates import is_repeated
from quinzaine.querysets import AnnouncedUpdateQuerySet
from venues.models import Venue


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


class SessionQuerySet(AnnouncedUpdateQuerySet, SpanQuerySet):
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

    def places(self):
        """Return the venues these sessions take place at: their own, or their event's."""
        return Venue.objects.filter(Exists(self.at_venue(OuterRef("pk"))))

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
        for word in search_words(text):
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
        # A time the spring change skips is refused, whatever set it (a form, an import, code).
        self.starts_at, self.ends_at = checked(self.starts_at), checked(self.ends_at)
        if self.is_all_day:
            self.starts_at, self.ends_at = whole_days(
                self.first_day, max(self.first_day, self.last_day)
            )
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


# Written after a time of the hour repeated in October, the second pass (winter time):
# « 02:30 hiver ». Without it, such a time is the first pass (summer time).
SECOND_PASS = "hiver"
CLOCK = re.compile(
    r"^(\d{1,2})\s*[:hH]\s*(\d{2})?\s*(?:\(?\s*(?:heure\s+d')?(hiver|été|ete)\s*\)?)?$", re.I
)


def parse_clock(text):
    """Return the time of day organisers wrote (« 20:30 », « 20h30 », « 02:30 hiver »), or None.

    « hiver » marks the second pass of the hour repeated in October (the time's fold).
    """
    match = CLOCK.match(text.strip())
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2] or 0)
    if hours > 23 or minutes > 59:
        return None
    return datetime.time(hours, minutes, fold=int((match[3] or "").lower() == SECOND_PASS))


def clock_text(moment):
    """Return an aware datetime's local time as parse_clock reads it: « 02:30 hiver »."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M}" + (f" {SECOND_PASS}" if is_repeated(local) and local.fold else "")


def is_nonexistent(moment):
    """Tell whether an aware datetime names a wall time the March clock change skips."""
    if moment is None or timezone.is_naive(moment):
        return False
    again = moment.astimezone(datetime.UTC).astimezone(moment.tzinfo)
    return again.replace(tzinfo=None) != moment.replace(tzinfo=None)


def local_datetime(day, time):
    """Return the aware datetime of a local day and wall-clock time.

    Raise ValidationError, in French, for a time the spring clock change skips (02:00 to
    03:00 on the last Sunday of March in Paris): zoneinfo would quietly move it an hour
    on. A time of the hour repeated in October is its first pass, or its second when the
    time says so (fold=1, « 02:30 hiver »: parse_clock).
    """
    naive = datetime.datetime.combine(day, time)
    aware = timezone.make_aware(naive)
    if is_nonexistent(aware):
        raise nonexistent_time(day, time)
    return aware


def checked(moment):
    """Return an aware datetime of a session; raise ValidationError for a time that never was.

    A naive one is read in Paris time, as local_datetime reads it.
    """
    if moment is None:
        return moment
    if timezone.is_naive(moment):
        return local_datetime(moment.date(), moment.time())
    if is_nonexistent(moment):
        local = moment.replace(tzinfo=None)
        raise nonexistent_time(local.date(), local.time())
    return moment


def nonexistent_time(day, time):
    return ValidationError(
        _(
            "Le %(day)s à %(time)s n'existe pas : cette nuit-là, les horloges passent "
            "de 2 h à 3 h (heure d'été). Choisissez une autre heure."
        ),
        code="nonexistent_time",
        params={"day": formats.date_format(day, "j F Y"), "time": time.strftime("%H:%M")},
    )
